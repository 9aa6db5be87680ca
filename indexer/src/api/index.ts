/**
 * The indexer's HTTP API (Hono, served by Ponder on PCX_INDEXER_PORT, default 42069):
 *   /graphql (and /)   Ponder's GraphQL over every table
 *   /sql/*             Ponder's SQL over HTTP (@ponder/client)
 *   /api/…             typed REST lists for the app and the audit (README "Indexer")
 * Ponder itself serves /health, /ready (200 once historical indexing is done), /status, /metrics.
 *
 * Lists return { items, nextCursor }: pass nextCursor back as ?cursor= for the next page
 * (null: no more). ?limit= 1..500 (default 100). Chain-ordered lists take ?dir=asc|desc
 * (default desc, newest first). Amounts are decimal strings (bigints).
 *
 * /api/progress is the cheap "did anything change" probe: the newest indexed PCX event. The app
 * keys its history queries on it, so a block without a PCX event refetches nothing.
 */
import { db } from "ponder:api";
import schema from "ponder:schema";
import * as s from "ponder:schema";
import { Hono, type Context } from "hono";
import { and, asc, client, count, desc, eq, gt, gte, lt, lte, graphql, or, sum } from "ponder";
import { DEFAULT_RISK_WINDOW, lastRiskOrd, riskComputations, riskReport } from "./risk.js";
import { accountStatement } from "./statement.js";
import { emissionSeries, SeriesTooLong } from "./emission-series.js";
import { communityBoard } from "./community.js";
import { COMMUNITY_PERIODS, publicEntry } from "../../../sdk/community.js";

type SQL = NonNullable<ReturnType<typeof and>>;

const app = new Hono();

app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));
app.use("/", graphql({ db, schema }));

const send = (c: Context, body: unknown, status = 200) =>
  c.body(JSON.stringify(body, (_k, v) => (typeof v === "bigint" ? v.toString() : v)), status as 200, { "content-type": "application/json" });

class BadRequest extends Error {}
app.onError((err, c) => (err instanceof BadRequest || err instanceof SeriesTooLong ? send(c, { error: err.message }, 400) : send(c, { error: String(err) }, 500)));

function limitOf(c: Context): number {
  const raw = c.req.query("limit");
  const n = raw === undefined ? 100 : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new BadRequest("limit must be an integer 1..500");
  return n;
}
function address(v: string | undefined, what = "address"): `0x${string}` {
  if (!v || !/^0x[0-9a-fA-F]{40}$/.test(v)) throw new BadRequest(`${what} must be a 0x-prefixed 20-byte hex address`);
  return v.toLowerCase() as `0x${string}`;
}
function intOf(v: string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new BadRequest(`${what} must be a non-negative integer`);
  return Number(v);
}
function bigOf(v: string | undefined, what: string): bigint | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new BadRequest(`${what} must be a non-negative integer`);
  return BigInt(v);
}

type OrdTable = typeof s.eventLog | typeof s.trade | typeof s.settlement | typeof s.reading | typeof s.retirement | typeof s.deficitPayment | typeof s.bookOrder | typeof s.transfer | typeof s.orderCancel | typeof s.orderClaim | typeof s.rewardClaim | typeof s.allowanceClaim | typeof s.gapEstimate | typeof s.estimatePayoff | typeof s.rawCommitment;

/** A page of a chain-ordered table: keyset on `ord`, newest first unless ?dir=asc. */
async function ordPage(c: Context, table: OrdTable, ...filters: (SQL | undefined)[]) {
  const limit = limitOf(c);
  const dir = c.req.query("dir") ?? "desc";
  if (dir !== "asc" && dir !== "desc") throw new BadRequest("dir must be asc or desc");
  const cursor = bigOf(c.req.query("cursor"), "cursor");
  const where = and(...filters, cursor === undefined ? undefined : dir === "asc" ? gt(table.ord, cursor) : lt(table.ord, cursor));
  // Every table in OrdTable has `ord`; drizzle's types cannot see that through the union.
  const rows = (await db
    .select()
    .from(table as typeof s.trade)
    .where(where)
    .orderBy(dir === "asc" ? asc(table.ord) : desc(table.ord))
    .limit(limit + 1)) as { ord: bigint }[];
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.ord.toString() : null };
}

// ── Explorer ──────────────────────────────────────────────────────────────────────────────
/** Every event, optionally of one contract and/or one event name. */
app.get("/api/events", async (c) => {
  const contract = c.req.query("contract"), name = c.req.query("name");
  return send(c, await ordPage(c, s.eventLog, contract ? eq(s.eventLog.contract, contract) : undefined, name ? eq(s.eventLog.name, name) : undefined));
});

/** The newest indexed PCX event: { lastOrd, lastBlock } ("0" before the first). */
app.get("/api/progress", async (c) => {
  const lastOrd = await lastRiskOrd();
  return send(c, { lastOrd: lastOrd.toString(), lastBlock: (lastOrd / 100_000n).toString() });
});

// ── Accounts ──────────────────────────────────────────────────────────────────────────────
/** Accounts (balance, deficit, enrolment), by address: the audit compares balances and deficits. */
app.get("/api/accounts", async (c) => {
  const limit = limitOf(c);
  const cursor = c.req.query("cursor");
  const rows = await db
    .select()
    .from(s.account)
    .where(cursor ? gt(s.account.address, address(cursor, "cursor")) : undefined)
    .orderBy(asc(s.account.address))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return send(c, { items, nextCursor: rows.length > limit ? items[items.length - 1]!.address : null });
});

app.get("/api/accounts/:address", async (c) => {
  const a = address(c.req.param("address"));
  const [row] = await db.select().from(s.account).where(eq(s.account.address, a));
  const devices = await db.select().from(s.device).where(eq(s.device.owner, a)).orderBy(asc(s.device.boundBlock));
  const ZERO = "0x0000000000000000000000000000000000000000";
  const [minted] = await db.select({ v: sum(s.transfer.value) }).from(s.transfer).where(and(eq(s.transfer.from, ZERO), eq(s.transfer.to, a)));
  const [burned] = await db.select({ v: sum(s.transfer.value) }).from(s.transfer).where(and(eq(s.transfer.from, a), eq(s.transfer.to, ZERO)));
  return row ? send(c, { ...row, minted: String(minted?.v ?? "0"), burned: String(burned?.v ?? "0"), devices }) : send(c, { error: `no events name ${a}` }, 404);
});

/** An account's trail: every event naming it, newest first, with the event's arguments. */
app.get("/api/accounts/:address/trail", async (c) => {
  const a = address(c.req.param("address"));
  const limit = limitOf(c);
  const cursor = bigOf(c.req.query("cursor"), "cursor");
  const rows = await db
    .select({ event: s.eventLog })
    .from(s.accountEvent)
    .innerJoin(s.eventLog, eq(s.eventLog.id, s.accountEvent.eventId))
    .where(and(eq(s.accountEvent.account, a), cursor === undefined ? undefined : lt(s.accountEvent.ord, cursor)))
    .orderBy(desc(s.accountEvent.ord))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((r) => r.event);
  return send(c, { items, nextCursor: rows.length > limit ? items[items.length - 1]!.ord.toString() : null });
});

/** Emissions (and allowance, settlement, reward) per period of one account, oldest period first. */
app.get("/api/accounts/:address/periods", async (c) => {
  const a = address(c.req.param("address"));
  const limit = limitOf(c);
  const cursor = intOf(c.req.query("cursor"), "cursor");
  const rows = await db
    .select()
    .from(s.accountPeriod)
    .where(and(eq(s.accountPeriod.account, a), cursor === undefined ? undefined : gt(s.accountPeriod.period, cursor)))
    .orderBy(asc(s.accountPeriod.period))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return send(c, { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!.period) : null });
});

/**
 * Emissions booked in one period per device of one account (?period=, required): accepted readings
 * less what paid off an earlier gap estimate, as EmissionOracle books them; with the device's kind.
 */
app.get("/api/accounts/:address/period-devices", async (c) => {
  const a = address(c.req.param("address"));
  const period = intOf(c.req.query("period"), "period");
  if (period === undefined) throw new BadRequest("period is required");
  const measured = await db
    .select({ device: s.reading.device, kg: sum(s.reading.kg), readings: count() })
    .from(s.reading)
    .where(and(eq(s.reading.owner, a), eq(s.reading.period, period), eq(s.reading.accepted, true)))
    .groupBy(s.reading.device);
  const paid = await db
    .select({ device: s.estimatePayoff.device, kg: sum(s.estimatePayoff.kg) })
    .from(s.estimatePayoff)
    .where(and(eq(s.estimatePayoff.owner, a), eq(s.estimatePayoff.period, period)))
    .groupBy(s.estimatePayoff.device);
  const devices = await db.select().from(s.device).where(eq(s.device.owner, a));
  const kindOf = new Map(devices.map((d) => [d.address, d.kind]));
  const paidOf = new Map(paid.map((p) => [p.device, BigInt(p.kg ?? 0)]));
  const items = measured.map((m) => ({
    device: m.device, kind: kindOf.get(m.device) ?? null, readings: Number(m.readings),
    measured: String(m.kg ?? "0"), paidOff: (paidOf.get(m.device) ?? 0n).toString(), kg: (BigInt(m.kg ?? 0) - (paidOf.get(m.device) ?? 0n)).toString(),
  }));
  return send(c, { period, items });
});

/**
 * One period's statement of one account (?period=, required): every row sdk/statement.ts needs,
 * with transactions, ords and block times (indexer/src/api/statement.ts).
 */
app.get("/api/accounts/:address/statement", async (c) => {
  const a = address(c.req.param("address"));
  const period = intOf(c.req.query("period"), "period");
  if (period === undefined) throw new BadRequest("period is required");
  if (period > 0xffffffff) throw new BadRequest("period must fit a uint32");
  return send(c, await accountStatement(a, period));
});

/**
 * One account's booked emissions per device kind in buckets of ?step= seconds of block time
 * (1..31 days' worth; buckets start at multiples of step), for ?period= and/or the range
 * ?from= .. ?to= (unix seconds, to exclusive); one of period and from is required. Oldest first.
 */
app.get("/api/accounts/:address/emission-series", async (c) => {
  const account = address(c.req.param("address"));
  const step = intOf(c.req.query("step"), "step");
  if (step === undefined || step < 1 || step > 31 * 86_400) throw new BadRequest("step must be an integer 1..2678400 (seconds)");
  const period = intOf(c.req.query("period"), "period");
  const from = bigOf(c.req.query("from"), "from"), to = bigOf(c.req.query("to"), "to");
  if (period === undefined && from === undefined) throw new BadRequest("period or from is required");
  const items = await emissionSeries({ account, step, period, from, to });
  return send(c, { step, period: period ?? null, items });
});

/** Emissions per period per account, all accounts (?period= for one period); cursor "period:account". */
app.get("/api/emissions", async (c) => {
  const limit = limitOf(c);
  const period = intOf(c.req.query("period"), "period");
  const cursor = c.req.query("cursor");
  let after: SQL | undefined;
  if (cursor) {
    const [p, a] = cursor.split(":");
    const cp = intOf(p, "cursor period")!;
    after = or(gt(s.accountPeriod.period, cp), and(eq(s.accountPeriod.period, cp), gt(s.accountPeriod.account, address(a, "cursor account"))));
  }
  const rows = await db
    .select()
    .from(s.accountPeriod)
    .where(and(period === undefined ? undefined : eq(s.accountPeriod.period, period), after))
    .orderBy(asc(s.accountPeriod.period), asc(s.accountPeriod.account))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return send(c, { items, nextCursor: rows.length > limit && last ? `${last.period}:${last.account}` : null });
});

app.get("/api/settlements", async (c) => {
  const a = c.req.query("account"), p = intOf(c.req.query("period"), "period");
  return send(c, await ordPage(c, s.settlement, a ? eq(s.settlement.account, address(a, "account")) : undefined, p === undefined ? undefined : eq(s.settlement.period, p)));
});
app.get("/api/deficit-payments", async (c) => {
  const a = c.req.query("account");
  return send(c, await ordPage(c, s.deficitPayment, a ? eq(s.deficitPayment.account, address(a, "account")) : undefined));
});
app.get("/api/rewards", async (c) => {
  const a = c.req.query("account");
  return send(c, await ordPage(c, s.rewardClaim, a ? eq(s.rewardClaim.account, address(a, "account")) : undefined));
});
app.get("/api/allowances", async (c) => {
  const a = c.req.query("account");
  return send(c, await ordPage(c, s.allowanceClaim, a ? eq(s.allowanceClaim.account, address(a, "account")) : undefined));
});
app.get("/api/gap-estimates", async (c) => send(c, await ordPage(c, s.gapEstimate)));
app.get("/api/estimate-payoffs", async (c) => send(c, await ordPage(c, s.estimatePayoff)));
app.get("/api/retirements", async (c) => {
  const a = c.req.query("account");
  return send(c, await ordPage(c, s.retirement, a ? or(eq(s.retirement.retiree, address(a, "account")), eq(s.retirement.beneficiary, address(a, "account"))) : undefined));
});
app.get("/api/transfers", async (c) => {
  const a = c.req.query("account");
  return send(c, await ordPage(c, s.transfer, a ? or(eq(s.transfer.from, address(a, "account")), eq(s.transfer.to, address(a, "account"))) : undefined));
});
app.get("/api/supply", async (c) => {
  const [token] = await db.select().from(s.tokenSupply).where(eq(s.tokenSupply.id, "CarbonCredit"));
  const [market] = await db.select().from(s.market).where(eq(s.market.id, "OrderBook"));
  return send(c, { token: token ?? null, market: market ?? null });
});

// ── Devices and readings ──────────────────────────────────────────────────────────────────
app.get("/api/devices/:address", async (c) => {
  const d = address(c.req.param("address"));
  const [row] = await db.select().from(s.device).where(eq(s.device.address, d));
  return row ? send(c, row) : send(c, { error: `no device ${d}` }, 404);
});
app.get("/api/devices/:address/readings", async (c) => send(c, await ordPage(c, s.reading, eq(s.reading.device, address(c.req.param("address"))))));
/** The device's checkpoint commitments (CheckpointsCommitted + calldata): root, count and seq range of each raw series. */
app.get("/api/devices/:address/commitments", async (c) => send(c, await ordPage(c, s.rawCommitment, eq(s.rawCommitment.device, address(c.req.param("address"))))));
/** Readings per UTC day of one device (?from= / ?to= day numbers, days since 1970), oldest first. */
app.get("/api/devices/:address/days", async (c) => {
  const d = address(c.req.param("address"));
  const limit = limitOf(c);
  const from = intOf(c.req.query("from"), "from"), to = intOf(c.req.query("to"), "to"), cursor = intOf(c.req.query("cursor"), "cursor");
  const rows = await db
    .select()
    .from(s.deviceDay)
    .where(and(eq(s.deviceDay.device, d), from === undefined ? undefined : gte(s.deviceDay.day, from), to === undefined ? undefined : lte(s.deviceDay.day, to), cursor === undefined ? undefined : gt(s.deviceDay.day, cursor)))
    .orderBy(asc(s.deviceDay.day))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return send(c, { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!.day) : null });
});

// ── Market ────────────────────────────────────────────────────────────────────────────────
app.get("/api/trades", async (c) => {
  const taker = c.req.query("taker");
  return send(c, await ordPage(c, s.trade, taker ? eq(s.trade.taker, address(taker, "taker")) : undefined));
});
/** Orders, newest first; ?owner=, ?status=open|filled|cancelled, ?unclaimed=1 (filled lots not yet claimed). */
app.get("/api/orders", async (c) => {
  const owner = c.req.query("owner"), status = c.req.query("status"), unclaimed = c.req.query("unclaimed");
  if (status && !["open", "filled", "cancelled"].includes(status)) throw new BadRequest("status must be open, filled or cancelled");
  if (unclaimed !== undefined && unclaimed !== "1") throw new BadRequest("unclaimed must be 1");
  return send(
    c,
    await ordPage(c, s.bookOrder, owner ? eq(s.bookOrder.owner, address(owner, "owner")) : undefined, status ? eq(s.bookOrder.status, status) : undefined, unclaimed ? gt(s.bookOrder.filled, s.bookOrder.claimedLots) : undefined),
  );
});
/** Claimed events (a maker's proceeds withdrawn), newest first; ?owner=. */
app.get("/api/claims", async (c) => {
  const owner = c.req.query("owner");
  return send(c, await ordPage(c, s.orderClaim, owner ? eq(s.orderClaim.owner, address(owner, "owner")) : undefined));
});
/** The book's depth: live lots per level, best first (bids high → low, asks low → high). */
app.get("/api/book", async (c) => {
  const levels = await db.select().from(s.level).where(gt(s.level.liveLots, 0n));
  const bids = levels.filter((l) => l.side === 0).sort((a, b) => b.tick - a.tick);
  const asks = levels.filter((l) => l.side === 1).sort((a, b) => a.tick - b.tick);
  return send(c, { bids, asks });
});
/** OHLC candles of one interval (1m, 1h, 1d), oldest first; ?from= / ?to= unix seconds; cursor = last bucket. */
app.get("/api/candles", async (c) => {
  const interval = c.req.query("interval") ?? "1h";
  if (!["1m", "1h", "1d"].includes(interval)) throw new BadRequest("interval must be 1m, 1h or 1d");
  const limit = limitOf(c);
  const from = bigOf(c.req.query("from"), "from"), to = bigOf(c.req.query("to"), "to"), cursor = bigOf(c.req.query("cursor"), "cursor");
  const rows = await db
    .select()
    .from(s.candle)
    .where(and(eq(s.candle.interval, interval), from === undefined ? undefined : gte(s.candle.bucket, from), to === undefined ? undefined : lte(s.candle.bucket, to), cursor === undefined ? undefined : gt(s.candle.bucket, cursor)))
    .orderBy(asc(s.candle.bucket))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return send(c, { items, nextCursor: rows.length > limit ? items[items.length - 1]!.bucket.toString() : null });
});

// ── Community board (docs/community.md, sdk/community.ts) ───────────────────────────────────
/**
 * The opt-in board, ranked: ranked members first (rank 1 = largest reduction against its own
 * baseline), then the ones not ranked yet; paged by position (?cursor= from nextCursor). Each item
 * is a pseudonym, rank, reductionPpm (1,000,000 = 100 %), periodsCounted and throughPeriod: no
 * address, readings, devices or kilograms.
 */
app.get("/api/community", async (c) => {
  const limit = limitOf(c);
  const start = intOf(c.req.query("cursor"), "cursor") ?? 0;
  const { board, members, ranked } = await communityBoard();
  const items = board.slice(start, start + limit).map(publicEntry);
  return send(c, { items, nextCursor: start + limit < board.length ? String(start + limit) : null, members, ranked, periods: COMMUNITY_PERIODS });
});
/** One account's own line (the connected household asks for itself): { member: false } when it is not on the board. */
app.get("/api/community/:account", async (c) => {
  const a = address(c.req.param("account"));
  const { board, members, ranked } = await communityBoard();
  const mine = board.find((r) => r.account === a);
  return send(c, { member: mine !== undefined, entry: mine ? publicEntry(mine) : null, members, ranked, periods: COMMUNITY_PERIODS });
});

// ── Market risk signals (sdk/risk, docs/market-risk.md) ─────────────────────────────────────
/** ?window= seconds of trailing market history (default 30 days back from the last event) or "all". */
function windowOf(c: Context): number | "all" {
  const raw = c.req.query("window");
  if (raw === undefined) return DEFAULT_RISK_WINDOW;
  if (raw === "all") return "all";
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new BadRequest("window must be a positive number of seconds or all");
  return Number(raw);
}
app.get("/api/risk/summary", async (c) => {
  const r = await riskReport(windowOf(c));
  return send(c, {
    ...r.report.summary, window: r.window, fromTimestamp: r.fromTimestamp, generatedAtOrd: r.lastOrd.toString(), generatedAtBlock: (r.lastOrd / 100_000n).toString(),
    computations: riskComputations(), config: { ...r.report.config, concentration: { ...r.report.config.concentration, windowSec: Number.isFinite(r.report.config.concentration.windowSec) ? r.report.config.concentration.windowSec : null } },
  });
});
/** One account's risk: highest score per signal and every flag naming it (score 0 and no flags if none; never 404). */
app.get("/api/risk/accounts/:address", async (c) => {
  const a = address(c.req.param("address"));
  const r = await riskReport(windowOf(c));
  const row = r.report.accounts.find((x) => x.account === a);
  const flags = r.report.flags.filter((f) => f.accounts.includes(a));
  return send(c, { account: a, scores: row?.scores ?? {}, score: row?.score ?? 0, flags, generatedAtBlock: (r.lastOrd / 100_000n).toString() });
});
/** Every flag, best score first per rule; ?signal=wash|spoofing|offReference|concentration, ?minScore=, paged by position. */
app.get("/api/risk/flags", async (c) => {
  const signal = c.req.query("signal");
  if (signal && !["wash", "spoofing", "offReference", "concentration"].includes(signal)) throw new BadRequest("signal must be wash, spoofing, offReference or concentration");
  const minRaw = c.req.query("minScore");
  const minScore = minRaw === undefined ? 0 : Number(minRaw);
  if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1) throw new BadRequest("minScore must be a number 0..1");
  const limit = limitOf(c);
  const start = intOf(c.req.query("cursor"), "cursor") ?? 0;
  const r = await riskReport(windowOf(c));
  const all = r.report.flags.filter((f) => (!signal || f.signal === signal) && f.score >= minScore);
  const items = all.slice(start, start + limit);
  return send(c, { items, nextCursor: start + limit < all.length ? String(start + limit) : null, generatedAtBlock: (r.lastOrd / 100_000n).toString() });
});

export default app;
