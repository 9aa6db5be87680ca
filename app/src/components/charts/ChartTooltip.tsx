"use client";
/**
 * The crosshair's tooltip: follows the pointer horizontally near the top of the chart, on the
 * side with more room, so it never leaves the card (a 390 px phone included).
 */
import type { ReactNode } from "react";
import styles from "./charts.module.css";

export interface TooltipAt {
  x: number;
  width: number;
}

export function ChartTooltip({ at, when, rows, testId }: { at: TooltipAt; when: string; rows: { key: string; label: string; value: string; color?: string }[]; testId: string }) {
  const left = at.x < at.width / 2;
  const style = left ? { left: Math.min(at.x + 14, Math.max(8, at.width - 248)), top: 8 } : { right: Math.min(at.width - at.x + 14, Math.max(8, at.width - 248)), top: 8 };
  return (
    <div className={styles.tooltip} style={style} role="tooltip" data-testid={testId}>
      <div className={styles.when}>{when}</div>
      <dl>
        {rows.map((r) => (
          <Row key={r.key} label={r.label} color={r.color} testKey={r.key}>
            {r.value}
          </Row>
        ))}
      </dl>
    </div>
  );
}

function Row({ label, color, testKey, children }: { label: string; color?: string; testKey: string; children: ReactNode }) {
  return (
    <>
      <dt>
        {color && <span className={styles.swatch} style={{ background: color }} />}
        {label}
      </dt>
      <dd data-key={testKey}>{children}</dd>
    </>
  );
}
