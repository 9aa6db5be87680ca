import { describe, expect, it } from "vitest";
import { Side } from "../../orderbook.js";
import { assessMarket } from "../assess.js";
import { addr, Market } from "./market.js";

const X = addr(0x77);
const Y = addr(0x78);
const sellers = [addr(0x11), addr(0x12), addr(0x13)];
const buyers = [addr(0x21), addr(0x22), addr(0x23)];
const off = (m: Market) => assessMarket(m.events).flags.filter((f) => f.signal === "offReference");

describe("off-reference trades", () => {
  it("flags a trade 15 % from the reference and the VWAP, naming taker, maker, order and transaction", () => {
    const m = new Market();
    m.reference(1000);
    m.honest(sellers, buyers);
    const id = m.place(X, Side.Ask, 1150, 2);
    const tx = m.take(Y, Side.Bid, 1150, 2);
    const flags = off(m);
    expect(flags).toHaveLength(1);
    expect(flags[0]!.accounts).toEqual([Y, X]);
    expect(flags[0]!.txHashes).toEqual([tx]);
    expect(flags[0]!.orderIds).toEqual([id]);
    expect(flags[0]!.details.referenceTick).toBe(1000);
    // min(1,500 bps from the reference, ≈1,500 from the VWAP)
    expect(flags[0]!.details.distanceBps as number).toBeGreaterThan(1_400);
    expect(flags[0]!.details.distanceBps as number).toBeLessThanOrEqual(1_500);
    expect(flags[0]!.score).toBeCloseTo((flags[0]!.details.distanceBps as number) / 2_000);
  });

  it("does not flag ordinary trades near the VWAP when the reference is stale; before a VWAP exists the reference alone judges", () => {
    const m = new Market();
    m.reference(850); // the band (±20 %) still admits 1,000
    m.honest(sellers, buyers, 1000, 3);
    const r = assessMarket(m.events);
    const flagged = r.flags.filter((f) => f.signal === "offReference").map((f) => f.txHashes[0]);
    // The first minVwapTrades trades have only the reference: ≈17.6 % off it.
    expect(flagged.sort()).toEqual(r.trades.slice(0, 3).map((t) => t.txHash).sort());
    expect(r.trades[0]!.distanceBps).toBeCloseTo(((1000 - 1 - 850) * 10_000) / 850);
    expect(r.trades.slice(3).every((t) => t.distanceBps! < 50)).toBe(true);
  });

  it("leaves a trade unjudged without a reference and without enough earlier trades", () => {
    const m = new Market();
    m.trade(X, Y, 5000, 1);
    m.trade(X, Y, 1000, 1);
    const r = assessMarket(m.events);
    expect(r.summary.unjudgedTrades).toBe(2);
    expect(r.flags.filter((f) => f.signal === "offReference")).toEqual([]);
  });

  it("computes the VWAP from earlier transactions in the window only", () => {
    const m = new Market();
    m.honest(sellers, buyers, 1000, 1);
    m.advance(90_000); // the earlier trades leave the 24 h window
    m.trade(X, Y, 1300, 1);
    expect(assessMarket(m.events).trades.at(-1)!.distanceBps).toBeUndefined();
    const n = new Market();
    n.honest(sellers, buyers, 1000, 1);
    n.trade(X, Y, 1300, 1);
    expect(off(n)[0]!.details.vwapTick).toBeCloseTo(1000, 0);
  });

  it("does not let a sweep's own earlier levels pull the VWAP toward its later ones", () => {
    const m = new Market();
    m.honest(sellers, buyers, 1000, 1);
    m.place(X, Side.Ask, 1090, 200);
    m.place(X, Side.Ask, 1100, 1);
    const tx = m.sweep(Y, Side.Bid, [[1090, 200], [1100, 1]]);
    const r = assessMarket(m.events);
    const sweep = r.trades.filter((t) => t.txHash === tx);
    // Both measured against the VWAP of the earlier trades (≈1,000.2), not 1,090 against itself.
    expect(sweep.map((t) => Math.round(t.distanceBps! / 10) * 10)).toEqual([900, 1000]);
    expect(r.flags.filter((f) => f.signal === "offReference")).toHaveLength(2);
  });

  it("follows the reference as it changes", () => {
    const m = new Market();
    m.reference(1000);
    m.honest(sellers, buyers, 1000, 1);
    m.reference(1200);
    m.advance(90_000);
    m.trade(X, Y, 1190, 1);
    expect(off(m)).toEqual([]);
    m.reference(0);
    m.trade(X, Y, 1400, 1);
    expect(assessMarket(m.events).trades.at(-1)!.distanceBps).toBeUndefined(); // the VWAP has only one trade
  });
});
