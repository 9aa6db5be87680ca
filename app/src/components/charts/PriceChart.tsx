"use client";
/**
 * Trade prices as candles per interval, with the volume under them: a time axis in local time,
 * a price axis in the quote currency with the tick step's decimals, and a tooltip with the
 * candle's open, high, low, close, volume and trades. One trade is one candle in the middle of a
 * padded time axis; no trade is a designed empty state.
 */
import dynamic from "next/dynamic";
import { useMemo, type ReactNode } from "react";
import { useI18n } from "@/i18n/context";
import { INTERVAL_SECONDS, priceCandles, type ChartInterval, type TickCandle } from "@/lib/charts/candles";
import { fixed } from "@/lib/charts/locale";
import type { BookUnits } from "@/lib/price";
import { priceDecimals } from "@/lib/charts/units";
import { ChartFrame, ChartSkeleton, type ChartState } from "./ChartFrame";

const HEIGHT = 260;

// The drawing code (lightweight-charts) is its own chunk, loaded after the page and only in the browser; the loading bars hold its place.
const CandleCanvas = dynamic(() => import("./CandleCanvas").then((m) => m.CandleCanvas), { ssr: false, loading: () => <ChartSkeleton /> });

interface Props {
  candles: readonly TickCandle[] | undefined;
  unavailable: boolean;
  units: BookUnits;
  symbol: string;
  interval: ChartInterval;
  controls: ReactNode;
}

export function PriceChart({ candles, unavailable, units, symbol, interval, controls }: Props) {
  const { t, lang } = useI18n();
  const seconds = INTERVAL_SECONDS[interval];
  const priced = useMemo(() => (candles ? priceCandles(candles, units) : undefined), [candles, units]);
  const state: ChartState = unavailable && !priced ? "unavailable" : !priced ? "loading" : priced.length === 0 ? "empty" : "ready";
  const last = priced?.[priced.length - 1];
  const decimals = priceDecimals(units);
  const price = fixed(lang, decimals);
  return (
    <ChartFrame
      state={state}
      height={HEIGHT}
      testId="price-chart"
      label={t("market.priceChart")}
      yLabel={t("charts.axis.price", { symbol })}
      xLabel={t("charts.axis.time")}
      empty={{ title: t("charts.price.empty.title"), hint: t("charts.price.empty.hint", { symbol }) }}
      controls={controls}
      summary={last && <span>{t("charts.price.last", { price: price(last.close), symbol })}</span>}
      data={{ "data-interval": interval, "data-candles": priced?.length, "data-last-close": last?.closeText, "data-last-volume": last?.volumeKg }}
    >
      {priced && priced.length > 0 && <CandleCanvas candles={priced} units={units} symbol={symbol} seconds={seconds} lang={lang} />}
    </ChartFrame>
  );
}
