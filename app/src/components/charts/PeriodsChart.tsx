"use client";
/**
 * Booked emissions per period at each period's start date, with the allowance claimed for it as
 * a stepped line: a bar over its allowance is red, the running period is lighter ("so far").
 */
import dynamic from "next/dynamic";
import { useMemo } from "react";
import type { AccountPeriodRow } from "@sdk/indexer-client";
import { useI18n } from "@/i18n/context";
import { periodBars, periodSlots } from "@/lib/charts/emissions";
import { kg } from "@/lib/charts/locale";
import { ChartFrame, ChartSkeleton, Legend, type ChartState } from "./ChartFrame";

const HEIGHT = 200;

// The drawing code (lightweight-charts) is its own chunk, loaded after the page and only in the browser; the loading bars hold its place.
const PeriodsCanvas = dynamic(() => import("./PeriodsCanvas").then((m) => m.PeriodsCanvas), { ssr: false, loading: () => <ChartSkeleton /> });

export function PeriodsChart({ rows, unavailable, period, start, length }: { rows: readonly AccountPeriodRow[] | undefined; unavailable: boolean; period: number; start: number; length: number }) {
  const { t, lang } = useI18n();
  const slots = useMemo(() => (rows ? periodSlots(periodBars(rows, { period, start, length }), { period, start, length }) : undefined), [rows, period, start, length]);
  const bars = slots?.flatMap((s) => (s.bar ? [s.bar] : []));
  const state: ChartState = unavailable && !bars ? "unavailable" : !bars ? "loading" : bars.length === 0 ? "empty" : "ready";
  return (
    <ChartFrame
      state={state}
      height={HEIGHT}
      testId="emissions-chart"
      label={t("dashboard.emissionsByPeriod")}
      yLabel={t("charts.axis.kg")}
      xLabel={t("charts.axis.periodStart")}
      empty={{ title: t("charts.periods.empty.title"), hint: t("charts.periods.empty.hint") }}
      legend={
        <Legend
          items={[
            { key: "under", color: "var(--accent)", label: t("charts.periods.under") },
            { key: "over", color: "var(--ask)", label: t("charts.periods.over") },
            { key: "allowance", color: "var(--fg)", mark: "line", label: t("charts.budget.allowance") },
          ]}
        />
      }
      data={{ "data-periods": bars?.map((b) => b.period).join(","), "data-kg": bars?.map((b) => b.kgText).join(",") }}
    >
      {slots && bars && bars.length > 0 && <PeriodsCanvas slots={slots} length={length} lang={lang} />}
    </ChartFrame>
  );
}
