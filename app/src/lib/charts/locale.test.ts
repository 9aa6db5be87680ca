import { describe, expect, it } from "vitest";
import { chartTimes, compact, durationLabel, fixed, fromChartTime, intlLocale, kg, percent, spanLabel as span, tickLabel, timeLabel, toChartTime } from "./locale";
import { kgNumber, priceDecimal, priceDecimals, priceNumber } from "./units";

describe("chart numbers in the reader's language", () => {
  it("maps the app's languages to Intl locales", () => {
    expect([intlLocale("en"), intlLocale("zh")]).toEqual(["en-GB", "zh-CN"]);
  });
  it("prices with fixed decimals, kg with up to three", () => {
    expect(fixed("en", 5)(0.01)).toBe("0.01000");
    expect(fixed("zh", 2)(1234.5)).toBe("1,234.50");
    expect(kg("en")(1234.56789)).toBe("1,234.568");
    expect(percent("en", 0.1337)).toBe("13.4%");
  });
  it("short axis figures follow the language", () => {
    expect(compact("en")(12_300)).toBe("12.3k");
    expect(compact("zh")(123_000)).toBe("12.3万");
  });
});

describe("chart time", () => {
  const plus8 = () => 8 * 3_600;
  it("shifts unix time to the local wall clock and back", () => {
    expect(toChartTime(1_000_000, plus8)).toBe(1_028_800);
    expect(fromChartTime(1_028_800, plus8)).toBe(1_000_000);
  });
  it("labels times in the chosen language, as the wall clock reads", () => {
    const t = toChartTime(Date.UTC(2026, 4, 3, 6, 5, 9) / 1000, plus8);
    expect(tickLabel("en", t, "minute")).toBe("14:05");
    expect(tickLabel("en", t, "day")).toBe("3 May");
    expect(tickLabel("zh", t, "day")).toBe("5月3日");
    expect(timeLabel("en", t, true)).toBe("3 May 2026, 14:05:09");
    expect(timeLabel("zh", t)).toBe("2026年5月3日 14:05");
  });
  it("labels a span: minutes within a day, dates for whole days", () => {
    // Intl puts thin spaces around the range dash: compare with plain spaces.
    const spanLabel = (...a: Parameters<typeof span>) => span(...a).replace(/\s/g, " ");
    const t = Date.UTC(2026, 4, 3, 14, 5) / 1000;
    expect(spanLabel("en", t, t + 300)).toBe("3 May 2026, 14:05–14:10");
    expect(spanLabel("en", t, t + 10)).toBe("3 May 2026, 14:05:00 – 14:05:10");
    const day = Date.UTC(2026, 4, 3) / 1000;
    expect(spanLabel("en", day, day + 86_400)).toBe("3 May 2026");
    expect(spanLabel("en", day, day + 30 * 86_400)).toBe("3 May – 1 Jun 2026");
    expect(spanLabel("zh", day, day + 86_400)).toBe("2026年5月3日");
  });
  it("names bucket lengths in words", () => {
    expect([durationLabel("en", 10), durationLabel("en", 86_400), durationLabel("en", 300)]).toEqual(["10 seconds", "1 day", "5 minutes"]);
    expect([durationLabel("zh", 10), durationLabel("zh", 86_400)]).toEqual(["10秒钟", "1天"]);
  });
  it("keeps chart times strictly ascending across a daylight-saving change", () => {
    // Clocks go back an hour at t = 7,200: the hour after it repeats the wall-clock times before it.
    const offset = (t: number) => (t < 7_200 ? 3_600 : 0);
    expect(chartTimes([0, 3_600, 7_200, 9_000, 10_800], offset)).toEqual([3_600, 7_200, 7_201, 9_000, 10_800]);
  });
});

describe("book units as chart numbers", () => {
  const units = { lotSize: 10n ** 18n, quotePerTickLot: 10n, quoteDecimals: 6 };
  it("gives prices exactly and the tick step's decimals", () => {
    expect(priceDecimal(1000n, units)).toBe("0.01");
    expect(priceNumber(1234, units)).toBe(0.01234);
    expect(priceDecimals(units)).toBe(5);
    expect(priceDecimals({ lotSize: 10n ** 15n, quotePerTickLot: 1000n, quoteDecimals: 6 })).toBe(0);
    expect(kgNumber(5_366_000_000_000_000_000n)).toBe(5.366);
  });
});
