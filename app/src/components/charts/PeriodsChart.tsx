"use client";
/**
 * Booked emissions per period at each period's start date, with the allowance claimed for it as
 * a stepped line: a bar over its allowance is red, the running period is lighter ("so far").
 */
import { useEffect, useMemo, useState } from "react";
import { createChart, HistogramSeries, LineSeries, LineType, type HistogramData, type LineData, type Time, type WhitespaceData } from "lightweight-charts";
import type { AccountPeriodRow } from "@sdk/indexer-client";
import { useI18n } from "@/i18n/context";
import type { Lang } from "@/i18n";
import { periodBars, periodSlots, type PeriodBar, type PeriodSlot } from "@/lib/charts/emissions";
import { chartTimes, kg, spanLabel, toChartTime } from "@/lib/charts/locale";
import { ChartFrame, Legend, type ChartState } from "./ChartFrame";
import { ChartTooltip, type TooltipAt } from "./ChartTooltip";
import { alpha, baseOptions, timeAxis } from "./theme";
import { showPoints, useChart, useCrosshair } from "./useChart";
import styles from "./charts.module.css";

const HEIGHT = 200;

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

function PeriodsCanvas({ slots, length, lang }: { slots: PeriodSlot[]; length: number; lang: Lang }) {
  const { t } = useI18n();
  const kgText = kg(lang);
  const { hostRef, handle } = useChart(
    (host, theme) => {
      const base = baseOptions(theme, lang, false);
      const chart = createChart(host, {
        ...base,
        timeScale: { ...timeAxis(theme, lang, { intraday: length < 86_400, seconds: false }), maxBarSpacing: 56 },
        localization: { ...base.localization, timeFormatter: (time: Time) => spanLabel(lang, time as number, (time as number) + length) },
      });
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

  const [hover, setHover] = useState<{ at: TooltipAt; slot: PeriodSlot } | undefined>();
  useCrosshair(handle?.chart, (e) => {
    const slot = e.time === undefined ? undefined : layout.at.get(e.time as number);
    if (!e.point || !slot || !hostRef.current) return setHover(undefined);
    setHover({ at: { x: e.point.x, width: hostRef.current.clientWidth }, slot });
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
