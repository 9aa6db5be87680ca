"use client";
/** Nothing here yet: what will appear, and the first step towards it. */
import type { ReactNode } from "react";
import { StateCard } from "./StateCard";

export function EmptyState({ title, children, actions, testId }: { title: string; children?: ReactNode; actions?: ReactNode; testId?: string }) {
  return (
    <StateCard kind="empty" title={title} actions={actions} testId={testId ?? "state-empty"}>
      {children}
    </StateCard>
  );
}
