"use client";
/** One figure of the dashboard: its label, the value, and an optional line under it. */
import type { ReactNode } from "react";

export function Stat({ label, value, hint, testId, source }: { label: string; value: string; hint?: ReactNode; testId?: string; source?: string }) {
  return (
    <div className="card stat">
      <div className="label">{label}</div>
      <div className="value" data-testid={testId} data-source={source}>
        {value}
      </div>
      {hint && <div className="hint muted">{hint}</div>}
    </div>
  );
}
