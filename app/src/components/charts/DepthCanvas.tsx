"use client";
/** DepthChart's drawing (lightweight-charts): loaded after the page, only in the browser. */
import { useEffect, useMemo } from "react";
import { AreaSeries, createOptionsChart, LineType, type AreaData, type WhitespaceData } from "lightweight-charts";
import { useI18n } from "@/i18n/context";
import type { Lang } from "@/i18n";
import { type Depth, type DepthPoint } from "@/lib/charts/depth";
import { fixed, kg } from "@/lib/charts/locale";
import { priceDecimals } from "@/lib/charts/units";
import type { BookUnits } from "@/lib/price";
import { ChartTooltip } from "./ChartTooltip";
import { alpha, baseOptions } from "./theme";
import { showPoints, useAfterLayout, useChart, useHover } from "./useChart";
import styles from "./charts.module.css";

export function DepthCanvas({ depth, units, symbol, lang }: { depth: Depth; units: BookUnits; symbol: string; lang: Lang }) {
  const { t } = useI18n();
  const decimals = priceDecimals(units);
  const price = fixed(lang, decimals);
  const kgText = kg(lang);
  const { hostRef, handle } = useChart(
    (host, theme) => {
      const base = baseOptions(theme, lang, false);
      const chart = createOptionsChart(host, {
        ...base,
        localization: { ...base.localization, precision: decimals, timeFormatter: (p: number) => price(p) },
        timeScale: { borderColor: theme.border },
        crosshair: { ...base.crosshair, horzLine: { visible: false, labelVisible: false } },
      });
      const side = (color: string) => ({
        lineColor: color,
        topColor: alpha(color, 0.32),
        bottomColor: alpha(color, 0.04),
        lineWidth: 2 as const,
        lineType: LineType.WithSteps,
        priceLineVisible: false,
        lastValueVisible: false,
        priceFormat: { type: "custom" as const, formatter: kgText, minMove: 0.001 },
      });
      const bid = chart.addSeries(AreaSeries, side(theme.bid));
      const ask = chart.addSeries(AreaSeries, side(theme.ask));
      bid.priceScale().applyOptions({ scaleMargins: { top: 0.12, bottom: 0 } });
      return { chart, bid, ask, bidColor: theme.bid, askColor: theme.ask };
    },
    [lang, decimals],
  );
  const byPrice = useMemo(() => new Map(depth.points.map((p) => [p.price, p])), [depth]);

  useEffect(() => {
    if (!handle) return;
    const series = (value: (p: DepthPoint) => number | undefined) =>
      depth.points.map((p): AreaData<number> | WhitespaceData<number> => {
        const v = value(p);
        return v === undefined ? { time: p.price } : { time: p.price, value: v };
      });
    handle.bid.setData(series((p) => p.bid));
    handle.ask.setData(series((p) => p.ask));
    showPoints(handle.chart, depth.points.length);
  }, [handle, depth]);

  // Where the best prices are drawn, once laid out and after every resize (the e2e hovers them).
  useAfterLayout(
    handle?.chart,
    () => {
      const host = hostRef.current;
      if (!handle || !host) return;
      const x = (tick: { price: string } | undefined) => {
        const point = tick && depth.points.find((p) => p.price === Number(tick.price));
        const c = point ? handle.chart.timeScale().timeToCoordinate(point.price) : null;
        return c === null ? "" : String(Math.round(c));
      };
      host.dataset.bestBidX = x(depth.bestBid);
      host.dataset.bestAskX = x(depth.bestAsk);
    },
    [depth, handle],
  );

  const hover = useHover(handle?.chart, hostRef, (price) => {
    const p = byPrice.get(price);
    return p && { p };
  });

  const rows = (p: DepthPoint) => {
    const out: { key: string; label: string; value: string; color?: string }[] = [];
    if (p.bid !== undefined) out.push({ key: "bid", label: t("charts.depth.bidsDown"), value: `${kgText(p.bid)} kg`, color: handle?.bidColor });
    if (p.ask !== undefined) out.push({ key: "ask", label: t("charts.depth.asksUp"), value: `${kgText(p.ask)} kg`, color: handle?.askColor });
    if (p.level > 0) out.push({ key: "level", label: t("charts.depth.atPrice"), value: `${kgText(p.level)} kg` });
    if (out.length === 0) out.push({ key: "spread", label: t("charts.depth.spread"), value: "" });
    return out;
  };

  return (
    <>
      <div ref={hostRef} className={styles.host} data-testid="depth-chart-canvas" />
      {hover && <ChartTooltip testId="depth-tooltip" at={hover.at} when={`${price(hover.p.price)} ${symbol}`} rows={rows(hover.p)} />}
    </>
  );
}
