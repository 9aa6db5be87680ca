import { describe, expect, it } from "vitest";
import { prefillHref, readPrefill } from "./order-prefill";

describe("pre-filled orders", () => {
  it("round-trips the dashboard's buy link into the order form", () => {
    const href = prefillHref({ side: 0, amount: "13", price: "0.01000", kind: 1 });
    expect(href).toBe("/market?side=buy&amount=13&price=0.01000&type=ioc");
    expect(readPrefill(new URLSearchParams(href.split("?")[1]))).toEqual({ side: 0, amount: "13", price: "0.01000", kind: 1 });
  });
  it("ignores what is not a plain value", () => {
    expect(readPrefill(new URLSearchParams("side=short&amount=1e9&price=-1&type=market"))).toEqual({});
    expect(prefillHref({})).toBe("/market");
    expect(readPrefill(new URLSearchParams("side=sell&amount=2.5"))).toEqual({ side: 1, amount: "2.5" });
  });
});
