"use client";
/** The frame of every designed page state: a title, what it means, and what to do next. */
import type { ReactNode } from "react";

export type StateKind = "no-wallet" | "not-enrolled" | "empty" | "error" | "info";

export function StateCard({ kind, title, children, actions, testId }: { kind: StateKind; title: string; children?: ReactNode; actions?: ReactNode; testId?: string }) {
  return (
    <section className={`card state-card state-${kind}`} data-testid={testId ?? `state-${kind}`} data-state={kind} role={kind === "error" ? "alert" : "status"}>
      <h3 className="state-title">{title}</h3>
      {children && <div className="state-body">{children}</div>}
      {actions && <div className="state-actions">{actions}</div>}
    </section>
  );
}
