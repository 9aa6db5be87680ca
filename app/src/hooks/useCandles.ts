"use client";
/**
 * The price chart's candles from the indexer (/api/candles), keyed on its progress like every
 * history (hooks/useIndexer.ts): the last CANDLE_BARS buckets of the chosen interval, 5-minute
 * candles merged from 1-minute ones.
 */
import { useMemo } from "react";
import { aggregateCandles, INTERVAL_SECONDS, sourceInterval, type ChartInterval } from "@/lib/charts/candles";
import { useHistory } from "./useIndexer";

/** How many buckets back the chart reads. */
export const CANDLE_BARS = 300;

export function useCandles(book: string | undefined, interval: ChartInterval) {
  const seconds = INTERVAL_SECONDS[interval];
  const source = sourceInterval(interval);
  const history = useHistory(
    ["candles", book, interval],
    (ix) => ix.collect((q) => ix.candles({ ...q, interval: source, from: Math.max(0, Math.floor(Date.now() / 1000) - CANDLE_BARS * seconds) })),
    Boolean(book),
  );
  const candles = useMemo(() => (history.data ? aggregateCandles(history.data, seconds) : undefined), [history.data, seconds]);
  return { candles, error: history.error, down: history.progress.down };
}
