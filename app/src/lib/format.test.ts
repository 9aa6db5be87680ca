import { describe, expect, it } from "vitest";
import { formatAmount, formatBps, formatDuration, formatKg, formatNumber, formatTimestamp, parseAmount, shortAddress } from "./format";

describe("formatAmount / formatKg", () => {
  it("truncates to the requested digits and groups thousands", () => {
    expect(formatAmount(1234567_891234n, 6, 2)).toBe("1,234,567.89");
    expect(formatKg(10n ** 18n)).toBe("1");
    expect(formatKg(1_500_000_000_000_000_000n)).toBe("1.5");
    expect(formatKg(999n)).toBe("0");
    expect(formatKg(123n, 18)).toBe("0.000000000000000123");
  });
  it("keeps the sign of negative values", () => {
    expect(formatKg(-2_250_000_000_000_000_000n)).toBe("-2.25");
  });
  it("handles zero decimals", () => {
    expect(formatAmount(1000n, 0)).toBe("1,000");
  });
});

describe("parseAmount", () => {
  it("parses plain decimals exactly", () => {
    expect(parseAmount("1.5", 18)).toBe(1_500_000_000_000_000_000n);
    expect(parseAmount(" 2 ", 6)).toBe(2_000_000n);
    expect(parseAmount("0.000001", 6)).toBe(1n);
    expect(parseAmount("1,000", 0)).toBe(1000n);
    expect(parseAmount("3.", 2)).toBe(300n);
  });
  it("refuses what is not a non-negative decimal or has too many decimals", () => {
    for (const bad of ["", "-1", "1e3", "abc", "1.2.3", "0x10"]) expect(parseAmount(bad, 18)).toBeUndefined();
    expect(parseAmount("0.0000001", 6)).toBeUndefined();
  });
  it("round-trips with formatAmount", () => {
    const v = 123_456_789_012_345_678_901n;
    expect(parseAmount(formatAmount(v, 18, 18).replace(/,/g, ""), 18)).toBe(v);
  });
});

describe("small formatters", () => {
  it("shortens addresses", () => {
    expect(shortAddress("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")).toBe("0xf39F…2266");
    expect(shortAddress(undefined)).toBe("");
  });
  it("formats UTC timestamps and durations", () => {
    expect(formatTimestamp(1767225600n)).toBe("2026-01-01 00:00:00 UTC");
    expect(formatDuration(5)).toBe("5s");
    expect(formatDuration(125)).toBe("2m 05s");
    expect(formatDuration(3723)).toBe("1h 02m 03s");
    expect(formatDuration(90_061)).toBe("1d 01h 01m");
    expect(formatDuration(-3)).toBe("0s");
  });
  it("formats basis points", () => {
    expect(formatBps(5000)).toBe("50%");
    expect(formatBps(25)).toBe("0.25%");
    expect(formatBps(0)).toBe("0%");
  });
});

describe("localized formatting (a locale passed in)", () => {
  it("formats durations in the locale's units, zero units left out, three largest units at most", () => {
    expect(formatDuration(76, "en")).toBe("1m 16s");
    expect(formatDuration(76, "zh-CN")).toBe("1分钟16秒");
    expect(formatDuration(3723, "zh-CN")).toBe("1小时2分钟3秒");
    expect(formatDuration(3600, "zh-CN")).toBe("1小时");
    expect(formatDuration(90_061, "zh-CN")).toBe("1天1小时1分钟");
    expect(formatDuration(90_061, "en")).toBe("1d 1h 1m");
    expect(formatDuration(3605, "en")).toBe("1h 5s");
    expect(formatDuration(0, "zh-CN")).toBe("0秒");
    expect(formatDuration(-3, "en")).toBe("0s");
    expect(formatDuration(76n, "de")).toBe("1 Min., 16 Sek.");
  });
  it("never leaves an English unit in a Chinese duration", () => {
    for (const s of [1, 59, 61, 3599, 3601, 86_399, 86_401, 30 * 86_400]) expect(formatDuration(s, "zh-CN"), String(s)).not.toMatch(/[a-z]/i);
  });
  it("formats amounts exactly, truncated, with the locale's separators", () => {
    expect(formatKg(1_234_567_891_234_567_891_234_567n, 3, "en")).toBe("1,234,567.891");
    expect(formatKg(1_234_567_891_234_567_891_234_567n, 3, "zh-CN")).toBe("1,234,567.891");
    expect(formatKg(1_234_567_891_234_567_891_234_567n, 3, "de")).toBe("1.234.567,891");
    expect(formatKg(1_999_999_999_999_999_999n, 3, "en")).toBe("1.999"); // truncated, never rounded up
    expect(formatKg(123n, 18, "en")).toBe("0.000000000000000123"); // beyond a float's precision
    expect(formatKg(-2_250_000_000_000_000_000n, 3, "de")).toBe("-2,25");
    expect(formatAmount(1000n, 0, 4, "en")).toBe("1,000");
  });
  it("matches the fixed form in English for every amount", () => {
    for (const v of [0n, 1n, 999n, 10n ** 18n, 123_456_789_012_345_678_901n, -5_000_000_000_000_000n]) expect(formatKg(v, 3, "en")).toBe(formatKg(v));
  });
  it("formats percentages, counts and UTC timestamps in the locale", () => {
    expect(formatBps(25, "zh-CN")).toBe("0.25%");
    expect(formatBps(5000, "de")).toBe("50\u00a0%"); // no-break space before the sign
    expect(formatNumber(1_234_567, "en")).toBe("1,234,567");
    expect(formatNumber(1_234_567.891, "de")).toBe("1.234.567,89");
    expect(formatTimestamp(1767225600n, "zh-CN")).toBe("2026年1月1日 00:00:00 UTC");
    expect(formatTimestamp(1767225600n, "en")).toBe("Jan 1, 2026, 00:00:00 UTC");
  });
});
