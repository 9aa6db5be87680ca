/**
 * A synthetic event list for the risk rules' unit tests: an in-memory order book that emits the
 * events the contract would (ids, queue positions, FIFO fills of a taker across one level), one
 * transaction and one block per call, `advance()` moves the clock.
 */
import { CancelReason, encodeOrderId, OrderKind, Side } from "../../orderbook.js";
import type { RiskEvent } from "../types.js";

export const addr = (n: number) => "0x" + n.toString(16).padStart(40, "0");

interface Resting {
  id: bigint;
  owner: string;
  side: Side;
  tick: number;
  left: bigint;
}

export class Market {
  readonly events: RiskEvent[] = [];
  block = 100;
  timestamp = 1_800_000_000;
  private tx = 0;
  private readonly count = new Map<string, number>();
  private readonly raw = new Map<string, bigint>();
  private readonly filled = new Map<string, bigint>();
  private readonly resting: Resting[] = [];

  private pos() {
    this.block++;
    this.timestamp++;
    this.tx++;
    return { blockNumber: this.block, logIndex: 0, txHash: "0x" + this.tx.toString(16).padStart(64, "0"), timestamp: this.timestamp };
  }

  advance(seconds: number): this {
    this.timestamp += seconds;
    return this;
  }

  /** Rests an order (no matching: use take() for the taker side). */
  place(owner: string, side: Side, tick: number, lots: number): bigint {
    const k = `${side}/${tick}`;
    const index = this.count.get(k) ?? 0;
    this.count.set(k, index + 1);
    const id = encodeOrderId({ owner, side, tick: BigInt(tick), epoch: 1n, index: BigInt(index) });
    const start = this.raw.get(k) ?? 0n;
    this.raw.set(k, start + BigInt(lots));
    this.events.push({ kind: "placed", ...this.pos(), orderId: id, owner, lots: BigInt(lots), expiry: 0n, orderKind: OrderKind.GoodTillCancel });
    this.resting.push({ id, owner, side, tick, left: BigInt(lots) });
    return id;
  }

  /** A taker consumes `lots` of the makers resting at `tick` on the other side, in one Trade event. */
  take(taker: string, takerSide: Side, tick: number, lots: number): string {
    const makerSide = takerSide === Side.Bid ? Side.Ask : Side.Bid;
    const k = `${makerSide}/${tick}`;
    let left = BigInt(lots);
    for (const r of this.resting) {
      if (r.side !== makerSide || r.tick !== tick || r.left === 0n) continue;
      const x = r.left < left ? r.left : left;
      r.left -= x;
      left -= x;
    }
    if (left !== 0n) throw new Error(`only ${BigInt(lots) - left} lots rest at ${tick}`);
    const p = this.pos();
    const from = this.filled.get(k) ?? 0n;
    this.filled.set(k, from + BigInt(lots));
    const quote = BigInt(lots) * BigInt(tick) * 10n;
    this.events.push({ kind: "trade", ...p, taker, takerSide, tick, epoch: 1n, fromPosition: from, lots: BigInt(lots), quoteAmount: quote, fee: quote / 1000n });
    return p.txHash;
  }

  /** One taker crossing several levels in one transaction: one Trade event per level, same tx and block. */
  sweep(taker: string, takerSide: Side, levels: [tick: number, lots: number][]): string {
    const first = this.events.length;
    for (const [tick, lots] of levels) this.take(taker, takerSide, tick, lots);
    const [p0] = this.events.slice(first);
    this.events.slice(first).forEach((e, i) => Object.assign(e, { blockNumber: p0!.blockNumber, txHash: p0!.txHash, timestamp: p0!.timestamp, logIndex: i }));
    return p0!.txHash;
  }

  /** Rests an order and immediately lets `taker` take all of it: one fill, maker → taker. */
  trade(seller: string, buyer: string, tick: number, lots: number, takerIsBuyer = true): string {
    if (takerIsBuyer) {
      this.place(seller, Side.Ask, tick, lots);
      return this.take(buyer, Side.Bid, tick, lots);
    }
    this.place(buyer, Side.Bid, tick, lots);
    return this.take(seller, Side.Ask, tick, lots);
  }

  cancel(id: bigint, reason: CancelReason = CancelReason.Owner): string {
    const r = this.resting.find((x) => x.id === id)!;
    const p = this.pos();
    this.events.push({ kind: "cancelled", ...p, orderId: id, owner: r.owner, reason, cancelledLots: r.left, refund: 0n });
    const k = `${r.side}/${r.tick}`;
    r.left = 0n;
    void k;
    return p.txHash;
  }

  transfer(token: "pcc" | "quote", from: string, to: string, amount = 1000n): string {
    const p = this.pos();
    this.events.push({ kind: "transfer", ...p, token, from, to, amount });
    return p.txHash;
  }

  reference(tick: number): string {
    const p = this.pos();
    this.events.push({ kind: "reference", ...p, referenceTick: tick, period: 1, fromClose: false });
    return p.txHash;
  }

  /** Ordinary trading: `n` sellers and `n` buyers trading small lots around `tick`. */
  honest(sellers: string[], buyers: string[], tick = 1000, rounds = 2): this {
    for (let r = 0; r < rounds; r++) {
      sellers.forEach((s, i) => this.trade(s, buyers[(i + r) % buyers.length]!, tick + ((i + r) % 3) - 1, 2 + ((i + r) % 3)));
      this.advance(30);
    }
    return this;
  }
}
