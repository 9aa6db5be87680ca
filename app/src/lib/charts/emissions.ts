/**
 * The dashboard's emission charts from the indexer's rows: a period's booked emissions per bucket
 * of block time and device kind (/api/accounts/:a/emission-series) as a cumulative line against
 * the allowance and as stacked bars per kind, and the emissions of each period at its start date
 * (/api/accounts/:a/periods). Times are unix seconds; kg are numbers for drawing, with the exact
 * wei kept where a person reads the figure.
 */
import type { AccountPeriodRow, EmissionBucketRow } from "@sdk/indexer-client";
import { formatUnits } from "viem";
import { kgNumber } from "./units";

/** Bucket lengths a period is cut into (seconds). */
export const NICE_STEPS = [1, 5, 10, 15, 30, 60, 300, 600, 900, 1_800, 3_600, 3 * 3_600, 6 * 3_600, 12 * 3_600, 86_400, 7 * 86_400] as const;

/** The smallest nice step that cuts a period into at most `maxBuckets` buckets (a 30-day period: days; 5 minutes: 10 s). */
export function chooseStep(periodLength: number, maxBuckets = 48): number {
  return NICE_STEPS.find((s) => Math.ceil(periodLength / s) <= maxBuckets) ?? NICE_STEPS[NICE_STEPS.length - 1]!;
}

/** Bucket starts covering [start, end]: from start's bucket to the bucket holding end. */
export function periodGrid(start: number, end: number, step: number): number[] {
  const out: number[] = [];
  for (let t = Math.floor(start / step) * step; t <= end; t += step) out.push(t);
  return out;
}

/** A row's bucket inside the period: readings booked in the grace window after its end count at its last bucket. */
function clampBucket(bucket: number, start: number, end: number, step: number): number {
  const first = Math.floor(start / step) * step;
  const last = Math.floor((end - 1) / step) * step;
  return Math.min(Math.max(bucket, first), last);
}

export interface CumulativeView {
  /** Emissions booked before each time (kg), from the period's start up to the first bucket after now. */
  points: { time: number; kg: number }[];
  /** Where the line would end at the current pace, if the period is still open. */
  projection?: { from: { time: number; kg: number }; to: { time: number; kg: number } };
  /** Every bucket start of the period (the time axis), and its end. */
  grid: number[];
  totalWei: bigint;
}

/**
 * The period's cumulative booked emissions. The value at time g is everything booked in buckets
 * before g (a bucket holds [b, b + step)), so it is exact at each grid time.
 */
export function cumulativeEmissions(
  rows: readonly EmissionBucketRow[],
  o: { start: number; end: number; now: number; step: number; projectionWei?: bigint },
): CumulativeView {
  const grid = periodGrid(o.start, o.end, o.step);
  if (grid[grid.length - 1]! < o.end) grid.push(o.end);
  const perBucket = new Map<number, bigint>();
  let totalWei = 0n;
  for (const r of rows) {
    const b = clampBucket(Number(r.bucket), o.start, o.end, o.step);
    perBucket.set(b, (perBucket.get(b) ?? 0n) + BigInt(r.kg));
    totalWei += BigInt(r.kg);
  }
  const upTo = Math.min(o.end, Math.ceil(o.now / o.step) * o.step);
  const points: { time: number; kg: number }[] = [];
  let sum = 0n;
  let prev: number | undefined;
  for (const g of grid) {
    if (prev !== undefined) for (const [b, v] of perBucket) if (b >= prev && b < g) sum += v;
    prev = g;
    if (g > upTo) break;
    points.push({ time: g, kg: kgNumber(sum) });
  }
  const last = points[points.length - 1];
  const projection =
    o.projectionWei !== undefined && last && last.time < o.end ? { from: last, to: { time: o.end, kg: kgNumber(o.projectionWei) } } : undefined;
  return { points, projection, grid, totalWei };
}

/** A stacked bar: each kind's kg in the bucket and the running sums the stack draws. */
export interface StackedBar {
  time: number;
  /** kg per kind, in `kinds` order. */
  values: number[];
  /** stacks[j] = values[0] + … + values[j]: the top of kind j's segment. */
  stacks: number[];
  totalKg: number;
}

export interface StackedView {
  /** Kinds, largest total first (the bottom of the stack). null: a device the indexer has no kind for. */
  kinds: (number | null)[];
  totals: { kind: number | null; wei: bigint; share: number }[];
  bars: StackedBar[];
  grid: number[];
  totalWei: bigint;
}

/** Emissions per bucket stacked by device kind. */
export function stackByKind(rows: readonly EmissionBucketRow[], o: { start: number; end: number; step: number }): StackedView {
  const grid = periodGrid(o.start, o.end - 1, o.step);
  const byKind = new Map<number | null, bigint>();
  const cells = new Map<number, Map<number | null, bigint>>();
  for (const r of rows) {
    const wei = BigInt(r.kg);
    if (wei === 0n) continue;
    byKind.set(r.kind, (byKind.get(r.kind) ?? 0n) + wei);
    const b = clampBucket(Number(r.bucket), o.start, o.end, o.step);
    const cell = cells.get(b) ?? new Map<number | null, bigint>();
    cell.set(r.kind, (cell.get(r.kind) ?? 0n) + wei);
    cells.set(b, cell);
  }
  const kinds = [...byKind.entries()].sort((a, b) => (b[1] === a[1] ? (a[0] ?? 99) - (b[0] ?? 99) : b[1] > a[1] ? 1 : -1)).map(([k]) => k);
  const totalWei = [...byKind.values()].reduce((s, v) => s + v, 0n);
  const bars = [...cells.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([time, cell]) => {
      const values = kinds.map((k) => kgNumber(cell.get(k) ?? 0n));
      let run = 0;
      const stacks = values.map((v) => (run += v));
      return { time, values, stacks, totalKg: kgNumber([...cell.values()].reduce((s, v) => s + v, 0n)) };
    });
  const totals = kinds.map((kind) => {
    const wei = byKind.get(kind)!;
    return { kind, wei, share: totalWei === 0n ? 0 : Number((wei * 10_000n) / totalWei) / 10_000 };
  });
  return { kinds, totals, bars, grid, totalWei };
}

export interface PeriodBar {
  period: number;
  /** Period start and end, unix seconds. */
  start: number;
  end: number;
  kg: number;
  /** The exact booked emissions in kg (decimal string). */
  kgText: string;
  /** The allowance claimed for the period (kg), if any. */
  allowance?: number;
  over: boolean;
  /** The period is still running: its figure is so far. */
  open: boolean;
}

/** Booked emissions per period, oldest first, the last `max` periods with readings, emissions or an allowance. */
export function periodBars(rows: readonly AccountPeriodRow[], o: { period: number; start: number; length: number }, max = 24): PeriodBar[] {
  return rows
    .filter((r) => BigInt(r.emissions) !== 0n || r.readings > 0 || BigInt(r.allowance) > 0n)
    .sort((a, b) => a.period - b.period)
    .slice(-max)
    .map((r) => {
      const start = o.start + (r.period - o.period) * o.length;
      const emissions = BigInt(r.emissions), allowance = BigInt(r.allowance);
      return {
        period: r.period,
        start,
        end: start + o.length,
        kg: kgNumber(emissions),
        kgText: formatUnits(emissions, 18),
        allowance: allowance > 0n ? kgNumber(allowance) : undefined,
        over: allowance > 0n && emissions > allowance,
        open: r.period >= o.period,
      };
    });
}

export interface PeriodSlot {
  period: number;
  start: number;
  end: number;
  bar?: PeriodBar;
}

/**
 * The periods on the chart's axis: every period from the oldest bar (or `min` periods back, for
 * a young account) to the current one, at most `max`; a period without a bar is an empty slot,
 * so the axis runs evenly through time and carries dates.
 */
export function periodSlots(bars: readonly PeriodBar[], o: { period: number; start: number; length: number }, min = 8, max = 24): PeriodSlot[] {
  const byPeriod = new Map(bars.map((b) => [b.period, b]));
  const oldest = Math.min(bars[0]?.period ?? o.period, o.period - (min - 1));
  const first = Math.max(0, oldest, o.period - (max - 1));
  const out: PeriodSlot[] = [];
  for (let p = first; p <= o.period; p++) {
    const start = o.start + (p - o.period) * o.length;
    out.push({ period: p, start, end: start + o.length, bar: byPeriod.get(p) });
  }
  return out;
}
