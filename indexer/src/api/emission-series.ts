/**
 * One account's booked emissions over time, per device kind, in buckets of `step` seconds of the
 * readings' block time (the dashboard's charts: a period's cumulative emissions against its
 * allowance, and emissions per day by source). A bucket's `kg` is what EmissionOracle booked:
 * the accepted readings' kg less the part that paid off an earlier gap estimate (EstimatePaidOff,
 * emitted in the reading's own transaction, so it falls into the reading's bucket). Gap estimates
 * booked at settlement have no moment inside the period and are not part of the series.
 *
 * With step = 86,400 the buckets are the UTC days of device_day, with its pay-offs taken off.
 */
import { db } from "ponder:api";
import * as s from "ponder:schema";
import { and, eq, gte, inArray, lt, sql, sum, count } from "ponder";

export interface SeriesQuery {
  account: `0x${string}`;
  /** Bucket length in seconds; buckets start at multiples of it (unix time). */
  step: number;
  /** Only readings booked to this period. */
  period?: number;
  /** Block time range [from, to) in unix seconds. */
  from?: bigint;
  to?: bigint;
}

export interface SeriesBucket {
  /** Bucket start, unix seconds. */
  bucket: bigint;
  kind: number | null;
  readings: number;
  measured: bigint;
  paidOff: bigint;
  kg: bigint;
}

/** The most buckets × kinds one answer may hold: a larger step, or a shorter range, keeps under it. */
export const MAX_SERIES_ROWS = 5_000;

export class SeriesTooLong extends Error {}

export async function emissionSeries(q: SeriesQuery): Promise<SeriesBucket[]> {
  const step = BigInt(q.step);
  // Ponder stores bigints as numeric(78): div() is its integer division. The step is a validated
  // positive integer, inlined so the grouping expression is the same text in SELECT and GROUP BY.
  const stepSql = sql.raw(String(q.step));
  const bucket = sql<string>`div(${s.reading.timestamp}, ${stepSql}) * ${stepSql}`;
  const where = and(
    eq(s.reading.owner, q.account),
    eq(s.reading.accepted, true),
    q.period === undefined ? undefined : eq(s.reading.period, q.period),
    q.from === undefined ? undefined : gte(s.reading.timestamp, q.from),
    q.to === undefined ? undefined : lt(s.reading.timestamp, q.to),
  );
  const measured = await db
    .select({ bucket, device: s.reading.device, kg: sum(s.reading.kg), readings: count() })
    .from(s.reading)
    .where(where)
    .groupBy(bucket, s.reading.device);
  if (measured.length > MAX_SERIES_ROWS) throw new SeriesTooLong(`more than ${MAX_SERIES_ROWS} buckets: use a larger step or a shorter range`);

  const devices = await db.select({ address: s.device.address, kind: s.device.kind }).from(s.device).where(eq(s.device.owner, q.account));
  const kindOf = new Map(devices.map((d) => [d.address, d.kind]));

  // Pay-offs carry no timestamp of their own: they share the transaction (and block) of the reading that paid them.
  const payoffs = await db
    .select({ device: s.estimatePayoff.device, kg: s.estimatePayoff.kg, tx: s.estimatePayoff.tx })
    .from(s.estimatePayoff)
    .where(and(eq(s.estimatePayoff.owner, q.account), q.period === undefined ? undefined : eq(s.estimatePayoff.period, q.period)));
  const txTime = new Map<string, bigint>();
  if (payoffs.length > 0) {
    const txs = [...new Set(payoffs.map((p) => p.tx))];
    const rows = await db.selectDistinct({ tx: s.reading.tx, timestamp: s.reading.timestamp }).from(s.reading).where(inArray(s.reading.tx, txs));
    for (const r of rows) txTime.set(r.tx, r.timestamp);
  }

  const out = new Map<string, SeriesBucket>();
  const row = (b: bigint, kind: number | null) => {
    const key = `${b}:${kind}`;
    let r = out.get(key);
    if (!r) out.set(key, (r = { bucket: b, kind, readings: 0, measured: 0n, paidOff: 0n, kg: 0n }));
    return r;
  };
  for (const m of measured) {
    const r = row(BigInt(m.bucket), kindOf.get(m.device) ?? null);
    const kg = BigInt(m.kg ?? 0);
    r.readings += Number(m.readings);
    r.measured += kg;
    r.kg += kg;
  }
  for (const p of payoffs) {
    const t = txTime.get(p.tx);
    if (t === undefined || (q.from !== undefined && t < q.from) || (q.to !== undefined && t >= q.to)) continue;
    const r = row((t / step) * step, kindOf.get(p.device) ?? null);
    r.paidOff += p.kg;
    r.kg -= p.kg;
  }
  return [...out.values()].sort((a, b) => (a.bucket === b.bucket ? (a.kind ?? -1) - (b.kind ?? -1) : a.bucket < b.bucket ? -1 : 1));
}
