/**
 * Market risk signals over the indexed order-book events and token transfers (sdk/risk,
 * docs/market-risk.md): event_log's OrderBook events and CarbonCredit transfers plus
 * quote_transfer, mapped with riskEventFromLog and assessed with assessMarket over a trailing
 * range. A report is cached per (window, last indexed PCX event): a block that carries no PCX
 * event, or a second request, costs one indexed lookup.
 */
import { db } from "ponder:api";
import * as s from "ponder:schema";
import { and, asc, desc, eq, gte, inArray, or } from "ponder";
import { addresses, quoteAddress } from "../../abis.js";
import { assessMarket, riskEventFromLog, sortRiskEvents, type RiskEvent, type RiskReport } from "../../../sdk/risk/index.js";

/** Trailing window (seconds) when ?window= is absent: 30 days of the market, measured back from its last event. */
export const DEFAULT_RISK_WINDOW = 30 * 86_400;
const BOOK_EVENTS = ["OrderPlaced", "Trade", "OrderCancelled", "Claimed", "ReferencePriceSet"];

/** The infrastructure the funding graph must not count as a link: every PCX contract and the quote token. */
const infrastructure = [...Object.values(addresses).filter((a): a is `0x${string}` => typeof a === "string"), ...(quoteAddress ? [quoteAddress] : [])].map((a) => a.toLowerCase());

export interface CachedRisk {
  report: RiskReport;
  /** The last indexed PCX event (event_log / quote_transfer ord) the report includes. */
  lastOrd: bigint;
  fromTimestamp: number;
  window: number | "all";
}

/** The newest ord of the tables the signals read (one index lookup each). */
export async function lastRiskOrd(): Promise<bigint> {
  const [e] = await db.select({ ord: s.eventLog.ord }).from(s.eventLog).orderBy(desc(s.eventLog.ord)).limit(1);
  const [q] = await db.select({ ord: s.quoteTransfer.ord }).from(s.quoteTransfer).orderBy(desc(s.quoteTransfer.ord)).limit(1);
  const a = e?.ord ?? 0n, b = q?.ord ?? 0n;
  return a > b ? a : b;
}

async function loadEvents(window: number | "all"): Promise<{ events: RiskEvent[]; fromTimestamp: number }> {
  const [last] = await db.select({ t: s.eventLog.timestamp }).from(s.eventLog).orderBy(desc(s.eventLog.ord)).limit(1);
  const since = window === "all" || !last ? 0n : last.t - BigInt(window);
  const rows = await db
    .select()
    .from(s.eventLog)
    .where(
      and(
        or(and(eq(s.eventLog.contract, "OrderBook"), inArray(s.eventLog.name, BOOK_EVENTS)), and(eq(s.eventLog.contract, "CarbonCredit"), eq(s.eventLog.name, "Transfer"))),
        since > 0n ? gte(s.eventLog.timestamp, since) : undefined,
      ),
    )
    .orderBy(asc(s.eventLog.ord));
  const quote = await db
    .select()
    .from(s.quoteTransfer)
    .where(since > 0n ? gte(s.quoteTransfer.timestamp, since) : undefined)
    .orderBy(asc(s.quoteTransfer.ord));
  const events: RiskEvent[] = [];
  for (const r of rows) {
    const e = riskEventFromLog(r.contract === "OrderBook" ? "book" : "pcc", r.name, r.args as Record<string, unknown>, {
      blockNumber: Number(r.block), logIndex: r.logIndex, txHash: r.tx, timestamp: Number(r.timestamp),
    });
    if (e) events.push(e);
  }
  for (const q of quote) {
    const e = riskEventFromLog("quote", "Transfer", { from: q.from, to: q.to, value: q.value }, {
      blockNumber: Number(q.ord / 100_000n), logIndex: Number(q.ord % 100_000n), txHash: q.tx, timestamp: Number(q.timestamp),
    });
    if (e) events.push(e);
  }
  return { events: sortRiskEvents(events), fromTimestamp: Number(since) };
}

const cache = new Map<string, CachedRisk>();
let computed = 0;

/** The report over the trailing `window` (seconds, or "all"), recomputed only when a PCX event was indexed since. */
export async function riskReport(window: number | "all" = DEFAULT_RISK_WINDOW): Promise<CachedRisk> {
  const lastOrd = await lastRiskOrd();
  const key = `${window}`;
  const hit = cache.get(key);
  if (hit && hit.lastOrd === lastOrd) return hit;
  const { events, fromTimestamp } = await loadEvents(window);
  const report = assessMarket(events, { ignore: infrastructure });
  computed++;
  const fresh: CachedRisk = { report, lastOrd, fromTimestamp, window };
  cache.set(key, fresh);
  if (cache.size > 16) cache.delete(cache.keys().next().value!);
  return fresh;
}

/** How many reports were computed (not served from the cache), for /api/risk/summary. */
export const riskComputations = () => computed;
