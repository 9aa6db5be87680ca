/**
 * The indexer's OHLC candles (ticks per bucket of block time, oldest first) as the price chart's
 * series: prices in quote tokens per kg, volume in kg, candles of 5 minutes merged from 1-minute
 * ones, and a time grid with empty buckets between and around the trades, so the time axis is
 * even (a quiet hour shows as a gap) and one trade's candle stands in the middle of a real axis.
 */
import type { CandleInterval, CandleRow } from "@sdk/indexer-client";
import type { BookUnits } from "../price";
import { lotsKg, priceDecimal, priceNumber } from "./units";

export type ChartInterval = "1m" | "5m" | "1h" | "1d";
export const CHART_INTERVALS: readonly ChartInterval[] = ["1m", "5m", "1h", "1d"];
export const INTERVAL_SECONDS: Record<ChartInterval, number> = { "1m": 60, "5m": 300, "1h": 3_600, "1d": 86_400 };

/** The indexer's interval a chart interval is built from (5 m from 1 m candles). */
export function sourceInterval(interval: ChartInterval): CandleInterval {
  return interval === "5m" ? "1m" : interval;
}

/** One candle in ticks (exact), its bucket start in unix seconds. */
export interface TickCandle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  lots: bigint;
  quote: bigint;
  trades: number;
}

/** Merges consecutive candles into buckets of `seconds` (a multiple of theirs). Input oldest first. */
export function aggregateCandles(rows: readonly CandleRow[], seconds: number): TickCandle[] {
  const out: TickCandle[] = [];
  for (const r of rows) {
    const time = Math.floor(Number(r.bucket) / seconds) * seconds;
    const last = out[out.length - 1];
    if (last && last.time === time) {
      last.high = Math.max(last.high, r.high);
      last.low = Math.min(last.low, r.low);
      last.close = r.close;
      last.lots += BigInt(r.lots);
      last.quote += BigInt(r.quote);
      last.trades += r.trades;
    } else {
      out.push({ time, open: r.open, high: r.high, low: r.low, close: r.close, lots: BigInt(r.lots), quote: BigInt(r.quote), trades: r.trades });
    }
  }
  return out;
}

/** A candle as the chart draws and the tooltip reads it. */
export interface PriceCandle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** The close as an exact decimal (quote tokens per kg). */
  closeText: string;
  volumeKg: number;
  trades: number;
  up: boolean;
}

export function priceCandles(candles: readonly TickCandle[], units: BookUnits): PriceCandle[] {
  return candles.map((k) => ({
    time: k.time,
    open: priceNumber(k.open, units),
    high: priceNumber(k.high, units),
    low: priceNumber(k.low, units),
    close: priceNumber(k.close, units),
    closeText: priceDecimal(k.close, units),
    volumeKg: lotsKg(k.lots, units),
    trades: k.trades,
    up: k.close >= k.open,
  }));
}

/**
 * The candle times plus empty buckets: every bucket between the first and the last candle and
 * `pad` on each side, unless that would exceed `maxPoints` (then only the candles and the padding,
 * so a year of 1-minute gaps does not become half a million points).
 */
export function timeGrid(times: readonly number[], seconds: number, pad = 6, maxPoints = 2_000): number[] {
  if (times.length === 0) return [];
  const first = times[0]!, last = times[times.length - 1]!;
  const span = (last - first) / seconds + 1 + 2 * pad;
  const grid = new Set<number>();
  for (let i = 1; i <= pad; i++) {
    grid.add(first - i * seconds);
    grid.add(last + i * seconds);
  }
  if (span <= maxPoints) for (let t = first; t <= last; t += seconds) grid.add(t);
  for (const t of times) grid.add(t);
  return [...grid].sort((a, b) => a - b);
}
