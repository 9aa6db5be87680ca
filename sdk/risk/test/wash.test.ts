import { describe, expect, it } from "vitest";
import { assessMarket } from "../assess.js";
import { FundingGraph } from "../funding.js";
import type { TransferEvent } from "../types.js";
import { addr, Market } from "./market.js";

const W = addr(0xf0);
const A = addr(0xa1);
const B = addr(0xb2);
const honestSellers = [addr(0x11), addr(0x12), addr(0x13)];
const honestBuyers = [addr(0x21), addr(0x22), addr(0x23)];
const wash = (m: Market) => assessMarket(m.events).flags.filter((f) => f.signal === "wash");

describe("wash trading loops", () => {
  it("flags a pair funded by one wallet that trades a round trip, with the funder and every transaction as evidence", () => {
    const m = new Market().honest(honestSellers, honestBuyers);
    const fundA = m.transfer("pcc", W, A);
    const fundB = m.transfer("quote", W, B);
    const leg1 = m.trade(A, B, 1000, 10);
    const leg2 = m.trade(B, A, 1000, 10);
    const flags = wash(m);
    expect(flags).toHaveLength(1);
    const [f] = flags;
    expect(f!.accounts).toEqual(expect.arrayContaining([A, B, W]));
    expect(f!.txHashes).toEqual(expect.arrayContaining([fundA, fundB, leg1, leg2]));
    expect(f!.details.loopLength).toBe(3);
    expect(f!.details.fundingOrigin).toBe(W);
    expect(f!.details.roundTrip).toBe(true);
    expect(f!.details.balance).toBe(1);
    // share 1, strength 1 − (1 − 2/3)(1 − 1/2)
    expect(f!.score).toBeCloseTo(1 - (1 / 3) * 0.5);
    expect(f!.orderIds).toHaveLength(2);
  });

  it("flags a direct loop (the buyer supplied the seller's PCC) at loop length 2", () => {
    const m = new Market().honest(honestSellers, honestBuyers);
    m.transfer("pcc", B, A);
    m.trade(A, B, 1000, 5);
    const [f] = wash(m);
    expect(f!.details.loopLength).toBe(2);
    expect(f!.details.roundTrip).toBe(false);
    expect(f!.score).toBe(1);
  });

  it("flags the seller paying the buyer's cash, also after the trade (proceeds sent back)", () => {
    const m = new Market().honest(honestSellers, honestBuyers);
    m.trade(A, B, 1000, 5);
    const back = m.transfer("quote", A, B);
    const [f] = wash(m);
    expect(f!.txHashes).toContain(back);
    expect(f!.details.fundingOrigin).toBe(A);
  });

  it("does not flag a seller who gave the buyer PCC (it funds neither leg) — the household gift in the audit history", () => {
    const m = new Market().honest(honestSellers, honestBuyers);
    m.transfer("pcc", A, B);
    m.trade(A, B, 1000, 5);
    expect(wash(m)).toEqual([]);
  });

  it("does not count a hub (a sender to more than hubFanout accounts) as a funder", () => {
    const m = new Market().honest(honestSellers, honestBuyers);
    for (let i = 0; i < 9; i++) m.transfer("quote", W, addr(0x300 + i));
    m.transfer("pcc", W, A);
    m.transfer("quote", W, B);
    m.trade(A, B, 1000, 5);
    const r = assessMarket(m.events);
    expect(r.flags.filter((f) => f.signal === "wash")).toEqual([]);
    expect(r.summary.hubs).toEqual([W]);
  });

  it("ignores transfers through ignored addresses (the book, mints)", () => {
    const book = addr(0xb00c);
    const m = new Market().honest(honestSellers, honestBuyers);
    m.transfer("pcc", book, A);
    m.transfer("quote", book, B);
    m.trade(A, B, 1000, 5);
    expect(assessMarket(m.events, { ignore: [book] }).flags.filter((f) => f.signal === "wash")).toEqual([]);
    expect(assessMarket(m.events).flags.filter((f) => f.signal === "wash")).toHaveLength(1);
  });

  it("does not flag a linked pair whose trades together are a small share of both accounts' volume", () => {
    const m = new Market();
    m.transfer("pcc", W, A);
    m.transfer("quote", W, B);
    m.trade(A, B, 1000, 1);
    for (const x of honestBuyers) m.trade(A, x, 1000, 10);
    for (const x of honestSellers) m.trade(x, B, 1000, 10);
    expect(wash(m)).toEqual([]);
  });

  it("flags an unfunded, balanced round trip only when it is all the partner's trading", () => {
    const m = new Market().honest(honestSellers, honestBuyers);
    m.trade(A, B, 1000, 4);
    m.trade(B, A, 1000, 4);
    const [f] = wash(m);
    expect(f!.details.funded).toBe(false);
    expect(f!.score).toBe(0.5);
    const unbalanced = new Market().honest(honestSellers, honestBuyers);
    unbalanced.trade(A, B, 1000, 6);
    unbalanced.trade(B, A, 1000, 2);
    expect(wash(unbalanced)).toEqual([]);
  });

  it("finds funding paths up to maxHops and no further", () => {
    const X = addr(0x51);
    const Y = addr(0x52);
    const t = (token: "pcc" | "quote", from: string, to: string): TransferEvent => ({ kind: "transfer", token, from, to, amount: 1n, blockNumber: 1, logIndex: 0, txHash: `${from}${to}`, timestamp: 1 });
    const g = new FundingGraph([t("quote", W, X), t("pcc", X, Y), t("pcc", Y, A), t("quote", W, B)], [], 8);
    expect(g.fundingLink(A, B, 3)).toBeUndefined();
    const link = g.fundingLink(A, B, 4)!;
    expect(link.origin).toBe(W);
    expect(link.hops).toBe(4);
    expect(link.toSeller.map((e) => e.to)).toEqual([X, Y, A]);
    // The last hop into the seller must be PCC and into the buyer quote.
    expect(new FundingGraph([t("quote", W, A), t("quote", W, B)], [], 8).fundingLink(A, B, 3)).toBeUndefined();
  });
});
