"use client";
/**
 * The order book's depth from the on-chain ladder: price on the horizontal axis (quote currency
 * per kg), cumulative size in kg on the vertical one; bids green from the best bid down, asks red
 * from the best ask up, the spread empty. The tooltip names the side, the cumulative size a
 * market order would meet down (or up) to that price, and what rests exactly at it.
 */
import dynamic from "next/dynamic";
import { useMemo } from "react";
import { useI18n } from "@/i18n/context";
import { depthSeries, type BookLevel, type Depth } from "@/lib/charts/depth";
import { fixed, kg } from "@/lib/charts/locale";
import { priceDecimals } from "@/lib/charts/units";
import type { BookUnits } from "@/lib/price";
import { ChartFrame, ChartSkeleton, Legend } from "./ChartFrame";

const HEIGHT = 220;

// The drawing code (lightweight-charts) is its own chunk, loaded after the page and only in the browser; the loading bars hold its place.
const DepthCanvas = dynamic(() => import("./DepthCanvas").then((m) => m.DepthCanvas), { ssr: false, loading: () => <ChartSkeleton /> });

export function DepthChart({ bids, asks, units, symbol }: { bids: readonly BookLevel[]; asks: readonly BookLevel[]; units: BookUnits; symbol: string }) {
  const { t, lang } = useI18n();
  const depth = useMemo(() => depthSeries(bids, asks, units), [bids, asks, units]);
  const kgText = kg(lang);
  const price = fixed(lang, priceDecimals(units));
  return (
    <ChartFrame
      state={depth.points.length === 0 ? "empty" : "ready"}
      height={HEIGHT}
      testId="depth-chart"
      label={t("market.depthChart")}
      yLabel={t("charts.axis.depth")}
      xLabel={t("charts.axis.price", { symbol })}
      empty={{ title: t("charts.depth.empty.title"), hint: t("charts.depth.empty.hint") }}
      summary={
        depth.points.length > 0 && (
          <span>
            {t("charts.depth.best", {
              bid: depth.bestBid ? price(Number(depth.bestBid.price)) : "—",
              ask: depth.bestAsk ? price(Number(depth.bestAsk.price)) : "—",
              symbol,
            })}
          </span>
        )
      }
      legend={<DepthLegend depth={depth} kgText={kgText} />}
      data={{ "data-bid-total": depth.bidTotal, "data-ask-total": depth.askTotal, "data-best-bid": depth.bestBid?.price, "data-best-ask": depth.bestAsk?.price }}
    >
      {depth.points.length > 0 && <DepthCanvas depth={depth} units={units} symbol={symbol} lang={lang} />}
    </ChartFrame>
  );
}

function DepthLegend({ depth, kgText }: { depth: Depth; kgText: (n: number) => string }) {
  const { t } = useI18n();
  return (
    <Legend
      items={[
        { key: "bids", color: "var(--bid)", label: t("charts.depth.bids"), value: `${kgText(depth.bidTotal)} kg` },
        { key: "asks", color: "var(--ask)", label: t("charts.depth.asks"), value: `${kgText(depth.askTotal)} kg` },
      ]}
    />
  );
}
