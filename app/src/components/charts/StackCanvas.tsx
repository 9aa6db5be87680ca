"use client";
/** SourceChart's drawing (lightweight-charts): loaded after the page, only in the browser. */
import { useEffect, useMemo } from "react";
import { HistogramSeries, type HistogramData, type ISeriesApi, type Time, type WhitespaceData } from "lightweight-charts";
import { useI18n } from "@/i18n/context";
import type { Lang } from "@/i18n";
import { type StackedView } from "@/lib/charts/emissions";
import { chartTimes, kg, spanLabel } from "@/lib/charts/locale";
import { ChartTooltip } from "./ChartTooltip";
import { createTimeChart, kindColor } from "./theme";
import { showPoints, useChart, useHover } from "./useChart";
import styles from "./charts.module.css";

export function StackCanvas({ view, step, lang, name }: { view: StackedView; step: number; lang: Lang; name: (kind: number | null) => string }) {
  const { t } = useI18n();
  const kgText = kg(lang);
  const kindsKey = view.kinds.join(",");
  const { hostRef, handle } = useChart(
    (host, theme) => {
      const chart = createTimeChart(host, theme, lang, { intraday: step < 86_400, seconds: step < 60, label: (time) => spanLabel(lang, time, time + step) });
      // The tallest stack first, so each smaller sum paints over it: segment j shows kind j.
      const series: ISeriesApi<"Histogram", Time>[] = [];
      for (let j = view.kinds.length - 1; j >= 0; j--) {
        series[j] = chart.addSeries(HistogramSeries, {
          color: kindColor(view.kinds[j]!),
          priceLineVisible: false,
          lastValueVisible: false,
          priceFormat: { type: "custom", formatter: kgText, minMove: 0.001 },
        });
      }
      return { chart, series };
    },
    [lang, step, kindsKey],
  );

  const layout = useMemo(() => {
    const times = chartTimes(view.grid);
    const barAt = new Map(view.bars.map((b) => [b.time, b]));
    const at = new Map(view.grid.map((g, i) => [times[i]!, { start: g, bar: barAt.get(g) }]));
    return { times, barAt, at };
  }, [view]);

  useEffect(() => {
    if (!handle) return;
    handle.series.forEach((s, j) =>
      s.setData(
        view.grid.map((g, i): HistogramData<Time> | WhitespaceData<Time> => {
          const bar = layout.barAt.get(g);
          const time = layout.times[i]! as Time;
          return bar && bar.values[j]! > 0 ? { time, value: bar.stacks[j]! } : { time };
        }),
      ),
    );
    showPoints(handle.chart, view.grid.length);
  }, [handle, view, layout]);

  const hover = useHover(handle?.chart, hostRef, (time) => {
    const p = layout.at.get(time as number);
    return p?.bar ? { time: time as number, start: p.start } : undefined;
  });
  const bar = hover && layout.barAt.get(hover.start);

  return (
    <>
      <div ref={hostRef} className={styles.host} data-testid="source-chart-canvas" />
      {hover && bar && (
        <ChartTooltip
          testId="source-tooltip"
          at={hover.at}
          when={spanLabel(lang, hover.time, hover.time + step)}
          rows={[
            ...view.kinds.flatMap((k, j) => (bar.values[j]! > 0 ? [{ key: String(k), label: name(k), value: `${kgText(bar.values[j]!)} kg`, color: kindColor(k) }] : [])),
            { key: "total", label: t("charts.source.total"), value: `${kgText(bar.totalKg)} kg` },
          ]}
        />
      )}
    </>
  );
}
