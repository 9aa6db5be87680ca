/**
 * Off-reference trades.
 *
 * Rule: every Trade (one taker against one price level) is compared with two references:
 *   - the book's reference tick in force (the last ReferencePriceSet; 0 = none), and
 *   - the rolling VWAP (Σ tick × lots / Σ lots) of the trades of the previous `vwapWindowSec`
 *     seconds in earlier transactions, when there are at least `minVwapTrades` of them.
 * distance = |tick − reference| / reference in bps, and the trade's distance is the *smaller* of
 * the available ones (a trade near either the official reference or the recent market is not
 * odd). Flagged at ≥ `flagBps` (500 = 5 %); score = min(1, distance / `fullScoreBps`) (2,000 =
 * the deployed band's half-width, i.e. a print at the band's edge scores 1). A trade with neither
 * reference is not judged (counted in the summary).
 */
import type { Fill, Flag, RiskConfig, RiskEvent } from "./types.js";

export interface TradeDistance {
  tradeIndex: number;
  txHash: string;
  tick: number;
  referenceTick: number;
  vwapTick: number | undefined;
  /** undefined when the trade could not be judged. */
  distanceBps: number | undefined;
}

export interface OffReferenceResult {
  flags: Flag[];
  trades: TradeDistance[];
  unjudged: number;
}

const bps = (tick: number, ref: number) => (Math.abs(tick - ref) * 10_000) / ref;

export function detectOffReference(events: readonly RiskEvent[], fills: readonly Fill[], config: RiskConfig): OffReferenceResult {
  const { vwapWindowSec, minVwapTrades, flagBps, fullScoreBps } = config.offReference;
  const fillsOf = new Map<number, Fill[]>();
  for (const f of fills) {
    let l = fillsOf.get(f.tradeIndex);
    if (!l) fillsOf.set(f.tradeIndex, (l = []));
    l.push(f);
  }
  let referenceTick = 0;
  const past: { timestamp: number; txHash: string; tick: number; lots: bigint }[] = [];
  const trades: TradeDistance[] = [];
  const flags: Flag[] = [];
  let unjudged = 0;
  let first = 0;
  events.forEach((e, index) => {
    if (e.kind === "reference") referenceTick = e.referenceTick;
    if (e.kind !== "trade") return;
    let lots = 0n;
    let weighted = 0n;
    let count = 0;
    while (first < past.length && past[first]!.timestamp < e.timestamp - vwapWindowSec) first++; // timestamps never decrease
    for (let i = first; i < past.length; i++) {
      const p = past[i]!;
      if (p.txHash === e.txHash) continue;
      lots += p.lots;
      weighted += p.lots * BigInt(p.tick);
      count++;
    }
    past.push({ timestamp: e.timestamp, txHash: e.txHash, tick: e.tick, lots: e.lots });
    const vwapTick = count >= minVwapTrades && lots > 0n ? Number(weighted) / Number(lots) : undefined;
    const candidates = [referenceTick > 0 ? bps(e.tick, referenceTick) : undefined, vwapTick !== undefined ? bps(e.tick, vwapTick) : undefined].filter(
      (d): d is number => d !== undefined,
    );
    const distanceBps = candidates.length ? Math.min(...candidates) : undefined;
    trades.push({ tradeIndex: index, txHash: e.txHash, tick: e.tick, referenceTick, vwapTick, distanceBps });
    if (distanceBps === undefined) {
      unjudged++;
      return;
    }
    if (distanceBps < flagBps) return;
    const own = fillsOf.get(index) ?? [];
    const makers = [...new Set(own.map((f) => f.maker))];
    flags.push({
      signal: "offReference",
      score: Math.min(1, distanceBps / fullScoreBps),
      summary:
        `${e.lots} lots traded at tick ${e.tick}, ${distanceBps.toFixed(0)} bps from ` +
        `${referenceTick > 0 ? `the reference ${referenceTick}` : "no reference"}${vwapTick !== undefined ? ` / VWAP ${vwapTick.toFixed(1)}` : ""} (taker ${e.taker.toLowerCase()})`,
      accounts: [e.taker.toLowerCase(), ...makers.filter((m) => m !== e.taker.toLowerCase())],
      txHashes: [e.txHash],
      orderIds: [...new Set(own.map((f) => f.makerOrderId))],
      details: {
        tick: e.tick,
        lots: e.lots.toString(),
        referenceTick,
        vwapTick: vwapTick ?? -1,
        distanceBps,
        blockNumber: e.blockNumber,
      },
    });
  });
  return { flags: flags.sort((x, y) => y.score - x.score), trades, unjudged };
}
