import { describe, expect, it } from "vitest";
import { decimalString, formatDecimal, kg, kgInput, kgNumber, percent, priceDigits, priceInput, priceNumber, priceText, quoteAmount, quoteAmountExact } from "./amounts";
import { priceToTick, type BookUnits } from "./price";

const WEI = 10n ** 18n;
/** The local deployment's book: 1 PCC lots, 10 quote units (6 decimals) per tick per lot. */
const units: BookUnits = { lotSize: WEI, quotePerTickLot: 10n, quoteDecimals: 6 };
const tusd = { symbol: "tUSD", decimals: 6 };

describe("kg CO₂e", () => {
  it("shows PCC wei as kilograms, grouped and truncated, never as wei", () => {
    expect(kg(5_005_000_000_000_000n, "en")).toBe("0.005 kg");
    expect(kg(1_500n * WEI + 678_900_000_000_000_000n, "en")).toBe("1,500.678 kg");
    expect(kg(400n * WEI, "zh")).toBe("400 kg");
    expect(kgNumber(-2_250_000_000_000_000_000n, "en")).toBe("-2.25");
  });
  it("never reads 0 kg for a non-zero amount", () => {
    expect(kg(200_000_000_000_000n, "en")).toBe("< 0.001 kg"); // 0.0002 kg
    expect(kg(1n, "en")).toBe("< 0.001 kg");
    expect(kg(0n, "en")).toBe("0 kg");
  });
  it("gives every digit for an input field, so Max and pay-all are exact", () => {
    expect(kgInput(388_500_000_000_000_000_123n)).toBe("388.500000000000000123");
    expect(kgInput(5n * WEI)).toBe("5");
  });
});

describe("quote amounts and prices", () => {
  it("shows quote amounts in their currency with fixed decimals", () => {
    expect(quoteAmount(10_000_000_000n, tusd, "en")).toBe("10,000.00 tUSD");
    expect(quoteAmount(40_000n, tusd, "en")).toBe("0.04 tUSD");
    expect(quoteAmount(40n, tusd, "en")).toBe("< 0.01 tUSD");
    expect(quoteAmountExact(40_040n, tusd, "en")).toBe("0.04004 tUSD");
  });
  it("prices every tick with the tick step's decimals", () => {
    expect(priceDigits(units)).toBe(5); // one tick = 0.00001 tUSD per kg
    expect(priceNumber(1000n, units, "en")).toBe("0.01000");
    expect(priceNumber(1234n, units, "en")).toBe("0.01234");
    expect(priceNumber(1n, units, "en")).toBe("0.00001");
    expect(priceText(100_000n, units, "tUSD", "en")).toBe("1.00000 tUSD/kg");
    expect(priceDigits({ lotSize: WEI, quotePerTickLot: 10_000n, quoteDecimals: 6 })).toBe(2);
  });
  it("gives the order form a price that lands on the same tick", () => {
    for (const tick of [1n, 999n, 1000n, 123_456n]) {
      const parsed = priceToTick(priceInput(tick, units), units);
      expect(parsed).toEqual({ ok: true, value: tick });
    }
  });
  it("formats exact decimals and percentages in the locale", () => {
    expect(decimalString(-12_000_345n, 6)).toBe("-12.000345");
    expect(formatDecimal(1_234_567n, 3, "zh", 2, true)).toBe("1,234.56");
    expect(percent(5000, "en")).toBe("50%");
    expect(percent(25, "en")).toBe("0.25%");
  });
});
