"use client";
/** PriceChart's drawing (lightweight-charts): loaded after the page, only in the browser. */
import { useEffect, useMemo } from "react";
import { CandlestickSeries, HistogramSeries, type CandlestickData, type HistogramData, type Time, type WhitespaceData } from "lightweight-charts";
import { useI18n } from "@/i18n/context";
import type { Lang } from "@/i18n";
import { timeGrid, type PriceCandle } from "@/lib/charts/candles";
import { chartTimes, compact, fixed, kg, numberFormat, spanLabel } from "@/lib/charts/locale";
import type { BookUnits } from "@/lib/price";
import { priceDecimals, priceNumber } from "@/lib/charts/units";
import { ChartTooltip } from "./ChartTooltip";
import { alpha, createTimeChart } from "./theme";
import { showPoints, useAfterLayout, useChart, useHover } from "./useChart";
import styles from "./charts.module.css";

/** Buckets on screen at most; older ones are a drag away. */
const VISIBLE = 120;

export function CandleCanvas({ candles, units, symbol, seconds, lang }: { candles: PriceCandle[]; units: BookUnits; symbol: string; seconds: number; lang: Lang }) {
  const { t } = useI18n();
  const decimals = priceDecimals(units);
  const minMove = priceNumber(1n, units);
  const price = fixed(lang, decimals);
  const kgText = kg(lang);
  const { hostRef, handle } = useChart(
    (host, theme) => {
      const chart = createTimeChart(host, theme, lang, {
        interactive: true,
        intraday: seconds < 86_400,
        seconds: false,
        label: (time) => spanLabel(lang, time, time + seconds),
        timeScale: { maxBarSpacing: 48, rightOffset: 0 },
      });
      const ohlc = chart.addSeries(CandlestickSeries, {
        upColor: theme.bid,
        downColor: theme.ask,
        wickUpColor: theme.bid,
        wickDownColor: theme.ask,
        borderVisible: false,
        priceFormat: { type: "custom", formatter: price, minMove },
      });
      ohlc.priceScale().applyOptions({ scaleMargins: { top: 0.12, bottom: 0.3 } });
      const volume = chart.addSeries(HistogramSeries, { priceScaleId: "volume", priceFormat: { type: "custom", formatter: compact(lang), minMove: 0.001 }, lastValueVisible: false, priceLineVisible: false });
      chart.priceScale("volume").applyOptions({ scaleMargins: { top: 0.78, bottom: 0 } });
      return { chart, ohlc, volume, up: alpha(theme.bid, 0.35), down: alpha(theme.ask, 0.35), upColor: theme.bid, downColor: theme.ask };
    },
    [lang, seconds, decimals, minMove],
  );

  // The time grid (empty buckets between and around the candles) and each candle's chart time.
  const layout = useMemo(() => {
    const grid = timeGrid(
      candles.map((k) => k.time),
      seconds,
    );
    const times = chartTimes(grid);
    const byTime = new Map(candles.map((k) => [k.time, k]));
    const at = new Map<number, PriceCandle>();
    grid.forEach((g, i) => {
      const k = byTime.get(g);
      if (k) at.set(times[i]!, k);
    });
    return { grid, times, at, byTime };
  }, [candles, seconds]);

  useEffect(() => {
    if (!handle) return;
    const { grid, times, byTime } = layout;
    const ohlc: (CandlestickData<Time> | WhitespaceData<Time>)[] = [];
    const volume: (HistogramData<Time> | WhitespaceData<Time>)[] = [];
    grid.forEach((g, i) => {
      const time = times[i]! as Time;
      const k = byTime.get(g);
      ohlc.push(k ? { time, open: k.open, high: k.high, low: k.low, close: k.close } : { time });
      volume.push(k ? { time, value: k.volumeKg, color: k.up ? handle.up : handle.down } : { time });
    });
    handle.ohlc.setData(ohlc);
    handle.volume.setData(volume);
    showPoints(handle.chart, grid.length, VISIBLE);
  }, [handle, layout]);

  // Where the newest candle is drawn, once laid out and after every resize (the e2e hovers it).
  useAfterLayout(
    handle?.chart,
    () => {
      const host = hostRef.current;
      if (!handle || !host) return;
      const i = layout.grid.indexOf(candles[candles.length - 1]!.time);
      const x = handle.chart.timeScale().timeToCoordinate(layout.times[i]! as Time);
      host.dataset.lastX = x === null ? "" : String(Math.round(x));
    },
    [layout, handle],
  );

  const hover = useHover(handle?.chart, hostRef, (time) => {
    const k = layout.at.get(time as number);
    return k && { k, time: time as number };
  });

  return (
    <>
      <div ref={hostRef} className={styles.host} data-testid="price-chart-canvas" />
      {hover && (
        <ChartTooltip
          testId="price-tooltip"
          at={hover.at}
          when={spanLabel(lang, hover.time, hover.time + seconds)}
          rows={[
            { key: "open", label: t("charts.price.open"), value: price(hover.k.open) },
            { key: "high", label: t("charts.price.high"), value: price(hover.k.high) },
            { key: "low", label: t("charts.price.low"), value: price(hover.k.low) },
            { key: "close", label: t("charts.price.close"), value: `${price(hover.k.close)} ${symbol}` },
            { key: "volume", label: t("charts.price.volume"), value: `${kgText(hover.k.volumeKg)} kg`, color: hover.k.up ? handle?.upColor : handle?.downColor },
            { key: "trades", label: t("charts.price.trades"), value: numberFormat(lang, {}).format(hover.k.trades) },
          ]}
        />
      )}
    </>
  );
}
