/** Display formatting shared by every page. Pure functions, no locale state. */

/** Formats an integer amount with `decimals` decimals, keeping at most `digits` fraction digits (truncated). */
export function formatAmount(value: bigint, decimals: number, digits = 4): string {
  const neg = value < 0n;
  const abs = neg ? -value : value;
  const scale = 10n ** BigInt(decimals);
  const whole = abs / scale;
  const frac = decimals === 0 ? "" : (abs % scale).toString().padStart(decimals, "0").slice(0, digits).replace(/0+$/, "");
  const wholeStr = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}${wholeStr}${frac ? "." + frac : ""}`;
}

/** PCC wei (18 decimals, 1 PCC = 1 kg CO2e) as kg. */
export function formatKg(wei: bigint, digits = 3): string {
  return formatAmount(wei, 18, digits);
}

/**
 * Parses a user-typed non-negative decimal into an integer with `decimals` decimals.
 * Returns undefined for anything that is not a plain decimal or has too many fraction digits.
 */
export function parseAmount(text: string, decimals: number): bigint | undefined {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text.trim().replace(/,/g, ""));
  if (!m) return undefined;
  const frac = m[2] ?? "";
  if (frac.length > decimals) return undefined;
  return BigInt(m[1]! + frac.padEnd(decimals, "0"));
}

/** 0x1234…abcd */
export function shortAddress(address: string | undefined): string {
  if (!address) return "";
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** Unix seconds as "YYYY-MM-DD HH:MM:SS" in UTC (stable between server and browser). */
export function formatTimestamp(seconds: bigint | number): string {
  const d = new Date(Number(seconds) * 1000);
  return d.toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

/** A duration in seconds as "1h 02m 03s" / "2m 03s" / "5s". */
export function formatDuration(seconds: bigint | number): string {
  let s = Math.max(0, Math.floor(Number(seconds)));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const pad = (n: number) => n.toString().padStart(2, "0");
  if (d > 0) return `${d}d ${pad(h)}h ${pad(m)}m`;
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

/** Basis points as a percentage string: 5000 → "50%", 25 → "0.25%". */
export function formatBps(bps: number | bigint): string {
  const n = Number(bps);
  return `${(n / 100).toFixed(2).replace(/\.?0+$/, "")}%`;
}
