"use client";
/** BudgetChart's drawing (lightweight-charts): loaded after the page, only in the browser. */
import { useEffect, useMemo } from "react";
import { AreaSeries, LineSeries, LineStyle, type AreaData, type LineData, type Time, type WhitespaceData } from "lightweight-charts";
import { useI18n } from "@/i18n/context";
import type { Lang } from "@/i18n";
import { type CumulativeView } from "@/lib/charts/emissions";
import { chartTimes, kg, timeLabel } from "@/lib/charts/locale";
import { ChartTooltip } from "./ChartTooltip";
import { alpha, createTimeChart } from "./theme";
import { showPoints, useChart, useHover } from "./useChart";
import styles from "./charts.module.css";

export function BudgetCanvas({ view, allowance, baseline, step, over, lang }: { view: CumulativeView; allowance: number; baseline: number; step: number; over: boolean; lang: Lang }) {
  const { t } = useI18n();
  const kgText = kg(lang);
  const { hostRef, handle } = useChart(
    (host, theme) => {
      const chart = createTimeChart(host, theme, lang, { intraday: step < 86_400, seconds: step < 60, label: (time) => timeLabel(lang, time, step < 60) });
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

  const hover = useHover(handle?.chart, hostRef, (time) => {
    const p = layout.at.get(time as number);
    return p && { time: time as number, kg: p.kg };
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
