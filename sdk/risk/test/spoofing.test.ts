import { describe, expect, it } from "vitest";
import { CancelReason, Side } from "../../orderbook.js";
import { assessMarket } from "../assess.js";
import type { RiskConfigInput } from "../types.js";
import { addr, Market } from "./market.js";

const S = addr(0x5f);
const sellers = [addr(0x11), addr(0x12), addr(0x13)];
const buyers = [addr(0x21), addr(0x22), addr(0x23)];
const spoofs = (m: Market, config?: RiskConfigInput) => assessMarket(m.events, config).flags.filter((f) => f.signal === "spoofing");

/** Honest trading, then a resting honest bid at 1000 the spoofer will sell into. */
function market(): Market {
  const m = new Market().honest(sellers, buyers);
  m.place(buyers[0]!, Side.Bid, 1000, 3);
  return m;
}

describe("place-and-cancel bursts", () => {
  it("flags a layer of bids near the best, a sale on the other side, then the cancels", () => {
    const m = market();
    const ids = [999, 998, 997, 996, 995, 994].map((t) => m.place(S, Side.Bid, t, 20));
    const sale = m.take(S, Side.Ask, 1000, 3);
    const cancels = ids.map((id) => m.cancel(id));
    const [f, ...rest] = spoofs(m);
    expect(rest).toEqual([]);
    expect(f!.accounts).toEqual([S]);
    expect(f!.orderIds).toEqual(ids);
    expect(f!.txHashes).toEqual(expect.arrayContaining([sale, ...cancels]));
    expect(f!.details).toMatchObject({ orders: 6, cancelledLots: "120", tradedLots: "3", mainSide: "bids", oneSidedShare: 1, nearBestShare: 1, oppositeTrades: [sale] });
    expect(f!.score).toBeCloseTo(0.4 * (1 - 3 / 120) + 0.3 + 0.3);
  });

  it("still flags a one-sided layer near the best that never trades (0.7), not a two-sided one far away (0.4)", () => {
    const m = market();
    for (const t of [999, 998, 997, 996, 995]) m.cancel(m.place(S, Side.Bid, t, 10));
    expect(spoofs(m)[0]!.score).toBeCloseTo(0.7);
    const far = market();
    for (const t of [900, 890, 880]) far.cancel(far.place(S, Side.Bid, t, 10));
    for (const t of [1100, 1110]) far.cancel(far.place(S, Side.Ask, t, 10));
    expect(spoofs(far)).toEqual([]);
  });

  it("does not flag fewer than minOrders cancels, nor cancels of orders that lived longer than the window", () => {
    const few = market();
    for (const t of [999, 998, 997, 996]) few.cancel(few.place(S, Side.Bid, t, 20));
    expect(spoofs(few)).toEqual([]);
    const slow = market();
    const ids = [999, 998, 997, 996, 995, 994].map((t) => slow.place(S, Side.Bid, t, 20));
    slow.advance(700);
    for (const id of ids) slow.cancel(id);
    expect(spoofs(slow)).toEqual([]);
    expect(spoofs(slow, { spoofing: { windowSec: 1_000 } })).toHaveLength(1);
  });

  it("does not flag an account that trades about as much as it cancels", () => {
    const m = market();
    for (const t of [999, 998, 997, 996, 995]) m.cancel(m.place(S, Side.Bid, t, 2));
    for (const s of sellers) m.trade(s, S, 1001, 1);
    expect(spoofs(m)).toEqual([]); // 10 cancelled < 5 × 3 traded
  });

  it("counts only cancels by the owner (not expiry, not self-trade prevention)", () => {
    const m = market();
    for (const t of [999, 998, 997, 996, 995, 994]) m.cancel(m.place(S, Side.Bid, t, 20), t % 2 ? CancelReason.Expired : CancelReason.SelfTrade);
    expect(spoofs(m)).toEqual([]);
  });

  it("splits an account's cancels into separate bursts", () => {
    const m = market();
    for (const t of [999, 998, 997, 996, 995]) m.cancel(m.place(S, Side.Bid, t, 20));
    m.advance(3_600);
    for (const t of [1101, 1102, 1103, 1104, 1105]) m.cancel(m.place(S, Side.Ask, t, 20));
    const flags = spoofs(m);
    expect(flags.map((f) => f.details.mainSide).sort()).toEqual(["asks", "bids"]);
  });
});
