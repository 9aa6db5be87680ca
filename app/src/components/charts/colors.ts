/** The charts' colours that pages use outside a chart too (legends): no drawing code here, so a frame can import them without the library. */

/** A #rrggbb colour with an alpha. */
export function alpha(hex: string, a: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return hex;
  const n = parseInt(m[1]!, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}

/** One colour per device kind (Registry kinds 0–6), and one for a device of unknown kind. */
const KIND_COLORS = ["#2f6fde", "#e0803a", "#8e5bd6", "#b8434f", "#1aa3b8", "#d4a21f", "#5d6b7a"];
export function kindColor(kind: number | null): string {
  return kind === null ? "#9aa5b1" : (KIND_COLORS[kind] ?? "#9aa5b1");
}
