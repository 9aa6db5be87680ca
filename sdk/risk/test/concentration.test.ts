import { describe, expect, it } from "vitest";
import { Side } from "../../orderbook.js";
import { assessMarket } from "../assess.js";
import { addr, Market } from "./market.js";

const C = addr(0xcc);
const sellers = [addr(0x11), addr(0x12), addr(0x13)];
const buyers = [addr(0x21), addr(0x22), addr(0x23)];
const conc = (m: Market, windowSec?: number) =>
  assessMarket(m.events, windowSec ? { concentration: { windowSec } } : {}).flags.filter((f) => f.signal === "concentration");

describe("concentration", () => {
  it("flags an account buying most of the volume, with its trades as evidence", () => {
    const m = new Market().honest(sellers, buyers);
    const txs = sellers.map((s) => m.trade(s, C, 1000, 30));
    const flags = conc(m);
    expect(flags).toHaveLength(1);
    expect(flags[0]!.accounts).toEqual([C]);
    expect(flags[0]!.details.measure).toBe("buyVolume");
    expect(flags[0]!.txHashes).toEqual(expect.arrayContaining(txs));
    expect(flags[0]!.score).toBeGreaterThan(0.8);
  });

  it("does not judge a side with fewer than minAccounts accounts", () => {
    const m = new Market();
    m.trade(sellers[0]!, C, 1000, 30);
    m.trade(sellers[1]!, C, 1000, 30);
    m.trade(sellers[2]!, buyers[0]!, 1000, 1);
    expect(conc(m)).toEqual([]); // two buyers only
  });

  it("flags an account holding most of the resting depth over time, not one that rests briefly", () => {
    const m = new Market().honest(sellers, buyers);
    for (const b of buyers) m.place(b, Side.Bid, 990, 2);
    const big = m.place(C, Side.Bid, 991, 50);
    m.advance(600);
    m.cancel(big);
    const flags = conc(m);
    expect(flags.map((f) => f.details.measure)).toEqual(["bidDepth"]);
    expect(flags[0]!.accounts).toEqual([C]);
    const brief = new Market().honest(sellers, buyers);
    for (const b of buyers) brief.place(b, Side.Bid, 990, 2);
    brief.cancel(brief.place(C, Side.Bid, 991, 50));
    brief.advance(600);
    brief.transfer("pcc", sellers[0]!, buyers[0]!); // the range ends here
    expect(conc(brief)).toEqual([]);
  });

  it("judges each window on its own", () => {
    const m = new Market();
    m.timestamp = 1_800_000_000; // a multiple of 3,600
    m.honest(sellers, buyers, 1000, 1);
    for (const s of sellers) m.trade(s, C, 1000, 3); // C buys half of this hour: not flagged
    m.advance(3_600);
    m.trade(sellers[0]!, buyers[0]!, 1000, 1);
    m.trade(sellers[1]!, buyers[1]!, 1000, 1);
    for (const s of sellers) m.trade(s, C, 1000, 10); // C buys 30 of 32 lots in the next hour
    const hourly = conc(m, 3_600);
    expect(hourly).toHaveLength(1);
    expect(hourly[0]!.details.windowFrom).toBe(1_800_003_600);
  });
});
