/**
 * One household's period statement, as rows: GET /api/accounts/:address/statement?period=N.
 * Everything the statement shows (sdk/statement.ts builds it) in one answer: the period's
 * window from PeriodCalendar (read once over RPC: genesis, length and grace are immutable), the
 * account_period row, accepted readings per device per UTC day, gap estimates and the pay-offs
 * booked to the period, the allowance claim, the settlement, rewards, the trades and retirements
 * whose block time falls in the window, and every settlement shortfall and deficit payment of the
 * account (a deficit opened by one period is paid later: sdk/statement.ts allocates them). Each
 * row carries its transaction, its ord (block × 100,000 + log index) and its block time.
 */
import { db, publicClients } from "ponder:api";
import * as s from "ponder:schema";
import { and, asc, count, desc, eq, gt, gte, inArray, lt, sum } from "ponder";
import { addresses } from "../../abis.js";

type Hex = `0x${string}`;

const calendarAbi = ["genesis", "periodLength", "gracePeriod"].map((name) => ({
  type: "function", name, stateMutability: "view", inputs: [], outputs: [{ name: "", type: "uint64" }],
})) as readonly { type: "function"; name: string; stateMutability: "view"; inputs: []; outputs: [{ name: ""; type: "uint64" }] }[];

let calendar: Promise<{ genesis: bigint; length: bigint; grace: bigint }> | undefined;
/** The calendar's immutable parameters, read once (again after a failed read). */
function calendarParams() {
  calendar ??= (async () => {
    const read = (functionName: string) =>
      publicClients.pcx.readContract({ address: addresses.PeriodCalendar!, abi: calendarAbi, functionName }) as Promise<bigint>;
    const [genesis, length, grace] = await Promise.all([read("genesis"), read("periodLength"), read("gracePeriod")]);
    return { genesis, length, grace };
  })().catch((e: unknown) => {
    calendar = undefined;
    throw e;
  });
  return calendar;
}

/** Block time of events by ord (event_log holds every PCX event). */
async function timesOf(ords: bigint[]): Promise<Map<bigint, bigint>> {
  if (ords.length === 0) return new Map();
  const rows = await db.select({ ord: s.eventLog.ord, timestamp: s.eventLog.timestamp }).from(s.eventLog).where(inArray(s.eventLog.ord, [...new Set(ords)]));
  return new Map(rows.map((r) => [r.ord, r.timestamp]));
}

export async function accountStatement(account: Hex, period: number) {
  const cal = await calendarParams();
  const start = cal.genesis + BigInt(period) * cal.length;
  const end = start + cal.length;
  const inWindow = (timestamp: Parameters<typeof gte>[0]) => and(gte(timestamp, start), lt(timestamp, end));

  const [summary] = await db.select().from(s.accountPeriod).where(and(eq(s.accountPeriod.account, account), eq(s.accountPeriod.period, period)));
  const devices = await db.select().from(s.device).where(eq(s.device.owner, account)).orderBy(asc(s.device.boundBlock));
  const kindOf = new Map(devices.map((d) => [d.address, d.kind]));
  const readingDays = await db
    .select({ device: s.reading.device, day: s.reading.day, readings: count(), kg: sum(s.reading.kg) })
    .from(s.reading)
    .where(and(eq(s.reading.owner, account), eq(s.reading.period, period), eq(s.reading.accepted, true)))
    .groupBy(s.reading.device, s.reading.day)
    .orderBy(asc(s.reading.day), asc(s.reading.device));
  const payoffs = await db.select().from(s.estimatePayoff).where(and(eq(s.estimatePayoff.owner, account), eq(s.estimatePayoff.period, period))).orderBy(asc(s.estimatePayoff.ord));
  const gapEstimates = await db.select().from(s.gapEstimate).where(and(eq(s.gapEstimate.account, account), eq(s.gapEstimate.period, period))).orderBy(asc(s.gapEstimate.ord));
  const allowances = await db.select().from(s.allowanceClaim).where(and(eq(s.allowanceClaim.account, account), eq(s.allowanceClaim.period, period))).orderBy(asc(s.allowanceClaim.ord));
  const [settlement] = await db.select().from(s.settlement).where(and(eq(s.settlement.account, account), eq(s.settlement.period, period)));
  const [withheld] = await db.select().from(s.rewardWithheld).where(and(eq(s.rewardWithheld.account, account), eq(s.rewardWithheld.period, period)));
  const rewardClaims = await db.select().from(s.rewardClaim).where(and(eq(s.rewardClaim.account, account), eq(s.rewardClaim.period, period))).orderBy(asc(s.rewardClaim.ord));
  const taken = await db.select().from(s.trade).where(and(eq(s.trade.taker, account), inWindow(s.trade.timestamp))).orderBy(asc(s.trade.ord));
  const made = await db.select().from(s.tradeFill).where(and(eq(s.tradeFill.maker, account), inWindow(s.tradeFill.timestamp))).orderBy(asc(s.tradeFill.ord));
  const retirements = await db.select().from(s.retirement).where(and(eq(s.retirement.retiree, account), inWindow(s.retirement.timestamp))).orderBy(asc(s.retirement.ord));
  // Every shortfall and payment of the account: a period's deficit is paid by later payments.
  const shortfalls = await db.select().from(s.settlement).where(and(eq(s.settlement.account, account), gt(s.settlement.shortfall, 0n))).orderBy(asc(s.settlement.ord));
  const payments = await db.select().from(s.deficitPayment).where(eq(s.deficitPayment.account, account)).orderBy(asc(s.deficitPayment.ord));
  // A payment made by claimAllowance shares its transaction with the AllowanceClaimed it follows.
  const claimTxs = payments.length === 0 ? [] : await db.select({ tx: s.allowanceClaim.tx, period: s.allowanceClaim.period }).from(s.allowanceClaim).where(and(eq(s.allowanceClaim.account, account), inArray(s.allowanceClaim.tx, payments.map((p) => p.tx))));
  const allowanceOfTx = new Map(claimTxs.map((c) => [c.tx, c.period]));
  const [last] = await db.select({ ord: s.eventLog.ord }).from(s.eventLog).orderBy(desc(s.eventLog.ord)).limit(1);

  const times = await timesOf([
    ...payoffs.map((p) => p.ord), ...gapEstimates.map((g) => g.ord), ...allowances.map((a) => a.ord), ...(settlement ? [settlement.ord] : []),
    ...rewardClaims.map((r) => r.ord), ...shortfalls.map((x) => x.ord), ...payments.map((p) => p.ord),
  ]);
  const at = <T extends { ord: bigint }>(row: T) => ({ ...row, timestamp: times.get(row.ord) ?? null });

  const trades = [
    ...taken.map((t) => ({
      id: t.id, ord: t.ord, tx: t.tx, timestamp: t.timestamp, role: "taker" as const, side: t.takerSide, tick: t.tick, lots: t.lots,
      quoteAmount: t.quoteAmount, fee: t.fee, orderId: null,
    })),
    ...made.map((f) => ({
      id: f.id, ord: f.ord, tx: f.tx, timestamp: f.timestamp, role: "maker" as const, side: f.makerSide, tick: f.tick, lots: f.lots,
      quoteAmount: f.quoteAmount, fee: 0n, orderId: f.orderId,
    })),
  ].sort((a, b) => (a.ord < b.ord ? -1 : a.ord > b.ord ? 1 : a.id < b.id ? -1 : 1));

  return {
    account,
    period,
    start,
    end,
    settleableAt: end + cal.grace,
    asOfBlock: (last?.ord ?? 0n) / 100_000n,
    summary: summary ?? null,
    devices,
    readingDays: readingDays.map((r) => ({ device: r.device, kind: kindOf.get(r.device) ?? null, day: r.day, readings: Number(r.readings), kg: String(r.kg ?? "0") })),
    payoffs: payoffs.map((p) => ({ ...at(p), kind: kindOf.get(p.device) ?? null })),
    gapEstimates: gapEstimates.map(at),
    allowances: allowances.map(at),
    settlement: settlement ? at(settlement) : null,
    rewardWithheld: withheld ?? null,
    rewardClaims: rewardClaims.map(at),
    trades,
    retirements,
    deficit: {
      settlements: shortfalls.map((x) => ({ period: x.period, shortfall: x.shortfall, ord: x.ord, tx: x.tx, timestamp: times.get(x.ord) ?? null })),
      payments: payments.map((p) => ({ ...at(p), allowancePeriod: allowanceOfTx.get(p.tx) ?? null })),
    },
  };
}
