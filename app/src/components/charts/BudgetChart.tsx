"use client";
/**
 * This period's booked emissions as they add up, against the period's allowance and the
 * account's baseline (horizontal lines), with the projection to the period's end at the current
 * pace (dashed). The time axis spans the whole period; the price scale always reaches the
 * allowance, so the line's distance to it is the budget left.
 */
import dynamic from "next/dynamic";
import { useMemo } from "react";
import { formatUnits } from "viem";
import type { EmissionBucketRow } from "@sdk/indexer-client";
import { useI18n } from "@/i18n/context";
import { cumulativeEmissions } from "@/lib/charts/emissions";
import { kg, percent } from "@/lib/charts/locale";
import { kgNumber } from "@/lib/charts/units";
import { ChartFrame, ChartSkeleton, Legend, type ChartState } from "./ChartFrame";

const HEIGHT = 220;

// The drawing code (lightweight-charts) is its own chunk, loaded after the page and only in the browser; the loading bars hold its place.
const BudgetCanvas = dynamic(() => import("./BudgetCanvas").then((m) => m.BudgetCanvas), { ssr: false, loading: () => <ChartSkeleton /> });

export interface BudgetProps {
  rows: readonly EmissionBucketRow[] | undefined;
  unavailable: boolean;
  start: number;
  end: number;
  now: number;
  step: number;
  allowanceWei: bigint;
  baselineWei: bigint;
  projectionWei: bigint;
}

export function BudgetChart(p: BudgetProps) {
  const { t, lang } = useI18n();
  const view = useMemo(
    () => (p.rows ? cumulativeEmissions(p.rows, { start: p.start, end: p.end, now: p.now, step: p.step, projectionWei: p.projectionWei }) : undefined),
    [p.rows, p.start, p.end, p.now, p.step, p.projectionWei],
  );
  const state: ChartState = p.unavailable && !view ? "unavailable" : !view ? "loading" : view.totalWei === 0n ? "empty" : "ready";
  const kgText = kg(lang);
  const allowance = kgNumber(p.allowanceWei);
  const used = view ? kgNumber(view.totalWei) : 0;
  const over = view !== undefined && view.totalWei > p.allowanceWei;
  return (
    <ChartFrame
      state={state}
      height={HEIGHT}
      testId="budget-chart"
      label={t("charts.budget.title")}
      yLabel={t("charts.axis.kg")}
      xLabel={t("charts.axis.time")}
      empty={{ title: t("charts.budget.empty.title"), hint: t("charts.budget.empty.hint", { allowance: kgText(allowance) }) }}
      summary={
        view && (
          <span>
            <strong>{kgText(used)} kg</strong> {t("charts.budget.ofAllowance", { allowance: kgText(allowance) })}
            {p.allowanceWei > 0n && <span className={over ? "error" : "muted"}> · {over ? t("charts.budget.overBy", { kg: kgText(used - allowance) }) : t("charts.budget.share", { share: percent(lang, used / allowance) })}</span>}
          </span>
        )
      }
      legend={
        <Legend
          items={[
            { key: "booked", color: over ? "var(--ask)" : "var(--accent)", mark: "line", label: t("charts.budget.booked") },
            { key: "projection", color: "var(--muted)", mark: "dashed", label: t("charts.budget.projection"), value: `${kgText(kgNumber(p.projectionWei))} kg` },
            { key: "allowance", color: "var(--fg)", mark: "line", label: t("charts.budget.allowance"), value: `${kgText(allowance)} kg` },
            ...(p.baselineWei > 0n ? [{ key: "baseline", color: "#d4a21f", mark: "dashed" as const, label: t("charts.budget.baseline"), value: `${kgText(kgNumber(p.baselineWei))} kg` }] : []),
          ]}
        />
      }
      data={{ "data-total-kg": view ? formatUnits(view.totalWei, 18) : undefined, "data-allowance-kg": formatUnits(p.allowanceWei, 18) }}
    >
      {view && state === "ready" && <BudgetCanvas view={view} allowance={allowance} baseline={kgNumber(p.baselineWei)} step={p.step} over={over} lang={lang} />}
    </ChartFrame>
  );
}
