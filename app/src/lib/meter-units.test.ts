import { describe, expect, it } from "vitest";
import { en } from "../i18n/en";
import { zh } from "../i18n/zh";
import { meterAmount, unitKey } from "./meter-units";

describe("meter amounts in their published unit", () => {
  it("turns base units into kWh, m³, km, L and currency units, exactly, in the locale", () => {
    expect(meterAmount(0, 250n, "en")).toBe("0.25");
    expect(meterAmount(0, 1_234_567n, "en")).toBe("1,234.567");
    expect(meterAmount(1, 1_500n, "zh")).toBe("1.5");
    expect(meterAmount(2, 12_000n, "en")).toBe("12");
    expect(meterAmount(6, 1_999n, "en")).toBe("19.99");
    expect(meterAmount(0, 0n, "en")).toBe("0");
  });
  it("names every kind's unit in both languages", () => {
    for (const kind of [0, 1, 2, 3, 4, 5, 6] as const) {
      expect(en[unitKey(kind)]).toBeTruthy();
      expect(zh[unitKey(kind)]).toBeTruthy();
    }
  });
});
