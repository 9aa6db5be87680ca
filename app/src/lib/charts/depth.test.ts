import { describe, expect, it } from "vitest";
import { depthSeries } from "./depth";
import type { BookUnits } from "../price";

const units: BookUnits = { lotSize: 10n ** 18n, quotePerTickLot: 10n, quoteDecimals: 6 };

describe("order book → depth chart", () => {
  it("adds bids up from the best bid down and asks from the best ask up, on an even tick grid", () => {
    const d = depthSeries(
      [
        { tick: 998, lots: 2n },
        { tick: 995, lots: 5n },
      ],
      [
        { tick: 1001, lots: 3n },
        { tick: 1003, lots: 1n },
      ],
      units,
    );
    const at = (tick: number) => d.points.find((p) => p.tick === tick)!;
    expect([at(998).bid, at(997).bid, at(995).bid, at(994).bid]).toEqual([2, 2, 7, 7]);
    expect([at(998).ask, at(999).bid, at(999).ask, at(1000).ask]).toEqual([undefined, undefined, undefined, undefined]);
    expect([at(1001).ask, at(1002).ask, at(1003).ask, at(1006).ask]).toEqual([3, 3, 4, 4]);
    expect([at(995).level, at(995).side, at(996).level, at(1003).side]).toEqual([5, "bid", 0, "ask"]);
    expect(d.bestBid).toEqual({ tick: 998, price: "0.00998" });
    expect(d.bestAsk).toEqual({ tick: 1001, price: "0.01001" });
    expect([d.bidTotal, d.askTotal]).toEqual([7, 4]);
    // Every tick from the padding below the lowest bid to the padding above the highest ask, once, ascending.
    const ticks = d.points.map((p) => p.tick);
    expect(ticks).toEqual(Array.from({ length: ticks.length }, (_, i) => ticks[0]! + i));
    expect(ticks[0]).toBeLessThan(995);
    expect(ticks[ticks.length - 1]).toBeGreaterThan(1003);
    expect(at(1000).price).toBe(0.01);
  });

  it("one resting ask: a visible step at its price with room on both sides", () => {
    const d = depthSeries([], [{ tick: 1000, lots: 6n }], units);
    expect(d.points.length).toBeGreaterThan(3);
    expect(d.points.filter((p) => p.ask !== undefined).map((p) => p.ask)).toEqual(d.points.filter((p) => p.tick >= 1000).map(() => 6));
    expect(d.points.some((p) => p.tick < 1000)).toBe(true);
    expect(d.points.every((p) => p.bid === undefined)).toBe(true);
    expect([d.bestBid, d.bestAsk?.tick, d.askTotal]).toEqual([undefined, 1000, 6]);
  });

  it("samples a wide book but keeps every level's tick", () => {
    const d = depthSeries([{ tick: 10, lots: 1n }], [{ tick: 100_003, lots: 1n }], units, 100);
    expect(d.points.length).toBeLessThanOrEqual(104);
    expect(d.points.some((p) => p.tick === 10 && p.bid === 1)).toBe(true);
    expect(d.points.some((p) => p.tick === 100_003 && p.ask === 1)).toBe(true);
  });

  it("an empty book has no points", () => {
    expect(depthSeries([], [{ tick: 5, lots: 0n }], units)).toEqual({ points: [], bidTotal: 0, askTotal: 0 });
  });
});
