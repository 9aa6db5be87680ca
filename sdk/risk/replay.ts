/**
 * Replays the book's events into what the signals need: every Trade split into maker fills by
 * walking the level's FIFO queue (the Trade event names the taker and the price level, not the
 * makers), every order's life (placed, filled, cancelled, with the best price on its side when it
 * was placed) and every change of an account's resting lots (for time-weighted depth).
 * The same plain FIFO model as audit/rebuild/orderbook.ts, on typed events.
 */
import { decodeOrderId, Side } from "../orderbook.js";
import type { CancelReason } from "../orderbook.js";
import type { EventPosition, Fill, RiskEvent } from "./types.js";

export interface OrderLife {
  id: bigint;
  owner: string;
  side: Side;
  tick: number;
  epoch: bigint;
  lots: bigint;
  filled: bigint;
  placed: EventPosition;
  /** Best price on the order's own side just before it was queued (0 = that side was empty). */
  bestSameSide: number;
  /** Best price on the other side just before it was queued (0 = empty). */
  bestOtherSide: number;
  cancelled?: { at: EventPosition; reason: CancelReason; lots: bigint };
}

/** An account's resting lots on one side changed by `delta` at `timestamp`. */
export interface DepthChange {
  timestamp: number;
  account: string;
  side: Side;
  delta: bigint;
}

export interface Replay {
  fills: Fill[];
  orders: Map<bigint, OrderLife>;
  depth: DepthChange[];
  /** Trades whose lots exceeded the queue this replay knows (events missing before the range). */
  unattributedLots: bigint;
}

interface Queue {
  orders: OrderLife[];
  cursor: number;
}

export function replayBook(events: readonly RiskEvent[]): Replay {
  const orders = new Map<bigint, OrderLife>();
  const queues = new Map<string, Queue>();
  const live = new Map<string, bigint>(); // `${side}/${tick}` → live lots
  const fills: Fill[] = [];
  const depth: DepthChange[] = [];
  let unattributedLots = 0n;
  const key = (side: Side, tick: number) => `${side}/${tick}`;
  const addLive = (side: Side, tick: number, delta: bigint) => live.set(key(side, tick), (live.get(key(side, tick)) ?? 0n) + delta);
  const best = (side: Side): number => {
    let b = 0;
    for (const [k, lots] of live) {
      if (lots <= 0n) continue;
      const [s, t] = k.split("/").map(Number) as [number, number];
      if (s !== side) continue;
      if (b === 0 || (side === Side.Bid ? t > b : t < b)) b = t;
    }
    return b;
  };

  events.forEach((e, index) => {
    switch (e.kind) {
      case "placed": {
        const d = decodeOrderId(e.orderId);
        const tick = Number(d.tick);
        const order: OrderLife = {
          id: e.orderId,
          owner: e.owner.toLowerCase(),
          side: d.side,
          tick,
          epoch: d.epoch,
          lots: e.lots,
          filled: 0n,
          placed: e,
          bestSameSide: best(d.side),
          bestOtherSide: best(d.side === Side.Bid ? Side.Ask : Side.Bid),
        };
        orders.set(order.id, order);
        const qk = `${d.side}/${tick}/${d.epoch}`;
        let q = queues.get(qk);
        if (!q) queues.set(qk, (q = { orders: [], cursor: 0 }));
        q.orders.push(order);
        addLive(d.side, tick, e.lots);
        depth.push({ timestamp: e.timestamp, account: order.owner, side: d.side, delta: e.lots });
        break;
      }
      case "trade": {
        const makerSide = e.takerSide === Side.Bid ? Side.Ask : Side.Bid;
        const q = queues.get(`${makerSide}/${e.tick}/${e.epoch}`);
        let left = e.lots;
        while (q && left > 0n && q.cursor < q.orders.length) {
          const maker = q.orders[q.cursor]!;
          const open = maker.cancelled ? 0n : maker.lots - maker.filled;
          const take = open < left ? open : left;
          if (take > 0n) {
            maker.filled += take;
            left -= take;
            const taker = e.taker.toLowerCase();
            fills.push({
              tradeIndex: index,
              txHash: e.txHash,
              blockNumber: e.blockNumber,
              logIndex: e.logIndex,
              timestamp: e.timestamp,
              taker,
              maker: maker.owner,
              makerOrderId: maker.id,
              buyer: e.takerSide === Side.Bid ? taker : maker.owner,
              seller: e.takerSide === Side.Bid ? maker.owner : taker,
              takerSide: e.takerSide,
              tick: e.tick,
              lots: take,
              quote: e.lots === 0n ? 0n : (e.quoteAmount * take) / e.lots,
            });
            addLive(makerSide, e.tick, -take);
            depth.push({ timestamp: e.timestamp, account: maker.owner, side: makerSide, delta: -take });
          }
          if (maker.cancelled || maker.filled === maker.lots) q.cursor++;
        }
        unattributedLots += left;
        break;
      }
      case "cancelled": {
        const order = orders.get(e.orderId);
        if (!order || order.cancelled) break;
        const removed = order.lots - order.filled;
        order.cancelled = { at: e, reason: e.reason, lots: removed };
        addLive(order.side, order.tick, -removed);
        if (removed > 0n) depth.push({ timestamp: e.timestamp, account: order.owner, side: order.side, delta: -removed });
        break;
      }
    }
  });
  return { fills, orders, depth, unattributedLots };
}
