"use client";
/** SourceChart's drawing (lightweight-charts): loaded after the page, only in the browser. */
import { useEffect, useMemo, useState } from "react";
import { createChart, HistogramSeries, type HistogramData, type ISeriesApi, type Time, type WhitespaceData } from "lightweight-charts";
import { useI18n } from "@/i18n/context";
import type { Lang } from "@/i18n";
import { type StackedView } from "@/lib/charts/emissions";
import { chartTimes, kg, spanLabel } from "@/lib/charts/locale";
import { ChartTooltip, type TooltipAt } from "./ChartTooltip";
import { baseOptions, kindColor, timeAxis } from "./theme";
import { showPoints, useChart, useCrosshair } from "./useChart";
import styles from "./charts.module.css";

export function StackCanvas({ view, step, lang, name }: { view: StackedView; step: number; lang: Lang; name: (kind: number | null) => string }) {
  const { t } = useI18n();
  const kgText = kg(lang);
  const kindsKey = view.kinds.join(",");
  const { hostRef, handle } = useChart(
    (host, theme) => {
      const base = baseOptions(theme, lang, false);
      const chart = createChart(host, {
        ...base,
        timeScale: { ...timeAxis(theme, lang, { intraday: step < 86_400, seconds: step < 60 }) },
        localization: { ...base.localization, timeFormatter: (time: Time) => spanLabel(lang, time as number, (time as number) + step) },
      });
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

  const [hover, setHover] = useState<{ at: TooltipAt; time: number; start: number } | undefined>();
  useCrosshair(handle?.chart, (e) => {
    const p = e.time === undefined ? undefined : layout.at.get(e.time as number);
    if (!e.point || !p?.bar || !hostRef.current) return setHover(undefined);
    setHover({ at: { x: e.point.x, width: hostRef.current.clientWidth }, time: e.time as number, start: p.start });
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
