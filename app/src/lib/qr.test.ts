import { describe, expect, it } from "vitest";
import QRCode from "qrcode";
import { compactJson, qrPath, QUIET_ZONE } from "./qr";

describe("qrPath", () => {
  it("draws one square per dark module of the code the qrcode package computes", () => {
    const text = compactJson('{ "type": "pcx-device-binding/1", "chainId": 31337 }')!;
    expect(text).toBe('{"type":"pcx-device-binding/1","chainId":31337}');
    const { size, d } = qrPath(text);
    const modules = QRCode.create(text, { errorCorrectionLevel: "M" }).modules;
    expect(size).toBe(modules.size);
    const dark = Array.from(modules.data).filter(Boolean).length;
    expect(d.match(/M/g)).toHaveLength(dark);
    // The top-left finder pattern's corner, offset by the quiet zone.
    expect(d.startsWith(`M${QUIET_ZONE} ${QUIET_ZONE}h1v1h-1z`)).toBe(true);
  });
  it("holds a full binding document (about 1.2 kB)", () => {
    const doc = JSON.stringify({ type: "pcx-device-binding/1", blob: "ab".repeat(600) });
    expect(qrPath(doc).size).toBeGreaterThan(60);
  });
  it("refuses text that is not JSON", () => {
    expect(compactJson("0xabc")).toBeUndefined();
  });
});
