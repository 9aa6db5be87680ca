"use client";
/**
 * The market page's chart cards: the depth of the on-chain ladder the page already read, and the
 * trade prices as candles per interval from the indexer (hooks/useCandles.ts).
 */
import { useState } from "react";
import { DepthChart } from "@/components/charts/DepthChart";
import { IntervalSwitch } from "@/components/charts/IntervalSwitch";
import { PriceChart } from "@/components/charts/PriceChart";
import { HistoryUnavailable } from "@/components/IndexerStatus";
import { useCandles } from "@/hooks/useCandles";
import { useI18n } from "@/i18n/context";
import type { ChartInterval } from "@/lib/charts/candles";
import type { BookUnits } from "@/lib/price";

interface Level {
  tick: number;
  lots: bigint;
}

export function MarketCharts({ book, bids, asks, units, symbol }: { book: string; bids: readonly Level[]; asks: readonly Level[]; units: BookUnits; symbol: string }) {
  const { t } = useI18n();
  const [interval, setCandleInterval] = useState<ChartInterval>("1h");
  const candles = useCandles(book, interval);
  return (
    <div className="grid">
      <div className="card">
        <h3>{t("market.depthChart")}</h3>
        <DepthChart bids={bids} asks={asks} units={units} symbol={symbol} />
      </div>
      <div className="card">
        <h3>{t("market.priceChart")}</h3>
        <HistoryUnavailable error={candles.error} />
        <PriceChart
          candles={candles.candles}
          unavailable={Boolean(candles.error) || candles.down}
          units={units}
          symbol={symbol}
          interval={interval}
          controls={<IntervalSwitch value={interval} onChange={setCandleInterval} />}
        />
      </div>
    </div>
  );
}
