"use client";
/** A past moment as "3 min ago", with the local date-time on hover. */
import { useChainClock } from "@/hooks/useClock";
import { useI18n } from "@/i18n/context";
import { dateTime, relativeTime } from "@/lib/time";

export function When({ at }: { at: bigint | undefined }) {
  const { lang } = useI18n();
  const now = useChainClock();
  if (at === undefined) return <span className="muted">…</span>;
  return (
    <time dateTime={new Date(Number(at) * 1000).toISOString()} title={dateTime(at, lang)}>
      {relativeTime(at, now, lang)}
    </time>
  );
}
