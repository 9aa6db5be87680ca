"use client";
/**
 * This period's booked emissions per bucket (a day of a 30-day period), stacked by source: one
 * colour per device kind, the largest source at the bottom. The legend totals each source and
 * its share; the tooltip breaks a bucket down.
 */
import { useEffect, useMemo, useState } from "react";
import { createChart, HistogramSeries, type HistogramData, type ISeriesApi, type Time, type WhitespaceData } from "lightweight-charts";
import type { EmissionBucketRow } from "@sdk/indexer-client";
import { useI18n } from "@/i18n/context";
import type { Lang, MessageKey } from "@/i18n";
import { stackByKind, type StackedView } from "@/lib/charts/emissions";
import { chartTimes, durationLabel, kg, percent, spanLabel } from "@/lib/charts/locale";
import { kgNumber } from "@/lib/charts/units";
import { ChartFrame, Legend, type ChartState } from "./ChartFrame";
import { ChartTooltip, type TooltipAt } from "./ChartTooltip";
import { baseOptions, kindColor, timeAxis } from "./theme";
import { showPoints, useChart, useCrosshair } from "./useChart";
import styles from "./charts.module.css";

const HEIGHT = 200;

export function SourceChart({ rows, unavailable, start, end, step }: { rows: readonly EmissionBucketRow[] | undefined; unavailable: boolean; start: number; end: number; step: number }) {
  const { t, lang } = useI18n();
  const view = useMemo(() => (rows ? stackByKind(rows, { start, end, step }) : undefined), [rows, start, end, step]);
  const state: ChartState = unavailable && !view ? "unavailable" : !view ? "loading" : view.bars.length === 0 ? "empty" : "ready";
  const kgText = kg(lang);
  const name = (kind: number | null) => (kind === null ? t("charts.source.other") : t(`kind.${kind}` as MessageKey));
  return (
    <ChartFrame
      state={state}
      height={HEIGHT}
      testId="source-chart"
      label={t("dashboard.bySource")}
      yLabel={t("charts.axis.kgPer", { step: durationLabel(lang, step) })}
      xLabel={t("charts.axis.time")}
      empty={{ title: t("charts.budget.empty.title"), hint: t("charts.source.empty.hint") }}
      legend={
        view && (
          <Legend
            items={view.totals.map((x) => ({ key: String(x.kind), color: kindColor(x.kind), label: name(x.kind), value: `${kgText(kgNumber(x.wei))} kg · ${percent(lang, x.share)}` }))}
          />
        )
      }
      data={{ "data-kinds": view?.kinds.join(","), "data-bars": view?.bars.length }}
    >
      {view && state === "ready" && <StackCanvas view={view} step={step} lang={lang} name={name} />}
    </ChartFrame>
  );
}

function StackCanvas({ view, step, lang, name }: { view: StackedView; step: number; lang: Lang; name: (kind: number | null) => string }) {
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
