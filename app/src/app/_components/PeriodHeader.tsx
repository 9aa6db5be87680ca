"use client";
/** The current period as a local date range and how long it still runs. */
import { useI18n } from "@/i18n/context";
import { formatDuration } from "@/lib/format";
import { formatPeriod, periodRange } from "@/lib/periods";
import type { DashboardData } from "./types";

export function PeriodHeader({ data, now }: { data: DashboardData; now: bigint }) {
  const { t, lang, locale } = useI18n();
  return (
    <p className="muted" data-testid="period-header" title={periodRange(data.cal, data.period, lang)}>
      {t("states.periodNow", { period: formatPeriod(data.cal, data.period, lang) })} ·{" "}
      {data.beforeGenesis ? t("dashboard.beforeGenesis") : t("dashboard.endsIn", { time: formatDuration(data.end > now ? data.end - now : 0n, locale) })}
    </p>
  );
}
