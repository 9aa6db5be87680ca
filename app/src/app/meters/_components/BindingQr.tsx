"use client";
/**
 * The pasted binding document as a QR code (SVG), once it reads as a binding document: scanned
 * with a phone's camera it carries the exact text to the Meters page on the phone. It holds no
 * secret — the meter's key never leaves its key file.
 */
import { useMemo } from "react";
import { parseBindingDocument } from "@sdk/binding-document";
import { useI18n } from "@/i18n/context";
import { compactJson, qrPath, QUIET_ZONE } from "@/lib/qr";

export function BindingQr({ text }: { text: string }) {
  const { t } = useI18n();
  const qr = useMemo(() => {
    const compact = compactJson(text);
    if (!compact || !parseBindingDocument(compact).ok) return undefined;
    try {
      return qrPath(compact);
    } catch {
      return undefined; // longer than a QR code can hold
    }
  }, [text]);
  if (!qr) return null;
  const side = qr.size + 2 * QUIET_ZONE;
  return (
    <figure className="binding-qr" data-testid="binding-qr" data-modules={qr.size}>
      <svg viewBox={`0 0 ${side} ${side}`} width={224} height={224} role="img" aria-label={t("meters.qrLabel")} shapeRendering="crispEdges">
        <rect width={side} height={side} fill="#fff" />
        <path d={qr.d} fill="#000" />
      </svg>
      <figcaption className="muted">{t("meters.qrHint")}</figcaption>
    </figure>
  );
}
