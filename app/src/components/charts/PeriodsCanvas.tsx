"use client";
/** PeriodsChart's drawing (lightweight-charts): loaded after the page, only in the browser. */
import { useEffect, useMemo } from "react";
import { HistogramSeries, LineSeries, LineType, type HistogramData, type LineData, type Time, type WhitespaceData } from "lightweight-charts";
import { useI18n } from "@/i18n/context";
import type { Lang } from "@/i18n";
import { type PeriodBar, type PeriodSlot } from "@/lib/charts/emissions";
import { chartTimes, kg, spanLabel, toChartTime } from "@/lib/charts/locale";
import { ChartTooltip } from "./ChartTooltip";
import { alpha, createTimeChart } from "./theme";
import { showPoints, useChart, useHover } from "./useChart";
import styles from "./charts.module.css";

export function PeriodsCanvas({ slots, length, lang }: { slots: PeriodSlot[]; length: number; lang: Lang }) {
  const { t } = useI18n();
  const kgText = kg(lang);
  const { hostRef, handle } = useChart(
    (host, theme) => {
      const chart = createTimeChart(host, theme, lang, { intraday: length < 86_400, seconds: false, label: (time) => spanLabel(lang, time, time + length), timeScale: { maxBarSpacing: 56 } });
      const format = { type: "custom" as const, formatter: kgText, minMove: 0.001 };
      const emissions = chart.addSeries(HistogramSeries, { priceLineVisible: false, lastValueVisible: false, priceFormat: format });
      const allowance = chart.addSeries(LineSeries, { color: theme.fg, lineWidth: 1, lineType: LineType.WithSteps, priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false, priceFormat: format });
      const colour = (b: PeriodBar) => alpha(b.over ? theme.ask : theme.accent, b.open ? 0.45 : 0.9);
      return { chart, emissions, allowance, colour };
    },
    [lang, length],
  );

  const layout = useMemo(() => {
    const times = chartTimes(slots.map((s) => s.start));
    return { times, at: new Map(slots.map((s, i) => [times[i]!, s])) };
  }, [slots]);

  useEffect(() => {
    if (!handle) return;
    const time = (i: number) => layout.times[i]! as Time;
    handle.emissions.setData(slots.map((s, i): HistogramData<Time> | WhitespaceData<Time> => (s.bar ? { time: time(i), value: s.bar.kg, color: handle.colour(s.bar) } : { time: time(i) })));
    handle.allowance.setData(slots.map((s, i): LineData<Time> | WhitespaceData<Time> => (s.bar?.allowance === undefined ? { time: time(i) } : { time: time(i), value: s.bar.allowance })));
    showPoints(handle.chart, slots.length);
  }, [handle, slots, layout]);

  const hover = useHover(handle?.chart, hostRef, (time) => {
    const slot = layout.at.get(time as number);
    return slot && { slot };
  });
  const bar = hover?.slot.bar;

  return (
    <>
      <div ref={hostRef} className={styles.host} data-testid="emissions-chart-canvas" />
      {hover && (
        <ChartTooltip
          testId="periods-tooltip"
          at={hover.at}
          when={spanLabel(lang, toChartTime(hover.slot.start), toChartTime(hover.slot.end))}
          rows={
            bar
              ? [
                  { key: "emissions", label: bar.open ? t("charts.periods.soFar") : t("charts.periods.booked"), value: `${kgText(bar.kg)} kg` },
                  ...(bar.allowance === undefined ? [] : [{ key: "allowance", label: t("charts.budget.allowance"), value: `${kgText(bar.allowance)} kg` }]),
                ]
              : [{ key: "none", label: t("charts.periods.none"), value: "" }]
          }
        />
      )}
    </>
  );
}
