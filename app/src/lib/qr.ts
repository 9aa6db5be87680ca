/**
 * A QR code as an SVG path (the qrcode package computes the modules; the app draws them), so a
 * binding document pasted on a computer can be carried to a phone with its camera.
 */
import QRCode from "qrcode";

export interface QrPath {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** One "M x y h1 v1 h-1 z" square per dark module, offset by the 4-module quiet zone. */
  d: string;
}

export const QUIET_ZONE = 4;

export function qrPath(text: string): QrPath {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const { size, data } = qr.modules;
  const parts: string[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) if (data[y * size + x]) parts.push(`M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`);
  }
  return { size, d: parts.join("") };
}

/** The binding document as compact JSON (a smaller code), or undefined if the text is not JSON. */
export function compactJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return undefined;
  }
}
