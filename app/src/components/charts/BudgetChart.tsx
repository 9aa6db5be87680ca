"use client";
/**
 * This period's booked emissions as they add up, against the period's allowance and the
 * account's baseline (horizontal lines), with the projection to the period's end at the current
 * pace (dashed). The time axis spans the whole period; the price scale always reaches the
 * allowance, so the line's distance to it is the budget left.
 */
import { useEffect, useMemo, useState } from "react";
import { formatUnits } from "viem";
import { AreaSeries, createChart, LineSeries, LineStyle, type AreaData, type LineData, type Time, type WhitespaceData } from "lightweight-charts";
import type { EmissionBucketRow } from "@sdk/indexer-client";
import { useI18n } from "@/i18n/context";
import type { Lang } from "@/i18n";
import { cumulativeEmissions, type CumulativeView } from "@/lib/charts/emissions";
import { chartTimes, kg, percent, timeLabel } from "@/lib/charts/locale";
import { kgNumber } from "@/lib/charts/units";
import { ChartFrame, Legend, type ChartState } from "./ChartFrame";
import { ChartTooltip, type TooltipAt } from "./ChartTooltip";
import { alpha, baseOptions, timeAxis } from "./theme";
import { showPoints, useChart, useCrosshair } from "./useChart";
import styles from "./charts.module.css";

const HEIGHT = 220;

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

function BudgetCanvas({ view, allowance, baseline, step, over, lang }: { view: CumulativeView; allowance: number; baseline: number; step: number; over: boolean; lang: Lang }) {
  const { t } = useI18n();
  const kgText = kg(lang);
  const { hostRef, handle } = useChart(
    (host, theme) => {
      const base = baseOptions(theme, lang, false);
      const chart = createChart(host, {
        ...base,
        timeScale: { ...timeAxis(theme, lang, { intraday: step < 86_400, seconds: step < 60 }) },
        localization: { ...base.localization, timeFormatter: (time: Time) => timeLabel(lang, time as number, step < 60) },
      });
      const reach = (extra: number[]) => (original: () => { priceRange: { minValue: number; maxValue: number } | null } | null) => {
        const r = original();
        return { priceRange: { minValue: 0, maxValue: Math.max(r?.priceRange?.maxValue ?? 0, ...extra) * 1.05 || 1 } };
      };
      const line = over ? theme.ask : theme.accent;
      const booked = chart.addSeries(AreaSeries, {
        lineColor: line,
        topColor: alpha(line, 0.28),
        bottomColor: alpha(line, 0.03),
        lineWidth: 2,
        priceLineVisible: false,
        priceFormat: { type: "custom", formatter: kgText, minMove: 0.001 },
        autoscaleInfoProvider: reach([allowance, baseline]),
      });
      booked.createPriceLine({ price: allowance, color: theme.fg, lineWidth: 1, lineStyle: LineStyle.Solid, axisLabelVisible: true, title: t("charts.budget.allowance") });
      if (baseline > 0) booked.createPriceLine({ price: baseline, color: "#d4a21f", lineWidth: 1, lineStyle: LineStyle.Dashed, axisLabelVisible: true, title: t("charts.budget.baseline") });
      const projection = chart.addSeries(LineSeries, {
        color: theme.muted,
        lineWidth: 2,
        lineStyle: LineStyle.Dashed,
        priceLineVisible: false,
        lastValueVisible: false,
        crosshairMarkerVisible: false,
        priceFormat: { type: "custom", formatter: kgText, minMove: 0.001 },
        autoscaleInfoProvider: reach([allowance, baseline]),
      });
      return { chart, booked, projection };
    },
    [lang, step, allowance, baseline, over],
  );

  const layout = useMemo(() => {
    const times = chartTimes(view.grid);
    const valueAt = new Map(view.points.map((p) => [p.time, p.kg]));
    const at = new Map<number, { time: number; kg?: number }>();
    view.grid.forEach((g, i) => at.set(times[i]!, { time: g, kg: valueAt.get(g) }));
    return { times, valueAt, at, chartOf: new Map(view.grid.map((g, i) => [g, times[i]!])) };
  }, [view]);

  useEffect(() => {
    if (!handle) return;
    const booked = view.grid.map((g, i): AreaData<Time> | WhitespaceData<Time> => {
      const v = layout.valueAt.get(g);
      return v === undefined ? { time: layout.times[i]! as Time } : { time: layout.times[i]! as Time, value: v };
    });
    handle.booked.setData(booked);
    const pr = view.projection;
    const projection: LineData<Time>[] = pr ? [{ time: layout.chartOf.get(pr.from.time)! as Time, value: pr.from.kg }, { time: layout.chartOf.get(pr.to.time)! as Time, value: pr.to.kg }] : [];
    handle.projection.setData(projection);
    showPoints(handle.chart, view.grid.length);
  }, [handle, view, layout]);

  const [hover, setHover] = useState<{ at: TooltipAt; time: number; kg?: number } | undefined>();
  useCrosshair(handle?.chart, (e) => {
    const p = e.time === undefined ? undefined : layout.at.get(e.time as number);
    if (!e.point || !p || !hostRef.current) return setHover(undefined);
    setHover({ at: { x: e.point.x, width: hostRef.current.clientWidth }, time: e.time as number, kg: p.kg });
  });

  return (
    <>
      <div ref={hostRef} className={styles.host} data-testid="budget-chart-canvas" />
      {hover && (
        <ChartTooltip
          testId="budget-tooltip"
          at={hover.at}
          when={timeLabel(lang, hover.time, step < 60)}
          rows={
            hover.kg === undefined
              ? [{ key: "future", label: t("charts.budget.notYet"), value: "" }]
              : [
                  { key: "booked", label: t("charts.budget.bookedBy"), value: `${kgText(hover.kg)} kg` },
                  hover.kg <= allowance
                    ? { key: "left", label: t("charts.budget.left"), value: `${kgText(allowance - hover.kg)} kg` }
                    : { key: "over", label: t("charts.budget.over"), value: `${kgText(hover.kg - allowance)} kg` },
                ]
          }
        />
      )}
    </>
  );
}
