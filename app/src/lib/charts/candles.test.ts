import { describe, expect, it } from "vitest";
import type { CandleRow } from "@sdk/indexer-client";
import { aggregateCandles, priceCandles, sourceInterval, timeGrid } from "./candles";
import type { BookUnits } from "../price";

// The local deployment's book: 1 kg lots, 10 units of a 6-decimals quote token per tick and lot.
const units: BookUnits = { lotSize: 10n ** 18n, quotePerTickLot: 10n, quoteDecimals: 6 };
const row = (bucket: number, o: number, h: number, l: number, c: number, lots = 1n, trades = 1): CandleRow => ({
  interval: "1m",
  bucket: String(bucket),
  open: o,
  high: h,
  low: l,
  close: c,
  lots: String(lots),
  quote: String(lots * BigInt(c) * 10n),
  trades,
});

describe("candles → price chart series", () => {
  it("builds 5-minute candles from 1-minute ones: first open, last close, extremes, summed volume", () => {
    expect(sourceInterval("5m")).toBe("1m");
    expect(sourceInterval("1h")).toBe("1h");
    const merged = aggregateCandles([row(600, 1000, 1010, 995, 1005, 2n), row(660, 1005, 1020, 1001, 1002, 3n, 2), row(840, 1002, 1003, 990, 999, 1n), row(900, 999, 999, 999, 999, 4n)], 300);
    expect(merged).toEqual([
      { time: 600, open: 1000, high: 1020, low: 990, close: 999, lots: 6n, quote: 20_100n + 30_060n + 9_990n, trades: 4 },
      { time: 900, open: 999, high: 999, low: 999, close: 999, lots: 4n, quote: 39_960n, trades: 1 },
    ]);
  });

  it("keeps 1-minute candles as they are", () => {
    const rows = [row(60, 1, 2, 1, 2), row(180, 2, 2, 1, 1)];
    expect(aggregateCandles(rows, 60).map((k) => [k.time, k.open, k.close])).toEqual([
      [60, 1, 2],
      [180, 2, 1],
    ]);
  });

  it("prices candles in quote tokens per kg and volume in kg; down when the close is under the open", () => {
    const [up, down] = priceCandles(aggregateCandles([row(60, 1000, 1200, 900, 1100, 4n), row(120, 1100, 1100, 1000, 1050, 1n)], 60), units);
    expect(up).toEqual({ time: 60, open: 0.01, high: 0.012, low: 0.009, close: 0.011, closeText: "0.011", volumeKg: 4, trades: 1, up: true });
    expect([down!.up, down!.closeText, down!.volumeKg]).toEqual([false, "0.0105", 1]);
  });

  it("one trade: its candle with open = high = low = close, its size as the volume", () => {
    const [k] = priceCandles(aggregateCandles([row(3_600, 1000, 1000, 1000, 1000, 4n)], 3_600), units);
    expect(k).toMatchObject({ open: 0.01, high: 0.01, low: 0.01, close: 0.01, volumeKg: 4, up: true });
  });

  it("pads the time grid around the candles and fills the gaps, so the axis is even", () => {
    expect(timeGrid([600], 60, 2)).toEqual([480, 540, 600, 660, 720]);
    expect(timeGrid([600, 780], 60, 1)).toEqual([540, 600, 660, 720, 780, 840]);
    expect(timeGrid([], 60)).toEqual([]);
  });

  it("does not fill a gap that would make too many points", () => {
    const grid = timeGrid([0, 60 * 1_000_000], 60, 1, 100);
    expect(grid).toEqual([-60, 0, 60 * 1_000_000, 60 * 1_000_001]);
  });
});
