/**
 * Place-and-cancel bursts (spoofing / layering).
 *
 * Rule: per account, the orders it cancelled itself (reason Owner — not expiry, not self-trade
 * prevention) within `windowSec` of placing them are grouped into bursts: the most such orders
 * placed within one `windowSec`, greedily from the earliest. A burst counts when it has at least
 * `minOrders` orders and its cancelled lots are at least `cancelToTradeRatio` × the lots the
 * account traded (taker or maker) from the burst's first placement to `windowSec` after its
 * last cancel.
 * Score = 0.4 × (1 − traded / cancelled)
 *       + 0.3 × (share of cancelled lots on the burst's main side × share of those placed within
 *               `nearBps` of that side's best price, or improving it)
 *       + 0.3 × (1 if the account traded on the other side in that time, else 0);
 * flagged at ≥ `threshold` (0.5). So cancelling many orders that were never meant to trade only
 * flags when they also sat on one side near the top of the book, or the account traded the other
 * way meanwhile — the layering shape.
 */
import { Side } from "../orderbook.js";
import { CancelReason } from "../orderbook.js";
import type { Fill, Flag, RiskConfig } from "./types.js";
import type { OrderLife } from "./replay.js";

function nearBest(o: OrderLife, nearBps: number): boolean {
  const best = o.bestSameSide;
  if (best === 0) return true; // it became the best
  const improving = o.side === Side.Bid ? o.tick >= best : o.tick <= best;
  return improving || (Math.abs(best - o.tick) * 10_000) / best <= nearBps;
}

export function detectSpoofing(orders: ReadonlyMap<bigint, OrderLife>, fills: readonly Fill[], config: RiskConfig): Flag[] {
  const { windowSec, minOrders, cancelToTradeRatio, nearBps, threshold } = config.spoofing;
  const byOwner = new Map<string, OrderLife[]>();
  for (const o of orders.values()) {
    if (!o.cancelled || o.cancelled.reason !== CancelReason.Owner) continue;
    if (o.cancelled.at.timestamp - o.placed.timestamp > windowSec) continue;
    let list = byOwner.get(o.owner);
    if (!list) byOwner.set(o.owner, (list = []));
    list.push(o);
  }
  const flags: Flag[] = [];
  for (const [owner, list] of byOwner) {
    list.sort((x, y) => x.placed.blockNumber - y.placed.blockNumber || x.placed.logIndex - y.placed.logIndex);
    let i = 0;
    while (i < list.length) {
      let j = i;
      while (j + 1 < list.length && list[j + 1]!.placed.timestamp - list[i]!.placed.timestamp <= windowSec) j++;
      if (j - i + 1 < minOrders) {
        i++;
        continue;
      }
      const burst = list.slice(i, j + 1);
      i = j + 1;
      const start = burst[0]!.placed.timestamp;
      const end = Math.max(...burst.map((o) => o.cancelled!.at.timestamp)) + windowSec;
      const cancelled = burst.reduce((s, o) => s + o.cancelled!.lots, 0n);
      if (cancelled === 0n) continue;
      const trades = fills.filter((f) => (f.buyer === owner || f.seller === owner) && f.timestamp >= start && f.timestamp <= end);
      const traded = trades.reduce((s, f) => s + f.lots, 0n);
      if (cancelled < BigInt(cancelToTradeRatio) * traded) continue;
      const bidLots = burst.filter((o) => o.side === Side.Bid).reduce((s, o) => s + o.cancelled!.lots, 0n);
      const mainSide = bidLots * 2n >= cancelled ? Side.Bid : Side.Ask;
      const main = burst.filter((o) => o.side === mainSide);
      const mainLots = main.reduce((s, o) => s + o.cancelled!.lots, 0n);
      const nearLots = main.filter((o) => nearBest(o, nearBps)).reduce((s, o) => s + o.cancelled!.lots, 0n);
      const oneSided = Number(mainLots) / Number(cancelled);
      const near = mainLots === 0n ? 0 : Number(nearLots) / Number(mainLots);
      // Trading the other way: selling while the fake bids stand, or buying under fake asks.
      const opposite = trades.filter((f) => (mainSide === Side.Bid ? f.seller === owner : f.buyer === owner));
      const volumeFactor = 1 - Number(traded) / Number(cancelled);
      const score = 0.4 * volumeFactor + 0.3 * oneSided * near + 0.3 * (opposite.length ? 1 : 0);
      if (score < threshold) continue;
      const sideName = mainSide === Side.Bid ? "bids" : "asks";
      flags.push({
        signal: "spoofing",
        score,
        summary:
          `${owner} placed and cancelled ${burst.length} orders (${cancelled} lots, ${(oneSided * 100).toFixed(0)} % ${sideName}, ${(near * 100).toFixed(0)} % of them near the best) ` +
          `within ${windowSec} s while trading ${traded} lots${opposite.length ? ` — ${opposite.reduce((s, f) => s + f.lots, 0n)} on the other side` : ""}`,
        accounts: [owner],
        txHashes: [...new Set([...burst.flatMap((o) => [o.placed.txHash, o.cancelled!.at.txHash]), ...opposite.map((f) => f.txHash)])],
        orderIds: burst.map((o) => o.id),
        details: {
          orders: burst.length,
          cancelledLots: cancelled.toString(),
          tradedLots: traded.toString(),
          mainSide: sideName,
          oneSidedShare: oneSided,
          nearBestShare: near,
          oppositeTrades: opposite.map((f) => f.txHash),
          fromTimestamp: start,
          toTimestamp: end - windowSec,
        },
      });
    }
  }
  return flags.sort((x, y) => y.score - x.score);
}
