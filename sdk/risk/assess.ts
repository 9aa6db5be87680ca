/**
 * Runs every signal over one chain-ordered event list and arranges the flags three ways: per
 * trade (each Trade event with the flags whose evidence names its transaction), per account (the
 * highest score per signal) and a market summary. See docs/market-risk.md.
 */
import { Side } from "../orderbook.js";
import { replayBook } from "./replay.js";
import { detectWash } from "./wash.js";
import { detectSpoofing } from "./spoofing.js";
import { detectOffReference } from "./off-reference.js";
import { detectConcentration } from "./concentration.js";
import { riskConfig, type Flag, type RiskConfig, type RiskConfigInput, type RiskEvent, type SignalKind, type TransferEvent } from "./types.js";

export interface TradeRisk {
  txHash: string;
  blockNumber: number;
  logIndex: number;
  timestamp: number;
  taker: string;
  takerSide: "buy" | "sell";
  makers: string[];
  tick: number;
  lots: bigint;
  distanceBps: number | undefined;
  /** Highest score of any flag naming this trade's transaction, 0 if none. */
  score: number;
  signals: SignalKind[];
}

export interface AccountRisk {
  account: string;
  /** Highest score per signal that flagged the account. */
  scores: Partial<Record<SignalKind, number>>;
  /** The highest of them. */
  score: number;
  flags: number;
}

export interface MarketSummary {
  fromBlock: number;
  toBlock: number;
  trades: number;
  fills: number;
  accounts: number;
  volumeLots: bigint;
  volumeQuote: bigint;
  /** Quote volume between flagged wash pairs / all quote volume. */
  washShare: number;
  flags: Record<SignalKind, number>;
  /** Trades with neither a reference tick nor a VWAP to compare with. */
  unjudgedTrades: number;
  /** Lots of Trade events the replay could not give a maker (events before the range). */
  unattributedLots: bigint;
  /** Senders treated as hubs (not funding links). */
  hubs: string[];
  /** 0 … 1: the highest flag score in the market. */
  maxScore: number;
}

export interface RiskReport {
  config: RiskConfig;
  summary: MarketSummary;
  flags: Flag[];
  trades: TradeRisk[];
  accounts: AccountRisk[];
}

export function assessMarket(events: readonly RiskEvent[], input: RiskConfigInput | RiskConfig = {}): RiskReport {
  const config = riskConfig(input);
  const replay = replayBook(events);
  const transfers = events.filter((e): e is TransferEvent => e.kind === "transfer");
  const end = events.reduce((m, e) => Math.max(m, e.timestamp), 0);
  const wash = detectWash(replay.fills, transfers, config);
  const spoofing = detectSpoofing(replay.orders, replay.fills, config);
  const off = detectOffReference(events, replay.fills, config);
  const concentration = detectConcentration(replay.fills, replay.depth, end, config);
  const flags = [...wash.flags, ...spoofing, ...off.flags, ...concentration];

  const byTx = new Map<string, Flag[]>();
  for (const f of flags) for (const tx of f.txHashes) byTx.set(tx, [...(byTx.get(tx) ?? []), f]);
  const distance = new Map(off.trades.map((t) => [t.tradeIndex, t.distanceBps]));
  const makersOf = new Map<number, Set<string>>();
  for (const f of replay.fills) makersOf.set(f.tradeIndex, (makersOf.get(f.tradeIndex) ?? new Set()).add(f.maker));
  const trades: TradeRisk[] = [];
  events.forEach((e, index) => {
    if (e.kind !== "trade") return;
    const fl = byTx.get(e.txHash) ?? [];
    trades.push({
      txHash: e.txHash,
      blockNumber: e.blockNumber,
      logIndex: e.logIndex,
      timestamp: e.timestamp,
      taker: e.taker.toLowerCase(),
      takerSide: e.takerSide === Side.Bid ? "buy" : "sell",
      makers: [...(makersOf.get(index) ?? [])],
      tick: e.tick,
      lots: e.lots,
      distanceBps: distance.get(index),
      score: fl.reduce((m, f) => Math.max(m, f.score), 0),
      signals: [...new Set(fl.map((f) => f.signal))],
    });
  });

  const accounts = new Map<string, AccountRisk>();
  for (const f of flags) {
    for (const a of f.accounts) {
      const r = accounts.get(a) ?? { account: a, scores: {}, score: 0, flags: 0 };
      r.scores[f.signal] = Math.max(r.scores[f.signal] ?? 0, f.score);
      r.score = Math.max(r.score, f.score);
      r.flags++;
      accounts.set(a, r);
    }
  }

  const traders = new Set(replay.fills.flatMap((f) => [f.buyer, f.seller]));
  const volumeQuote = replay.fills.reduce((s, f) => s + f.quote, 0n);
  const count = (s: SignalKind) => flags.filter((f) => f.signal === s).length;
  return {
    config,
    summary: {
      fromBlock: events[0]?.blockNumber ?? 0,
      toBlock: events.at(-1)?.blockNumber ?? 0,
      trades: trades.length,
      fills: replay.fills.length,
      accounts: traders.size,
      volumeLots: replay.fills.reduce((s, f) => s + f.lots, 0n),
      volumeQuote,
      washShare: volumeQuote === 0n ? 0 : Number(wash.washQuote) / Number(volumeQuote),
      flags: { wash: count("wash"), spoofing: count("spoofing"), offReference: count("offReference"), concentration: count("concentration") },
      unjudgedTrades: off.unjudged,
      unattributedLots: replay.unattributedLots,
      hubs: wash.hubs,
      maxScore: flags.reduce((m, f) => Math.max(m, f.score), 0),
    },
    flags,
    trades,
    accounts: [...accounts.values()].sort((a, b) => b.score - a.score),
  };
}

/** The report as JSON (bigints as decimal strings; Infinity windows as null). */
export function riskJson(value: unknown, space?: number): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v === Number.POSITIVE_INFINITY ? null : v), space);
}
