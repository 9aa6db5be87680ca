import { describe, expect, it } from "vitest";
import { formatPeriod, formatRange, periodEnd, periodOf, periodStart, rewardClosesAt, settleableAt, type Calendar } from "./periods";
import { dateTime, relativeTime } from "./time";

/** The local calendar (ignition/parameters/local.json): five-minute periods from 2026-01-01 00:00 UTC. */
const local: Calendar = { genesis: 1_767_225_600n, periodLength: 300n, gracePeriod: 60n, rewardWindow: 120n };
const DAY = 86_400n;
const monthly: Calendar = { genesis: 1_767_225_600n, periodLength: 30n * DAY, gracePeriod: 3n * DAY, rewardWindow: 7n * DAY };
const UTC = "UTC";

describe("the calendar", () => {
  it("computes a period's times like PeriodCalendar and CarbonBudget", () => {
    expect(periodStart(local, 0)).toBe(local.genesis);
    expect(periodEnd(local, 2)).toBe(local.genesis + 900n);
    expect(settleableAt(local, 2)).toBe(local.genesis + 960n);
    expect(rewardClosesAt(local, 2)).toBe(local.genesis + 1080n);
    expect(periodOf(local, local.genesis - 1n)).toBeUndefined();
    expect(periodOf(local, local.genesis + 299n)).toBe(0);
    expect(periodOf(local, local.genesis + 300n)).toBe(1);
  });
});

describe("a period as people read it", () => {
  it("is a local date-time range, never a bare number", () => {
    // the period of 2026-11-30 14:05 UTC (a period number near the 96285)
    const p = Number((1_796_047_500n - local.genesis) / 300n);
    expect(formatPeriod(local, p, "en", UTC)).toBe("30 Nov 14:05–14:10");
    expect(formatPeriod(local, p, "zh", UTC)).toBe("11月30日 14:05–14:10");
    expect(formatPeriod(local, p, "en", "Asia/Shanghai")).toBe("30 Nov 22:05–22:10");
  });
  it("spans midnight with both dates", () => {
    expect(formatRange(1_767_225_600n - 300n, 1_767_225_600n + 300n, "en", UTC)).toBe("31 Dec 23:55 – 1 Jan 00:05");
    expect(formatRange(1_767_225_600n - 300n, 1_767_225_600n, "en", UTC)).toBe("31 Dec 23:55–00:00");
  });
  it("shows day-long periods as dates, the last day inclusive", () => {
    expect(formatRange(1_767_225_600n, 1_767_225_600n + 7n * DAY, "en", UTC)).toBe("1 Jan 2026 – 7 Jan 2026");
    expect(formatRange(1_767_225_600n, 1_767_225_600n + DAY, "en", UTC)).toBe("1 Jan 2026");
  });
  it("names month-long periods by their month, unless a neighbour would get the same name", () => {
    expect(formatPeriod(monthly, 0, "en", UTC)).toBe("Jan 2026"); // 1 Jan – 30 Jan
    expect(formatPeriod(monthly, 1, "en", UTC)).toBe("Feb 2026"); // 31 Jan – 1 Mar
    expect(formatPeriod(monthly, 0, "zh", UTC)).toBe("2026年1月");
    // Thirty-day periods drift against the calendar: find two neighbours whose middles share a month.
    let clash = -1;
    for (let p = 1; p < 200 && clash < 0; p++) {
      const mid = (q: number) => new Date(Number(periodStart(monthly, q) + monthly.periodLength / 2n) * 1000).toISOString().slice(0, 7);
      if (mid(p) === mid(p + 1)) clash = p;
    }
    expect(clash).toBeGreaterThan(0);
    expect(formatPeriod(monthly, clash, "en", UTC)).toMatch(/^\d{1,2} \w{3} \d{4} – \d{1,2} \w{3} \d{4}$/);
    expect(formatPeriod(monthly, clash + 1, "en", UTC)).toMatch(/ – /);
  });
});

describe("times", () => {
  it("dates in the locale", () => {
    expect(dateTime(1_767_225_600n, "en", UTC)).toBe("1 Jan 2026, 00:00:00");
    expect(dateTime(1_767_225_600n, "zh", UTC)).toBe("2026年1月1日 00:00:00");
  });
  it("relative times, past and future", () => {
    const now = 1_767_225_600;
    expect(relativeTime(now - 10, now, "en")).toBe("now");
    expect(relativeTime(now - 180, now, "en")).toBe("3 min ago");
    expect(relativeTime(now + 120, now, "en")).toBe("in 2 min");
    expect(relativeTime(now - 5 * 3600, now, "en")).toBe("5 hr ago");
    expect(relativeTime(now - 86_400, now, "en")).toBe("yesterday");
    expect(relativeTime(now - 180, now, "zh")).toBe("3分钟前");
  });
});
