"use client";
/** The last settled period: what was booked, what of it was estimated, and why a reduction earned nothing. */
import { useI18n } from "@/i18n/context";
import type { MessageKey } from "@/i18n";
import { kgNumber } from "@/lib/amounts";
import { formatPeriod } from "@/lib/periods";
import type { DashboardData } from "./types";

export function LastSettled({ data }: { data: DashboardData }) {
  const { t, lang } = useI18n();
  const last = data.lastSettled;
  if (!last) return null;
  const period = formatPeriod(data.cal, last.period, lang);
  return (
    <div className="card" data-testid="last-settled">
      <p>{t("states.settledEmissions", { period, kg: kgNumber(last.emissions, lang) })}</p>
      {last.estimated > 0n && <p className="muted" data-testid="gap-explain">{t("states.gapExplain", { period, kg: kgNumber(last.estimated, lang) })}</p>}
      {last.withheld !== undefined && last.withheld > 0 && (
        <p data-testid="reward-withheld" data-reason={last.withheld}>
          {t("states.rewardWithheld", { period, reason: t(`dashboard.withheld.${last.withheld}` as MessageKey) })}
        </p>
      )}
    </div>
  );
}
