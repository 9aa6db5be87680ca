/**
 * The order book's depth as a chart: price on the horizontal axis, the cumulative size in kg a
 * market order would meet on the vertical one. Bids add up from the best bid downwards, asks from
 * the best ask upwards. The chart spaces its points evenly, so the points are an even grid of
 * ticks (plus every level's own tick): the distance between two prices on screen is their price
 * difference. A little room is added beyond the outermost levels, the spread stays empty.
 */
import type { BookUnits } from "../price";
import { lotsKg, priceDecimal, priceNumber } from "./units";

export interface BookLevel {
  tick: number | bigint;
  lots: bigint;
}

export interface DepthPoint {
  tick: number;
  price: number;
  /** Cumulative bids at this price or better (above), kg; undefined outside the bid side. */
  bid?: number;
  /** Cumulative asks at this price or better (below), kg; undefined outside the ask side. */
  ask?: number;
  /** Size resting exactly at this tick, kg (0 if none). */
  level: number;
  side?: "bid" | "ask";
}

export interface Depth {
  points: DepthPoint[];
  bestBid?: { tick: number; price: string };
  bestAsk?: { tick: number; price: string };
  /** kg shown on each side. */
  bidTotal: number;
  askTotal: number;
}

/**
 * `bids` and `asks` best first (as OrderBook.depth returns them). At most about `maxPoints`
 * grid points: a wide book is sampled every n ticks, each level's tick is always a point.
 */
export function depthSeries(bids: readonly BookLevel[], asks: readonly BookLevel[], units: BookUnits, maxPoints = 400): Depth {
  const b = bids.filter((l) => l.lots > 0n).map((l) => ({ tick: Number(l.tick), lots: l.lots }));
  const a = asks.filter((l) => l.lots > 0n).map((l) => ({ tick: Number(l.tick), lots: l.lots }));
  const bidTotal = lotsKg(b.reduce((s, l) => s + l.lots, 0n), units);
  const askTotal = lotsKg(a.reduce((s, l) => s + l.lots, 0n), units);
  const ticks = [...b, ...a].map((l) => l.tick);
  if (ticks.length === 0) return { points: [], bidTotal, askTotal };
  const min = Math.min(...ticks), max = Math.max(...ticks);
  const pad = Math.max(3, Math.ceil((max - min) * 0.15));
  const lo = Math.max(1, min - pad), hi = max + pad;
  const step = Math.max(1, Math.ceil((hi - lo) / maxPoints));
  const grid = new Set<number>(ticks);
  for (let t = lo; t <= hi; t += step) grid.add(t);
  grid.add(hi);
  const bestBid = b.length ? Math.max(...b.map((l) => l.tick)) : undefined;
  const bestAsk = a.length ? Math.min(...a.map((l) => l.tick)) : undefined;
  const levelAt = new Map<number, { lots: bigint; side: "bid" | "ask" }>();
  for (const l of b) levelAt.set(l.tick, { lots: l.lots, side: "bid" });
  for (const l of a) levelAt.set(l.tick, { lots: l.lots, side: "ask" });
  const points = [...grid]
    .sort((x, y) => x - y)
    .map((tick): DepthPoint => {
      const at = levelAt.get(tick);
      const p: DepthPoint = { tick, price: priceNumber(tick, units), level: at ? lotsKg(at.lots, units) : 0, side: at?.side };
      if (bestBid !== undefined && tick <= bestBid) p.bid = lotsKg(b.filter((l) => l.tick >= tick).reduce((s, l) => s + l.lots, 0n), units);
      if (bestAsk !== undefined && tick >= bestAsk) p.ask = lotsKg(a.filter((l) => l.tick <= tick).reduce((s, l) => s + l.lots, 0n), units);
      return p;
    });
  return {
    points,
    bestBid: bestBid === undefined ? undefined : { tick: bestBid, price: priceDecimal(bestBid, units) },
    bestAsk: bestAsk === undefined ? undefined : { tick: bestAsk, price: priceDecimal(bestAsk, units) },
    bidTotal,
    askTotal,
  };
}
