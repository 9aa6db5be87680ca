import { describe, expect, it } from "vitest";
import { Side } from "../../orderbook.js";
import { assessMarket, riskJson } from "../assess.js";
import { replayBook } from "../replay.js";
import { addr, Market } from "./market.js";

const [s1, s2, s3, b1, b2, b3] = [0x11, 0x12, 0x13, 0x21, 0x22, 0x23].map(addr) as [string, string, string, string, string, string];

describe("replay", () => {
  it("splits a Trade into maker fills in queue order, skipping a cancelled maker, and tracks the best price", () => {
    const m = new Market();
    const first = m.place(s1, Side.Ask, 1000, 3);
    const gone = m.place(s2, Side.Ask, 1000, 4);
    m.place(s3, Side.Ask, 1000, 5);
    m.cancel(gone);
    m.take(b1, Side.Bid, 1000, 6);
    const late = m.place(b2, Side.Bid, 990, 1);
    const r = replayBook(m.events);
    expect(r.fills.map((f) => [f.seller, f.buyer, f.lots, f.quote])).toEqual([
      [s1, b1, 3n, 30_000n],
      [s3, b1, 3n, 30_000n],
    ]);
    expect(r.fills[0]!.makerOrderId).toBe(first);
    expect(r.orders.get(late)!.bestOtherSide).toBe(1000);
    expect(r.orders.get(late)!.bestSameSide).toBe(0);
    expect(r.unattributedLots).toBe(0n);
  });

  it("counts lots it cannot attribute (the range started after the makers were placed)", () => {
    const m = new Market();
    m.place(s1, Side.Ask, 1000, 3);
    m.take(b1, Side.Bid, 1000, 3);
    expect(replayBook(m.events.slice(1)).unattributedLots).toBe(3n);
  });
});

describe("assessMarket", () => {
  it("raises nothing on ordinary trading among a few households", () => {
    const m = new Market();
    m.reference(1000);
    m.honest([s1, s2, s3], [b1, b2, b3], 1000, 4);
    m.transfer("pcc", s1, b3); // a gift between neighbours
    const id = m.place(b1, Side.Bid, 995, 2);
    m.advance(120);
    m.cancel(id); // changing one's mind once is not a burst
    const r = assessMarket(m.events);
    expect(r.flags).toEqual([]);
    expect(r.accounts).toEqual([]);
    expect(r.summary).toMatchObject({ trades: 12, fills: 12, accounts: 6, washShare: 0, maxScore: 0, flags: { wash: 0, spoofing: 0, offReference: 0, concentration: 0 } });
    expect(r.trades.every((t) => t.score === 0 && t.signals.length === 0)).toBe(true);
  });

  it("arranges flags per trade and per account, and serialises to JSON", () => {
    const W = addr(0xf0);
    const [A, B] = [addr(0xa1), addr(0xb2)];
    const m = new Market();
    m.honest([s1, s2, s3], [b1, b2, b3], 1000, 2);
    m.transfer("pcc", W, A);
    m.transfer("quote", W, B);
    const tx = m.trade(A, B, 1000, 10);
    const r = assessMarket(m.events);
    const trade = r.trades.find((t) => t.txHash === tx)!;
    expect(trade.signals).toContain("wash");
    expect(trade).toMatchObject({ taker: B, takerSide: "buy", makers: [A], tick: 1000, lots: 10n });
    const acct = r.accounts.find((a) => a.account === A)!;
    expect(acct.scores.wash).toBe(trade.score);
    expect(r.summary.washShare).toBeGreaterThan(0);
    const json = JSON.parse(riskJson(r)) as { summary: { volumeQuote: string }; config: { concentration: { windowSec: null } } };
    expect(json.summary.volumeQuote).toBe(r.summary.volumeQuote.toString());
    expect(json.config.concentration.windowSec).toBeNull();
  });
});
