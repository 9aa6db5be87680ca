import { describe, expect, it } from "vitest";
import { validateOrder, type OrderInput } from "./order-validation";

const base: OrderInput = {
  side: 1,
  tick: { ok: true, value: 100n },
  lots: { ok: true, value: 10n },
  kind: 0,
  expiryMinutes: "",
  minLots: 1,
  band: { low: 1n, high: 1000n },
  paused: false,
  balance: 100n,
  required: 50n,
};

describe("validateOrder", () => {
  it("accepts a valid order", () => expect(validateOrder(base)).toBeUndefined());
  it("reports the first problem as an i18n key", () => {
    expect(validateOrder({ ...base, paused: true })).toBe("market.error.paused");
    expect(validateOrder({ ...base, tick: { ok: false, error: "notOnTick" } })).toBe("market.error.price.notOnTick");
    expect(validateOrder({ ...base, lots: { ok: false, error: "notWholeLots" } })).toBe("market.error.amount.notWholeLots");
    expect(validateOrder({ ...base, minLots: 20 })).toBe("market.error.tooSmall");
    expect(validateOrder({ ...base, tick: { ok: true, value: 1001n } })).toBe("market.error.outsideBand");
    expect(validateOrder({ ...base, kind: 1, expiryMinutes: "5" })).toBe("market.error.iocExpiry");
    expect(validateOrder({ ...base, expiryMinutes: "-1" })).toBe("market.error.expiry");
    expect(validateOrder({ ...base, required: 101n })).toBe("form.insufficientBalance");
  });
});
