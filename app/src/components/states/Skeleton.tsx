"use client";
/**
 * Placeholders while a page's first answer loads: grey shapes where the content will be, so the
 * page does not jump or flip between "Loading…" and its content. Later refreshes keep the content.
 */
import { useI18n } from "@/i18n/context";

export function Skeleton({ lines = 3, testId = "skeleton" }: { lines?: number; testId?: string }) {
  const { t } = useI18n();
  return (
    <div className="card skeleton" data-testid={testId} aria-busy="true" aria-label={t("states.loading")}>
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton-line" style={{ width: `${92 - ((i * 17) % 40)}%` }} />
      ))}
    </div>
  );
}

/** A row of stat-card placeholders, the dashboard's shape. */
export function SkeletonStats({ count = 4 }: { count?: number }) {
  const { t } = useI18n();
  return (
    <div className="grid" data-testid="skeleton" aria-busy="true" aria-label={t("states.loading")}>
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="card stat skeleton">
          <div className="skeleton-line" style={{ width: "45%" }} />
          <div className="skeleton-line skeleton-big" style={{ width: "70%" }} />
        </div>
      ))}
    </div>
  );
}
