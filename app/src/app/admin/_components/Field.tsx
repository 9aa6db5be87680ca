"use client";
/** A labelled admin input: the label (never a placeholder), the field, and a hint or the current value under it. */
import type { ReactNode } from "react";

export function Field({ label, hint, children }: { label: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {hint && <small className="field-hint muted">{hint}</small>}
    </label>
  );
}

export function Section({ title, now, children, testId }: { title: string; now?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div className="card admin-section" data-testid={testId}>
      <h3>{title}</h3>
      {now && <div className="admin-now" data-testid={testId ? `${testId}-now` : undefined}>{now}</div>}
      {children}
    </div>
  );
}

/** A whole number ≤ max, or undefined. */
export function uint(text: string, max: bigint): bigint | undefined {
  if (!/^\d+$/.test(text.trim())) return undefined;
  const v = BigInt(text.trim());
  return v <= max ? v : undefined;
}
