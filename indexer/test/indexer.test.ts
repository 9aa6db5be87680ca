/**
 * End to end: a Hardhat node with the PCX core and the order book deployed by Ignition, a busy
 * simulated history (audit/test/simulate.ts: readings, rejections, gap estimates and pay-offs,
 * allowances, transfers, trades, cancels, claims, fees, settlements, deficits, rewards,
 * retirements), and the indexer run twice against it: on PGlite (started before the history, so
 * it indexes block by block as they are mined) and on a real Postgres (started after, so it
 * backfills). Every table the app reads is compared with the chain's own views and events; a
 * reorg (evm_snapshot / evm_revert) must be rolled back; the audit's --compare-indexer must be
 * clean, then name the rows tampered through Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Contract, Wallet, keccak256, toUtf8Bytes, type InterfaceAbi, type Log } from "ethers";
import { signReading, toSubmitArgs } from "../../sdk/readings.js";
import { emissionOracleDomain } from "../../sdk/typed-data.js";
import pg from "pg";
import { createClient } from "@ponder/client";
import { eq } from "@ponder/client";
import { deploymentStartBlock } from "../../sdk/deployment.js";
import { pcxAbis } from "../../sdk/contracts.js";
import { ordParts, type IndexerClient, type StatementRows } from "../../sdk/indexer-client.js";
import { buildStatement } from "../../sdk/statement.js";
import { startDeployedNode, runAuditCli, type LocalNode } from "../../audit/test/local-node.js";
import { simulateHistory, type History } from "../../audit/test/simulate.js";
import { startPostgres, type Postgres } from "./postgres.js";
import { startIndexer, type RunningIndexer } from "./indexer-process.js";
import * as schema from "../ponder.schema.js";

const KG = 10n ** 18n;
const timings: Record<string, string> = {};
const latencies: Record<string, number[]> = {};

/** Times one REST call (for the report printed at the end). */
async function timed<T>(name: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await f();
  (latencies[name] ??= []).push(performance.now() - t0);
  return out;
}

describe("PCX indexer on a busy local history", () => {
  /** The node's head, uncached (ethers caches getBlockNumber for a moment). */
  const chainHead = async () => Number(await node.provider.send("eth_blockNumber", []));
  let node: LocalNode;
  let postgres: Postgres;
  let history: History;
  let lite: RunningIndexer;
  let full: RunningIndexer;
  let head: number;
  const c: Record<string, Contract> = {};

  beforeAll(async () => {
    const t0 = Date.now();
    [node, postgres] = await Promise.all([startDeployedNode(), startPostgres()]);
    timings["node + deploy + postgres"] = `${((Date.now() - t0) / 1000).toFixed(1)} s`;
    lite = await startIndexer({ label: "pglite", rpcUrl: node.url, deploymentId: node.deploymentId });
    await lite.waitFor(await chainHead(), 120_000);
    const t1 = Date.now();
    history = await simulateHistory(node.provider, node.deploymentId);
    head = await chainHead();
    const tMined = Date.now();
    timings["history"] = `${((tMined - t1) / 1000).toFixed(1)} s, ${head} blocks`;
    full = await startIndexer({ label: "postgres", rpcUrl: node.url, deploymentId: node.deploymentId, databaseUrl: postgres.url });
    await lite.waitFor(head);
    timings["PGlite (live) caught up after the last block"] = `${Date.now() - tMined} ms`;
    await full.waitFor(head);
    timings["Postgres (backfill from start) reached the head"] = `${((Date.now() - tMined) / 1000).toFixed(1)} s incl. start-up`;
    for (const name of ["CarbonCredit", "EmissionOracle", "CarbonBudget", "OrderBook", "Registry", "EmissionFactors"] as const) {
      c[name] = new Contract(history.addresses[name]!, (pcxAbis[name as keyof typeof pcxAbis] as InterfaceAbi), node.provider);
    }
  });

  afterAll(async () => {
    await Promise.all([lite?.stop(), full?.stop()]);
    await Promise.all([node?.stop(), postgres?.stop()]);
    for (const [name, ms] of Object.entries(latencies)) {
      const sorted = [...ms].sort((a, b) => a - b);
      timings[`GET ${name}`] = `median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms (${ms.length} calls)`;
    }
    console.log("indexer test timings:\n" + Object.entries(timings).map(([k, v]) => `  ${k}: ${v}`).join("\n"));
  });

  const both = () => [lite, full];

  async function events(contract: Contract, name: string) {
    return (await contract.queryFilter(contract.filters[name]!(), deploymentStartBlock(node.deploymentId))) as (Log & { args: Record<string, unknown> & unknown[] })[];
  }

  it.each(["pglite", "postgres"])("%s: emissions, balances, deficits, supply and settlements equal the chain's", async (label) => {
    const ix = both().find((x) => x.label === label)!.client;
    const at = { blockTag: head };
    // Emissions per account and period = EmissionOracle.emissionsOf.
    const rows = await timed("/api/emissions (all pages)", () => ix.collect(ix.emissions, { limit: 10 }));
    for (const h of history.households) for (const p of history.periods) expect(rows.some((r) => r.account === h.toLowerCase() && r.period === p)).toBe(true);
    for (const r of rows) {
      expect([r.account, r.period, BigInt(r.emissions)]).toEqual([r.account, r.period, (await c.EmissionOracle!.emissionsOf(r.account, r.period, at)) as bigint]);
      expect(BigInt(r.estimated)).toBe((await c.EmissionOracle!.estimatedOf(r.account, r.period, at)) as bigint);
    }
    expect(rows.filter((r) => BigInt(r.estimated) > 0n)).toHaveLength(1);
    // Balances and deficits = balanceOf / deficitOf, for every account the indexer knows.
    const accounts = await timed("/api/accounts (all pages)", () => ix.collect(ix.accounts));
    for (const h of history.households) expect(accounts.map((a) => a.address)).toContain(h.toLowerCase());
    for (const a of accounts) {
      expect([a.address, BigInt(a.balance)]).toEqual([a.address, (await c.CarbonCredit!.balanceOf(a.address, at)) as bigint]);
      expect([a.address, BigInt(a.deficit)]).toEqual([a.address, (await c.CarbonBudget!.deficitOf(a.address, at)) as bigint]);
    }
    expect(accounts.filter((a) => BigInt(a.deficit) > 0n).length).toBeGreaterThan(0);
    const supply = await timed("/api/supply", () => ix.supply());
    expect(BigInt(supply.token!.totalSupply)).toBe((await c.CarbonCredit!.totalSupply(at)) as bigint);
    expect(BigInt(supply.token!.retired)).toBe((await events(c.CarbonCredit!, "Retired")).reduce((s, e) => s + (e.args.amount as bigint), 0n));
    expect(BigInt(supply.market!.feesAccrued) - BigInt(supply.market!.feesWithdrawn)).toBe(((await c.OrderBook!.market(at)) as { accruedFees: bigint }).accruedFees);
    // Settlements = Settled events, field by field.
    const settled = await events(c.CarbonBudget!, "Settled");
    const settlements = await timed("/api/settlements (all pages)", () => ix.collect(ix.settlements, { dir: "asc" }));
    expect(settlements).toHaveLength(2 * history.households.length);
    expect(settlements.map((s) => [s.account, s.period, s.emissions, s.surrendered, s.shortfall, s.baselineAfter, s.rewardEntitlement, s.tx])).toEqual(
      settled.map((e) => [String(e.args.account).toLowerCase(), Number(e.args.period), ...["emissions", "surrendered", "shortfall", "baselineAfter", "rewardEntitlement"].map((k) => String(e.args[k])), e.transactionHash]),
    );
    const payments = await ix.collect(ix.deficitPayments, { dir: "asc" });
    expect(payments.map((p) => [p.account, p.amount, p.remaining])).toEqual(
      (await events(c.CarbonBudget!, "DeficitPaid")).map((e) => [String(e.args.account).toLowerCase(), String(e.args.amount), String(e.args.remaining)]),
    );
    const retirements = await ix.collect(ix.retirements, { dir: "asc" });
    expect(retirements.map((r) => BigInt(r.id))).toEqual(history.retirementIds);
  });

  it.each(["pglite", "postgres"])("%s: trades, candles, orders and the book equal the order book's", async (label) => {
    const ix = both().find((x) => x.label === label)!.client;
    const at = { blockTag: head };
    const tradeEvents = await events(c.OrderBook!, "Trade");
    const trades = await timed("/api/trades (all pages)", () => ix.collect(ix.trades, { dir: "asc", limit: 4 }));
    expect(trades.map((t) => [ordParts(t.ord).block, t.taker, t.takerSide, t.tick, t.lots, t.quoteAmount, t.fee])).toEqual(
      tradeEvents.map((e) => [BigInt(e.blockNumber), String(e.args.taker).toLowerCase(), Number(e.args.takerSide), Number(e.args.tick), String(e.args.lots), String(e.args.quoteAmount), String(e.args.fee)]),
    );
    // Candles recomputed from the Trade events and their blocks' timestamps.
    for (const [interval, seconds] of [["1m", 60n], ["1h", 3600n], ["1d", 86400n]] as const) {
      const expected = new Map<bigint, { open: number; high: number; low: number; close: number; lots: bigint; trades: number }>();
      for (const e of tradeEvents) {
        const ts = BigInt((await node.provider.getBlock(e.blockNumber))!.timestamp);
        const bucket = (ts / seconds) * seconds;
        const tick = Number(e.args.tick);
        const k = expected.get(bucket);
        if (!k) expected.set(bucket, { open: tick, high: tick, low: tick, close: tick, lots: e.args.lots as bigint, trades: 1 });
        else Object.assign(k, { high: Math.max(k.high, tick), low: Math.min(k.low, tick), close: tick, lots: k.lots + (e.args.lots as bigint), trades: k.trades + 1 });
      }
      const candles = await timed("/api/candles", () => ix.candles({ interval }));
      expect(candles.items.map((x) => [BigInt(x.bucket), { open: x.open, high: x.high, low: x.low, close: x.close, lots: BigInt(x.lots), trades: x.trades }])).toEqual([...expected].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    }
    // Every order's fill and claims = getOrder; open orders = the book's open orders.
    const orders = await timed("/api/orders (all pages)", () => ix.collect(ix.orders));
    expect(orders).toHaveLength(13);
    for (const o of orders) {
      const info = (await c.OrderBook!.getOrder(BigInt(o.id), at)) as { filled: bigint; claimed: bigint; lots: bigint };
      // The book forgets an order once it is filled and claimed (or cancelled with nothing to claim).
      if (info.lots === 0n) expect([o.id, o.status !== "open", o.claimedLots]).toEqual([o.id, true, o.filled]);
      else expect([o.id, BigInt(o.filled), BigInt(o.claimedLots), BigInt(o.lots)]).toEqual([o.id, info.filled, info.claimed, info.lots]);
      if (o.status === "filled") expect(info.filled).toBe(info.lots);
    }
    const open = await ix.collect(ix.orders, { status: "open" });
    expect(open.length).toBeGreaterThan(0);
    const book = await timed("/api/book", () => ix.book());
    const bestBid = (await c.OrderBook!.bestBid(at)) as { exists: boolean; tick: bigint };
    const bestAsk = (await c.OrderBook!.bestAsk(at)) as { exists: boolean; tick: bigint };
    expect(book.bids[0]?.tick).toBe(bestBid.exists ? Number(bestBid.tick) : undefined);
    expect(book.asks[0]?.tick).toBe(bestAsk.exists ? Number(bestAsk.tick) : undefined);
    for (const l of [...book.bids, ...book.asks]) {
      const state = (await c.OrderBook!.levelState(l.side, l.tick, at)) as { live: bigint };
      expect([l.side, l.tick, BigInt(l.liveLots)]).toEqual([l.side, l.tick, state.live]);
    }
  });

  it.each(["pglite", "postgres"])("%s: readings, device days, devices, explorer pages and trails", async (label) => {
    const ix = both().find((x) => x.label === label)!.client;
    const accepted = await events(c.EmissionOracle!, "ReadingAccepted");
    const device = history.devices[0]!.toLowerCase();
    const mine = accepted.filter((e) => String(e.args.device).toLowerCase() === device);
    const days = await timed("/api/devices/:d/days", () => ix.deviceDays(device));
    expect(days.items.reduce((s, d) => s + BigInt(d.kg), 0n)).toBe(mine.reduce((s, e) => s + (e.args.kgCO2e as bigint), 0n));
    expect(days.items.reduce((s, d) => s + d.readings, 0)).toBe(mine.length);
    const readings = await timed("/api/devices/:d/readings", () => ix.collect((q) => ix.deviceReadings(device, q), { limit: 2 }));
    // Newest first; the replayed batch's rejections (StaleSeq) are listed too.
    expect(readings.filter((r) => r.accepted).map((r) => BigInt(r.seq))).toEqual(mine.map((e) => e.args.seq as bigint).reverse());
    expect(readings.filter((r) => !r.accepted).map((r) => r.rejectReason !== null)).toEqual(readings.filter((r) => !r.accepted).map(() => true));
    const d = await ix.device(device);
    expect([d.certifier !== null, d.required, d.readings]).toEqual([true, true, mine.length]);
    expect((await ix.events({ contract: "EmissionOracle", name: "ReadingRejected", limit: 500 })).items).toHaveLength(5);
    await expect(ix.events({ limit: 9999 })).rejects.toThrow(/400 limit must be an integer 1\.\.500/);
    await expect(ix.account("0x12")).rejects.toThrow(/400 address must be/);

    // The explorer's list, page by page, newest first: every log of every PCX contract once.
    const logs = await node.provider.getLogs({ address: Object.values(c).map((x) => x.target as string), fromBlock: deploymentStartBlock(node.deploymentId), toBlock: head });
    const listed = await timed("/api/events (all pages)", () => ix.collect(ix.events, { limit: 97 }));
    expect(listed.length).toBe(logs.length);
    expect(new Set(listed.map((e) => e.id)).size).toBe(logs.length);
    const ords = listed.map((e) => BigInt(e.ord));
    expect(ords.every((o, i) => i === 0 || o < ords[i - 1]!)).toBe(true);
    const first = await timed("/api/events?limit=50", () => ix.events({ limit: 50 }));
    expect(first.items.map((e) => e.id)).toEqual(listed.slice(0, 50).map((e) => e.id));

    // A household's trail names every token transfer it took part in.
    const who = history.households[1]!.toLowerCase();
    const trail = await timed("/api/accounts/:a/trail (all pages)", () => ix.collect((q) => ix.trail(who, q), { limit: 25 }));
    const transfers = (await events(c.CarbonCredit!, "Transfer")).filter((e) => [String(e.args.from).toLowerCase(), String(e.args.to).toLowerCase()].includes(who));
    expect(trail.filter((e) => e.name === "Transfer").length).toBe(transfers.length);
    expect(trail.some((e) => e.name === "Settled")).toBe(true);
    const periods = await timed("/api/accounts/:a/periods", () => ix.accountPeriods(who));
    expect(periods.items.map((p) => p.period)).toEqual(history.periods);
    expect(periods.items.every((p) => p.settled)).toBe(true);
  });

  it.each(["pglite", "postgres"])("%s: every household's period statements equal the chain's figures", async (label) => {
    const ix = both().find((x) => x.label === label)!.client;
    const at = { blockTag: head };
    const calendar = new Contract(history.addresses.PeriodCalendar!, pcxAbis.PeriodCalendar, node.provider);
    const timeOf = new Map<number, bigint>();
    const blockTime = async (n: number) => {
      if (!timeOf.has(n)) timeOf.set(n, BigInt((await node.provider.getBlock(n))!.timestamp));
      return timeOf.get(n)!;
    };
    const [accepted, claims, tradeEvents, retired] = await Promise.all([
      events(c.EmissionOracle!, "ReadingAccepted"), events(c.CarbonBudget!, "AllowanceClaimed"), events(c.OrderBook!, "Trade"), events(c.CarbonCredit!, "Retired"),
    ]);
    const kindOf = new Map<string, number>();
    for (const h of history.households) for (const d of (await ix.account(h.toLowerCase())).devices) kindOf.set(d.address, d.kind);
    const units = { lotSize: (await c.OrderBook!.lotSize()) as bigint, quotePerTickLot: (await c.OrderBook!.quotePerTickLot()) as bigint, quoteDecimals: 6, quoteSymbol: "tUSD" };
    const makerLots = new Map<string, bigint>(), makerQuote = new Map<string, bigint>();
    let retiredInPeriods = 0n;
    for (const h of history.households) {
      const who = h.toLowerCase();
      let outstanding = 0n;
      for (const period of history.periods) {
        const rows: StatementRows = await timed("/api/accounts/:a/statement", () => ix.statement(who, period));
        const [start, end] = [(await calendar.periodStart(period)) as bigint, (await calendar.periodEnd(period)) as bigint];
        expect([rows.period, BigInt(rows.start), BigInt(rows.end)]).toEqual([period, start, end]);
        const st = buildStatement(rows, { now: Number(await blockTime(head)), book: units });
        // Emissions: the total is emissionsOf; each source is the chain's accepted readings of that kind (less pay-offs, plus estimates).
        expect(st.emissions.total).toBe((await c.EmissionOracle!.emissionsOf(who, period, at)) as bigint);
        expect(st.emissions.estimated).toBe((await c.EmissionOracle!.estimatedOf(who, period, at)) as bigint);
        expect(st.emissions.reconciled).toBe(true);
        const mine = accepted.filter((e) => String(e.args.owner).toLowerCase() === who && Number(e.args.period) === period);
        for (const s of st.emissions.bySource) {
          const chainKg = mine.filter((e) => kindOf.get(String(e.args.device).toLowerCase()) === s.kind).reduce((x, e) => x + (e.args.kgCO2e as bigint), 0n);
          expect([who, period, s.kind, s.measured]).toEqual([who, period, s.kind, chainKg]);
        }
        expect(st.emissions.readings).toBe(mine.length);
        // Allowance, settlement and the deficit it opened.
        const claim = claims.filter((e) => String(e.args.account).toLowerCase() === who && Number(e.args.period) === period);
        expect(st.allowance?.amount ?? 0n).toBe(claim.reduce((x, e) => x + (e.args.amount as bigint), 0n));
        expect(st.allowance?.ref.tx).toBe(claim[0]?.transactionHash);
        const settled = (await c.CarbonBudget!.settlement(who, period, at)) as { settled: boolean; emissions: bigint; surrendered: bigint; shortfall: bigint; rewardEntitlement: bigint };
        expect([st.status, st.settlement?.emissions, st.settlement?.surrendered, st.settlement?.shortfall, st.rewards.entitlement]).toEqual(["settled", settled.emissions, settled.surrendered, settled.shortfall, settled.rewardEntitlement]);
        expect(st.deficit.opened).toBe(settled.shortfall);
        outstanding += st.deficit.outstanding;
        // Trades as taker: the chain's Trade events of this taker in the period's window.
        const taken = [];
        for (const e of tradeEvents) {
          const t = await blockTime(e.blockNumber);
          if (String(e.args.taker).toLowerCase() === who && t >= start && t < end) taken.push(e);
        }
        expect(st.trades.filter((t) => t.role === "taker").map((t) => [t.ref.tx, t.kg, t.quote, t.fee])).toEqual(
          taken.map((e) => [e.transactionHash, (e.args.lots as bigint) * units.lotSize, e.args.quoteAmount as bigint, e.args.fee as bigint]),
        );
        for (const t of rows.trades.filter((x) => x.role === "maker")) {
          const tradeId = t.id.slice(0, t.id.lastIndexOf(":"));
          makerLots.set(tradeId, (makerLots.get(tradeId) ?? 0n) + BigInt(t.lots));
          makerQuote.set(tradeId, (makerQuote.get(tradeId) ?? 0n) + BigInt(t.quoteAmount));
        }
        // Retirements made in the window.
        const own = [];
        for (const e of retired) {
          const t = await blockTime(e.blockNumber);
          if (String(e.args.retiree).toLowerCase() === who && t >= start && t < end) own.push(e);
        }
        expect(st.retirements.map((r) => [r.id, r.amount, r.ref.tx])).toEqual(own.map((e) => [e.args.id as bigint, e.args.amount as bigint, e.transactionHash]));
        retiredInPeriods += st.retired;
      }
      // What the statements leave open is the account's deficit on chain.
      expect([who, outstanding]).toEqual([who, (await c.CarbonBudget!.deficitOf(who, at)) as bigint]);
    }
    // Every Trade's lots and quote are attributed to its makers, across the households' statements.
    const byTrade = (await ix.collect(ix.trades, { dir: "asc" })).map((t) => [t.id, BigInt(t.lots), BigInt(t.quoteAmount)]);
    expect(byTrade.length).toBe(tradeEvents.length);
    expect(byTrade.map(([id]) => [id, makerLots.get(id as string), makerQuote.get(id as string)])).toEqual(byTrade);
    // The last retirement happened after both periods: it is on neither statement.
    expect(retiredInPeriods).toBe(retired.slice(0, -1).reduce((x, e) => x + (e.args.amount as bigint), 0n));
    await expect(ix.statement(history.households[0]!, undefined as unknown as number)).rejects.toThrow(/400 period is required/);
  });

  it.each(["pglite", "postgres"])("%s: an account's emission series per kind and bucket equals its readings less pay-offs", async (label) => {
    const ix = both().find((x) => x.label === label)!.client;
    const at = { blockTag: head };
    const kindOf = new Map((await events(c.Registry!, "DeviceBound")).map((e) => [String(e.args.device).toLowerCase(), Number(e.args.kind)]));
    const accepted = await events(c.EmissionOracle!, "ReadingAccepted");
    const paidOff = await events(c.EmissionOracle!, "EstimatePaidOff");
    expect(paidOff.length).toBeGreaterThan(0);
    const blockTime = new Map<number, bigint>();
    const timeOf = async (block: number) => {
      if (!blockTime.has(block)) blockTime.set(block, BigInt((await node.provider.getBlock(block))!.timestamp));
      return blockTime.get(block)!;
    };
    // What the chain says, bucketed by the readings' block time: key "bucket:kind" → kg booked.
    async function expected(who: string, step: bigint, period?: number) {
      const out = new Map<string, bigint>();
      const add = (key: string, kg: bigint) => out.set(key, (out.get(key) ?? 0n) + kg);
      for (const e of accepted) {
        if (String(e.args.owner).toLowerCase() !== who || (period !== undefined && Number(e.args.period) !== period)) continue;
        add(`${((await timeOf(e.blockNumber)) / step) * step}:${kindOf.get(String(e.args.device).toLowerCase())}`, e.args.kgCO2e as bigint);
      }
      for (const e of paidOff) {
        if (String(e.args.owner).toLowerCase() !== who || (period !== undefined && Number(e.args.period) !== period)) continue;
        add(`${((await timeOf(e.blockNumber)) / step) * step}:${kindOf.get(String(e.args.device).toLowerCase())}`, -(e.args.kgCO2e as bigint));
      }
      return out;
    }
    const got = (items: { bucket: string; kind: number | null; kg: string }[]) => new Map(items.map((r) => [`${r.bucket}:${r.kind}`, BigInt(r.kg)]));
    for (const h of history.households) {
      const who = h.toLowerCase();
      for (const p of history.periods) {
        const series = await timed("/api/accounts/:a/emission-series?period=", () => ix.emissionSeries(who, { period: p, step: 60 }));
        expect(got(series.items)).toEqual(await expected(who, 60n, p));
        // The series adds up to the period's booked emissions without its gap estimates.
        const booked = ((await c.EmissionOracle!.emissionsOf(who, p, at)) as bigint) - ((await c.EmissionOracle!.estimatedOf(who, p, at)) as bigint);
        expect([who, p, series.items.reduce((s, r) => s + BigInt(r.kg), 0n)]).toEqual([who, p, booked]);
        const buckets = series.items.map((r) => BigInt(r.bucket));
        expect(buckets.every((b, i) => b % 60n === 0n && (i === 0 || b >= buckets[i - 1]!))).toBe(true);
      }
      // Per UTC day over the whole history: device_day's days, with the pay-offs taken off.
      const days = await timed("/api/accounts/:a/emission-series?from=", () => ix.emissionSeries(who, { from: 0, step: 86_400 }));
      expect(got(days.items)).toEqual(await expected(who, 86_400n));
    }
    // A pay-off shows in its reading's bucket as paid off, not booked.
    const payer = paidOff[0]!;
    const series = await ix.emissionSeries(String(payer.args.owner).toLowerCase(), { period: Number(payer.args.period), step: 1 });
    const bucket = series.items.find((r) => BigInt(r.bucket) === blockTime.get(payer.blockNumber) && r.kind === kindOf.get(String(payer.args.device).toLowerCase()))!;
    expect(BigInt(bucket.paidOff)).toBeGreaterThanOrEqual(payer.args.kgCO2e as bigint);
    expect(BigInt(bucket.kg)).toBe(BigInt(bucket.measured) - BigInt(bucket.paidOff));
    const who = history.households[0]!.toLowerCase();
    await expect(ix.emissionSeries(who, { step: 60 })).rejects.toThrow(/400 period or from is required/);
    await expect(ix.emissionSeries(who, { period: history.periods[0], step: 0 })).rejects.toThrow(/400 step must be/);
  });

  it("serves GraphQL and SQL over HTTP from the same tables, identically on both databases", async () => {
    const who = history.households[2]!.toLowerCase();
    for (const ix of both()) {
      const res = await fetch(`${ix.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: `{ settlements(where: { account: "${who}" }, orderBy: "period") { items { period emissions } } }` }),
      });
      const body = (await res.json()) as { data: { settlements: { items: { period: number; emissions: string }[] } } };
      expect(body.data.settlements.items.map((s) => s.period)).toEqual(history.periods);
      const sql = createClient(`${ix.url}/sql`, { schema });
      const rows = await sql.db.select().from(schema.accountPeriod).where(eq(schema.accountPeriod.account, who));
      for (const r of rows) expect(r.emissions).toBe((await c.EmissionOracle!.emissionsOf(who, r.period, { blockTag: head })) as bigint);
    }
    const dump = async (ix: IndexerClient) => JSON.stringify([await ix.collect(ix.emissions), await ix.collect(ix.accounts), await ix.collect(ix.trades), await ix.collect(ix.orders), (await ix.collect(ix.events)).length]);
    expect(await dump(full.client)).toBe(await dump(lite.client));
  });

  it("the audit's --compare-indexer finds the indexer equal to its own rebuild", async () => {
    const t0 = Date.now();
    const { code, stdout, stderr } = await runAuditCli(["--rpc", node.url, "--deployment", node.deploymentId, "--compare-indexer", lite.url, "--json"]);
    timings["audit --compare-indexer"] = `${((Date.now() - t0) / 1000).toFixed(1)} s`;
    expect(stderr).toBe("");
    const report = JSON.parse(stdout) as { mismatches: unknown[]; checks: { domain: string; figure: string }[] };
    expect(report.mismatches).toEqual([]);
    expect(code).toBe(0);
    const figures = new Set(report.checks.filter((x) => x.domain === "indexer").map((x) => x.figure));
    for (const f of ["emissions per account-period", "settlement", "deficit", "balance", "trade", "totalSupply", "retirement", "indexed up to the audited block"]) expect(figures).toContain(f);
  });

  it("rolls a reorg back: blocks dropped by evm_revert leave no rows", async () => {
    const [a, b, x, y] = await Promise.all([0, 1, 3, 4].map((i) => node.provider.getSigner(2 + i)));
    const token = (s: typeof a) => c.CarbonCredit!.connect(s) as Contract;
    const snapshot = await node.provider.send("evm_snapshot", []);
    await (await token(a!).transfer(await b!.getAddress(), 1n * KG)).wait();
    // Indexing lag on a quiet chain: one block, from its receipt to both indexers serving it.
    const mined = Date.now();
    const one = await chainHead();
    await Promise.all(both().map(async (ix) => {
      await ix.waitFor(one);
      timings[`${ix.label}: one block, receipt → indexed`] = `${Date.now() - mined} ms`;
    }));
    await (await token(a!).retire(2n * KG, await a!.getAddress(), "Reorged", "gone", "CN")).wait();
    const doomed = await chainHead();
    await Promise.all(both().map((ix) => ix.waitFor(doomed)));
    for (const ix of both()) expect((await ix.client.retirements({ limit: 1 })).items[0]!.id).toBe("5");

    await node.provider.send("evm_revert", [snapshot]);
    const t0 = Date.now();
    await (await token(x!).transfer(await y!.getAddress(), 3n * KG)).wait();
    for (let i = 0; i < 3; i++) await node.provider.send("evm_mine", []);
    const newHead = await chainHead();
    expect(newHead).toBeGreaterThan(doomed);
    await Promise.all(both().map((ix) => ix.waitFor(newHead)));
    timings["reorg of 2 blocks reconciled"] = `${Date.now() - t0} ms after the revert`;
    const at = { blockTag: newHead };
    for (const ix of both()) {
      expect((await ix.client.retirements({ limit: 1 })).items[0]!.id).toBe("4");
      for (const s of [a, b, x, y]) {
        const addr = (await s!.getAddress()).toLowerCase();
        expect([ix.label, addr, BigInt((await ix.client.account(addr)).balance)]).toEqual([ix.label, addr, (await c.CarbonCredit!.balanceOf(addr, at)) as bigint]);
      }
      expect(BigInt((await ix.client.supply()).token!.totalSupply)).toBe((await c.CarbonCredit!.totalSupply(at)) as bigint);
      expect((await ix.client.events({ name: "Retired", limit: 10 })).items).toHaveLength(4);
    }
    expect(full.logs.some((l) => /reorg/i.test(l))).toBe(true);
    head = newHead;
  });

  it("indexes a checkpoint's raw-series commitment and serves it per device", async () => {
    // The meter that went silent in the history posts a checkpoint with a commitment of its raw series.
    const i = history.households.length - 1;
    const meter = new Wallet(keccak256(toUtf8Bytes(`pcx-audit-device-${i}-0`)));
    expect(history.devices).toContain(meter.address);
    const state = (await c.EmissionOracle!.deviceState(meter.address)) as { lastSeq: bigint; lastCumulative: bigint };
    const { chainId } = await node.provider.getNetwork();
    const now = BigInt(((await node.provider.send("eth_getBlockByNumber", ["latest", false])) as { timestamp: string }).timestamp);
    const signed = await signReading(meter, emissionOracleDomain(chainId, history.addresses.EmissionOracle!), {
      device: meter.address as `0x${string}`, seq: state.lastSeq + 3n, timestamp: now, cumulative: state.lastCumulative + 1_000n,
    });
    const root = keccak256(toUtf8Bytes("three raw readings"));
    const relayer = await node.provider.getSigner(15);
    const [readings, signatures] = toSubmitArgs([signed]);
    const oracle = c.EmissionOracle!.connect(relayer) as Contract;
    const receipt = await (await oracle.submitCheckpoints!(readings, signatures, [{ root, count: 3, fromSeq: state.lastSeq + 1n }])).wait();
    const mined = await chainHead();
    await Promise.all(both().map((ix) => ix.waitFor(mined)));
    for (const ix of both()) {
      const page = await ix.client.deviceCommitments(meter.address.toLowerCase());
      expect(page.items).toHaveLength(1);
      const row = page.items[0]!;
      expect([row.root, row.count, BigInt(row.seq), BigInt(row.fromSeq), row.submitter, row.tx]).toEqual([
        root, 3, state.lastSeq + 3n, state.lastSeq + 1n, (await relayer.getAddress()).toLowerCase(), receipt!.hash,
      ]);
    }
    head = mined;
  });

  it("the audit names indexer rows tampered through Postgres", async () => {
    const victim = history.households[4]!.toLowerCase();
    const period = history.periods[1];
    const db = new pg.Client({ connectionString: postgres.url });
    await db.connect();
    try {
      const s = `"${full.schema}"`;
      // Ponder's live-query trigger records changed tables in a per-session temp table.
      await db.query("CREATE TEMP TABLE live_query_tables (table_name TEXT PRIMARY KEY)");
      const r1 = await db.query(`UPDATE ${s}."account_period" SET "emissions" = "emissions" + 1 WHERE "account" = $1 AND "period" = $2`, [victim, period]);
      const r2 = await db.query(`UPDATE ${s}."account" SET "balance" = "balance" + 1000 WHERE "address" = $1`, [victim]);
      expect([r1.rowCount, r2.rowCount]).toEqual([1, 1]);
    } finally {
      await db.end();
    }
    const { code, stdout } = await runAuditCli(["--rpc", node.url, "--deployment", node.deploymentId, "--compare-indexer", full.url]);
    expect(code).toBe(1);
    expect(stdout).toMatch(new RegExp(`indexer +emissions per account-period +${victim} period ${period}`));
    expect(stdout).toMatch(new RegExp(`indexer +balance +${victim}`));
    expect(stdout).toMatch(/2 MISMATCH\(ES\)/);
  });
});
