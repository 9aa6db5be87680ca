/**
 * Wash trading loops.
 *
 * Rule: for every pair of accounts that traded with each other (as buyer and seller of maker
 * fills), the pair is *linked* when
 *   (a) a funding link supplies one of their fills' two legs from a common origin within
 *       `maxHops` transfers (sdk/risk/funding.ts) — loop length L = hops + 1 (the trade closes it), or
 *   (b) they traded in both directions (a round trip: an account trading with itself through a
 *       second account) — loop length 2, weighted by how balanced it is:
 *       balance = 1 − |lots A→B − lots B→A| / (lots A→B + lots B→A).
 * Evidence strength combines the two as independent clues: f = 2 / L if (a) else 0,
 * r = balance / 2 if (b) else 0, strength = 1 − (1 − f)(1 − r).
 * Volume share = the pair's quote volume / the smaller of the two accounts' total quote volume
 * (how much of the puppet's trading is with its partner).
 * Score = share × strength; flagged at ≥ `threshold` (default 0.5: a directly funded pair trading
 * ≥ half of its volume together, or a common-funder pair, L = 3, trading ≥ 75 % together, or a
 * perfectly balanced unfunded round trip that is all of a partner's volume).
 */
import type { Fill, Flag, RiskConfig, TransferEvent } from "./types.js";
import { FundingGraph, type FundingEdge, type FundingLink } from "./funding.js";

export interface WashResult {
  flags: Flag[];
  /** Quote volume of flagged pairs (each fill once). */
  washQuote: bigint;
  hubs: string[];
}

const edgeText = (e: FundingEdge) => `${e.from} -${e.token}-> ${e.to} (${e.txHash})`;

export function detectWash(fills: readonly Fill[], transfers: readonly TransferEvent[], config: RiskConfig): WashResult {
  const { maxHops, hubFanout, threshold } = config.wash;
  const graph = new FundingGraph(transfers, config.ignore, hubFanout);
  const volume = new Map<string, bigint>();
  const pairs = new Map<string, Fill[]>();
  for (const f of fills) {
    if (f.buyer === f.seller) continue; // the book's self-trade prevention makes this impossible
    for (const a of [f.buyer, f.seller]) volume.set(a, (volume.get(a) ?? 0n) + f.quote);
    const k = [f.buyer, f.seller].sort().join("/");
    let list = pairs.get(k);
    if (!list) pairs.set(k, (list = []));
    list.push(f);
  }

  const flags: Flag[] = [];
  let washQuote = 0n;
  for (const [k, pairFills] of pairs) {
    const [a, b] = k.split("/") as [string, string];
    let link: (FundingLink & { seller: string; buyer: string }) | undefined;
    for (const [seller, buyer] of [[a, b], [b, a]] as const) {
      if (!pairFills.some((f) => f.seller === seller && f.buyer === buyer)) continue;
      const l = graph.fundingLink(seller, buyer, maxHops);
      if (l && (!link || l.hops < link.hops)) link = { ...l, seller, buyer };
    }
    let aToB = 0n;
    let bToA = 0n;
    let pairQuote = 0n;
    for (const f of pairFills) {
      if (f.seller === a) aToB += f.lots;
      else bToA += f.lots;
      pairQuote += f.quote;
    }
    const roundTrip = aToB > 0n && bToA > 0n;
    if (!link && !roundTrip) continue;
    const gross = aToB + bToA;
    const net = aToB > bToA ? aToB - bToA : bToA - aToB;
    const balance = roundTrip ? 1 - Number(net) / Number(gross) : 0;
    const loopLength = link ? link.hops + 1 : 2;
    const f = link ? 2 / loopLength : 0;
    const r = balance / 2;
    const strength = 1 - (1 - f) * (1 - r);
    const va = volume.get(a)!;
    const vb = volume.get(b)!;
    const smaller = va < vb ? va : vb;
    const share = smaller === 0n ? 0 : Number(pairQuote) / Number(smaller);
    const score = Math.min(1, share * strength);
    if (score < threshold) continue;
    washQuote += pairQuote;
    const path = link ? [...link.toSeller, ...link.toBuyer] : [];
    const accounts = [...new Set([a, b, ...path.flatMap((e) => [e.from, e.to])])];
    const how = link
      ? `funded from ${link.origin === link.buyer ? "the buyer" : link.origin === link.seller ? "the seller" : link.origin} in ${link.hops} transfer(s)`
      : "no funding link";
    flags.push({
      signal: "wash",
      score,
      summary: `${a} and ${b} traded ${gross} lots with each other (${(share * 100).toFixed(0)} % of the smaller one's volume); ${how}${roundTrip ? `; round trip, balance ${balance.toFixed(2)}` : ""}`,
      accounts,
      txHashes: [...new Set([...path.map((e) => e.txHash), ...pairFills.map((x) => x.txHash)])],
      orderIds: [...new Set(pairFills.map((x) => x.makerOrderId))],
      details: {
        pair: [a, b],
        lotsAtoB: aToB.toString(),
        lotsBtoA: bToA.toString(),
        pairQuote: pairQuote.toString(),
        volumeShare: share,
        loopLength,
        funded: link !== undefined,
        fundingOrigin: link?.origin ?? "",
        fundingPath: path.map(edgeText),
        roundTrip,
        balance,
      },
    });
  }
  flags.sort((x, y) => y.score - x.score);
  return { flags, washQuote, hubs: [...graph.hubs] };
}
