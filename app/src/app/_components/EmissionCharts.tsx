"use client";
/**
 * The dashboard's chart cards: this period against the allowance (cumulative, with baseline and
 * projection), this period by source (stacked per bucket), and emissions per period with dates.
 * History from the indexer (hooks/useEmissionSeries.ts); the period, allowance, baseline and
 * projection from the dashboard's chain reads.
 */
import { BudgetChart } from "@/components/charts/BudgetChart";
import { PeriodsChart } from "@/components/charts/PeriodsChart";
import { SourceChart } from "@/components/charts/SourceChart";
import { HistoryUnavailable } from "@/components/IndexerStatus";
import { useEmissionSeries } from "@/hooks/useEmissionSeries";
import { usePcx } from "@/hooks/usePcx";
import { useI18n } from "@/i18n/context";
import { chooseStep } from "@/lib/charts/emissions";

export interface EmissionChartsProps {
  period: number;
  start: bigint;
  end: bigint;
  now: bigint;
  allowance: bigint;
  baseline: bigint;
  projection: bigint;
}

export function EmissionCharts(p: EmissionChartsProps) {
  const { t } = useI18n();
  const { account } = usePcx();
  const start = Number(p.start), end = Number(p.end), length = end - start;
  const step = chooseStep(length);
  const history = useEmissionSeries(account, p.period, step);
  const unavailable = Boolean(history.error) || history.down;
  return (
    <>
      <div className="card">
        <h3>{t("charts.budget.title")}</h3>
        <HistoryUnavailable error={history.error} />
        <BudgetChart
          rows={history.data?.buckets}
          unavailable={unavailable}
          start={start}
          end={end}
          now={Number(p.now)}
          step={step}
          allowanceWei={p.allowance}
          baselineWei={p.baseline}
          projectionWei={p.projection}
        />
      </div>
      <div className="grid">
        <div className="card">
          <h3>{t("dashboard.bySource")}</h3>
          <SourceChart rows={history.data?.buckets} unavailable={unavailable} start={start} end={end} step={step} />
        </div>
        <div className="card">
          <h3>{t("dashboard.emissionsByPeriod")}</h3>
          <PeriodsChart rows={history.data?.periods} unavailable={unavailable} period={p.period} start={start} length={length} />
        </div>
      </div>
    </>
  );
}
