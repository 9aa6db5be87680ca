import { describe, expect, it } from "vitest";
import { amountToLots, decodeOrderId, ladderRows, feeOn, lotsToWei, priceToTick, quoteFor, requiredFunds, tickStep, tickToPrice, type BookUnits } from "./price";

// 1 lot = 0.1 PCC; one tick per lot = 100 quote units (0.0001 USD at 6 decimals) → 0.001 USD per PCC per tick.
const units: BookUnits = { lotSize: 10n ** 17n, quotePerTickLot: 100n, quoteDecimals: 6 };

describe("ticks and prices", () => {
  it("converts ticks to prices per PCC", () => {
    expect(tickStep(units)).toBe("0.001");
    expect(tickToPrice(1500n, units)).toBe("1.5");
  });
  it("converts prices to ticks exactly and refuses off-tick prices", () => {
    expect(priceToTick("1.5", units)).toEqual({ ok: true, value: 1500n });
    expect(priceToTick("0.001", units)).toEqual({ ok: true, value: 1n });
    expect(priceToTick("1.0005", units)).toEqual({ ok: false, error: "notOnTick" });
    expect(priceToTick("0", units)).toEqual({ ok: false, error: "zero" });
    expect(priceToTick("x", units)).toEqual({ ok: false, error: "notANumber" });
    expect(priceToTick("100000", units)).toEqual({ ok: false, error: "tooLarge" });
  });
  it("round-trips every tick it prints", () => {
    for (const tick of [1n, 7n, 999n, 123_456n, 2n ** 24n - 1n]) {
      expect(priceToTick(tickToPrice(tick, units).replace(/,/g, ""), units)).toEqual({ ok: true, value: tick });
    }
  });
});

describe("lots and amounts", () => {
  it("accepts whole lots only", () => {
    expect(amountToLots("2.5", units)).toEqual({ ok: true, value: 25n });
    expect(amountToLots("0.05", units)).toEqual({ ok: false, error: "notWholeLots" });
    expect(amountToLots("0", units)).toEqual({ ok: false, error: "zero" });
    expect(lotsToWei(25n, units)).toBe(2_500_000_000_000_000_000n);
  });
  it("prices an order like the contract: lots × tick × quotePerTickLot, fee rounded down", () => {
    expect(quoteFor(25n, 1500n, units)).toBe(3_750_000n); // 2.5 PCC at 1.5 = 3.75 USD
    expect(feeOn(3_750_000n, 30)).toBe(11_250n);
    expect(feeOn(333n, 30)).toBe(0n);
    expect(requiredFunds(0, 25n, 1500n, units, 30)).toBe(3_761_250n);
    expect(requiredFunds(1, 25n, 1500n, units, 30)).toBe(2_500_000_000_000_000_000n);
  });
});

describe("order ids", () => {
  it("decodes owner, side, tick, epoch and index", () => {
    const owner = 0x70997970c51812dc3a010c7d01b50e0d17dc79c8n;
    const id = (owner << 96n) | (1n << 88n) | (1500n << 64n) | (3n << 32n) | 42n;
    expect(decodeOrderId(id)).toEqual({ owner: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", side: 1, tick: 1500n, epoch: 3n, index: 42n });
  });
});

describe("ladderRows", () => {
  it("puts the best ask and the best bid next to the spread, from the book's best-first levels", () => {
    // OrderBook.depth answers best first: asks from the lowest price up, bids from the highest down.
    const asks = [{ tick: 101, lots: 1n }, { tick: 103, lots: 2n }, { tick: 110, lots: 3n }];
    const bids = [{ tick: 99, lots: 4n }, { tick: 95, lots: 5n }];
    const rows = ladderRows(bids, asks);
    expect(rows.asks.map((l) => l.tick)).toEqual([110, 103, 101]);
    expect(rows.bids.map((l) => l.tick)).toEqual([99, 95]);
    expect(rows.asks.at(-1)!.tick).toBe(101); // the row just above the spread is the best ask
  });
  it("orders levels given in any order the same way", () => {
    const rows = ladderRows([{ tick: 95 }, { tick: 99 }], [{ tick: 110 }, { tick: 101 }, { tick: 103 }]);
    expect(rows.asks.map((l) => l.tick)).toEqual([110, 103, 101]);
    expect(rows.bids.map((l) => l.tick)).toEqual([99, 95]);
  });
});
