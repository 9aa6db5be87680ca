import { describe, expect, it } from "vitest";
import type { AccountPeriodRow, EmissionBucketRow } from "@sdk/indexer-client";
import { chooseStep, cumulativeEmissions, periodBars, periodGrid, periodSlots, stackByKind } from "./emissions";

const KG = 10n ** 18n;
const bucket = (at: number, kind: number | null, kg: bigint): EmissionBucketRow => ({ bucket: String(at), kind, readings: 1, measured: String(kg), paidOff: "0", kg: String(kg) });

describe("bucket length", () => {
  it("cuts a 30-day period into days and a 5-minute one into 10-second buckets", () => {
    expect(chooseStep(30 * 86_400)).toBe(86_400);
    expect(chooseStep(300)).toBe(10);
    expect(chooseStep(3_600)).toBe(300);
    expect(periodGrid(1_000, 1_030, 10)).toEqual([1_000, 1_010, 1_020, 1_030]);
  });
});

describe("cumulative emissions against the allowance", () => {
  const period = { start: 1_000, end: 1_300, step: 10 };

  it("adds up what was booked before each time, up to now, and projects the rest", () => {
    const v = cumulativeEmissions([bucket(1_000, 0, 2n * KG), bucket(1_020, 1, KG), bucket(1_020, 0, KG / 2n), bucket(1_050, 0, 3n * KG)], { ...period, now: 1_055, projectionWei: 30n * KG });
    expect(v.points).toEqual([
      { time: 1_000, kg: 0 },
      { time: 1_010, kg: 2 },
      { time: 1_020, kg: 2 },
      { time: 1_030, kg: 3.5 },
      { time: 1_040, kg: 3.5 },
      { time: 1_050, kg: 3.5 },
      { time: 1_060, kg: 6.5 },
    ]);
    expect(v.totalWei).toBe(6_500_000_000_000_000_000n);
    expect(v.projection).toEqual({ from: { time: 1_060, kg: 6.5 }, to: { time: 1_300, kg: 30 } });
    expect(v.grid[0]).toBe(1_000);
    expect(v.grid[v.grid.length - 1]).toBe(1_300);
    expect(v.grid).toHaveLength(31);
  });

  it("a closed period runs to its end; readings booked in the grace window count in its last bucket", () => {
    const v = cumulativeEmissions([bucket(1_100, 0, KG), bucket(1_320, 0, KG)], { ...period, now: 5_000, projectionWei: 2n * KG });
    expect(v.points[v.points.length - 1]).toEqual({ time: 1_300, kg: 2 });
    expect(v.points[v.points.length - 2]).toEqual({ time: 1_290, kg: 1 });
    expect(v.projection).toBeUndefined();
  });

  it("no readings: a flat line at zero so far", () => {
    const v = cumulativeEmissions([], { ...period, now: 1_020 });
    expect(v.points).toEqual([
      { time: 1_000, kg: 0 },
      { time: 1_010, kg: 0 },
      { time: 1_020, kg: 0 },
    ]);
    expect(v.totalWei).toBe(0n);
  });
});

describe("emissions per bucket stacked by kind", () => {
  it("orders kinds by total, stacks each bucket's kinds and shares the totals", () => {
    const v = stackByKind([bucket(1_000, 1, KG), bucket(1_000, 0, 3n * KG), bucket(1_010, 0, KG), bucket(1_010, 2, 0n), bucket(1_020, null, KG / 4n)], { start: 1_000, end: 1_300, step: 10 });
    expect(v.kinds).toEqual([0, 1, null]);
    expect(v.bars).toEqual([
      { time: 1_000, values: [3, 1, 0], stacks: [3, 4, 4], totalKg: 4 },
      { time: 1_010, values: [1, 0, 0], stacks: [1, 1, 1], totalKg: 1 },
      { time: 1_020, values: [0, 0, 0.25], stacks: [0, 0, 0.25], totalKg: 0.25 },
    ]);
    expect(v.totals).toEqual([
      { kind: 0, wei: 4n * KG, share: 0.7619 },
      { kind: 1, wei: KG, share: 0.1904 },
      { kind: null, wei: KG / 4n, share: 0.0476 },
    ]);
    expect(v.totalWei).toBe(5_250_000_000_000_000_000n);
    expect(v.grid).toHaveLength(30);
  });

  it("the same bucket of one kind from two devices is one segment", () => {
    const v = stackByKind([bucket(1_000, 0, KG), bucket(1_000, 0, KG)], { start: 1_000, end: 1_300, step: 10 });
    expect(v.bars).toEqual([{ time: 1_000, values: [2], stacks: [2], totalKg: 2 }]);
  });
});

describe("emissions per period", () => {
  const row = (period: number, emissions: bigint, allowance = 0n, readings = 1): AccountPeriodRow => ({
    account: "0x0000000000000000000000000000000000000001",
    period,
    readings,
    measured: String(emissions),
    paidOff: "0",
    estimated: "0",
    emissions: String(emissions),
    allowance: String(allowance),
    settled: false,
    rewardEntitlement: "0",
    rewardClaimed: "0",
    rewardWithheldReason: null,
  });

  it("dates each period from the calendar and marks the ones over their allowance", () => {
    const bars = periodBars([row(12, 5_366_000_000_000_000_000n, 400n * KG), row(10, 500n * KG, 400n * KG), row(11, 0n, 0n, 0)], { period: 12, start: 3_600, length: 300 });
    expect(bars).toEqual([
      { period: 10, start: 3_000, end: 3_300, kg: 500, kgText: "500", allowance: 400, over: true, open: false },
      { period: 12, start: 3_600, end: 3_900, kg: 5.366, kgText: "5.366", allowance: 400, over: false, open: true },
    ]);
  });

  it("keeps the last periods only", () => {
    const rows = Array.from({ length: 30 }, (_, i) => row(i, KG));
    expect(periodBars(rows, { period: 29, start: 0, length: 10 }, 24).map((b) => b.period)).toEqual(Array.from({ length: 24 }, (_, i) => i + 6));
  });

  it("lays the periods out evenly up to the current one, empty slots for periods without a bar", () => {
    const bars = periodBars([row(95, 2n * KG), row(99, KG)], { period: 100, start: 30_000, length: 300 });
    const slots = periodSlots(bars, { period: 100, start: 30_000, length: 300 }, 4);
    expect(slots.map((s) => [s.period, s.start, s.bar?.kg])).toEqual([
      [95, 28_500, 2],
      [96, 28_800, undefined],
      [97, 29_100, undefined],
      [98, 29_400, undefined],
      [99, 29_700, 1],
      [100, 30_000, undefined],
    ]);
    // A young account still gets an axis of `min` periods; a long history the last `max`.
    expect(periodSlots([], { period: 3, start: 900, length: 300 }, 8).map((s) => s.period)).toEqual([0, 1, 2, 3]);
    expect(periodSlots(periodBars([row(1, KG), row(50, KG)], { period: 50, start: 0, length: 1 }), { period: 50, start: 0, length: 1 }, 8, 10).map((s) => s.period)).toEqual([41, 42, 43, 44, 45, 46, 47, 48, 49, 50]);
  });
});
