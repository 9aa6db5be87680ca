/**
 * The PCX calendar in the app (IPeriodCalendar): a period's start, end, settlement and reward
 * times, all computed from the calendar's four immutable values, and a period as people read it:
 * a local date-time range ("1 Dec 14:05–14:10"), a date range for day-long periods, or the month
 * ("Dec 2026") for month-long ones. One helper for every page, so a period never shows as a bare
 * number.
 */
import type { Lang } from "../i18n";
import { clock, dateOnly, dayMonth, monthYear, type Seconds } from "./time";

/** PeriodCalendar's values (unix seconds). */
export interface Calendar {
  genesis: bigint;
  periodLength: bigint;
  gracePeriod: bigint;
  rewardWindow: bigint;
}

export const periodStart = (c: Calendar, p: number): bigint => c.genesis + BigInt(p) * c.periodLength;
export const periodEnd = (c: Calendar, p: number): bigint => periodStart(c, p + 1);
/** End of the grace window: settlement opens, allowance claims and late readings close. */
export const settleableAt = (c: Calendar, p: number): bigint => periodEnd(c, p) + c.gracePeriod;
/** End of the reward window: a settlement after it registers no reward; claims open. */
export const rewardClosesAt = (c: Calendar, p: number): bigint => settleableAt(c, p) + c.rewardWindow;

/** The period containing `t`, or undefined before genesis. */
export function periodOf(c: Calendar, t: Seconds): number | undefined {
  const s = BigInt(t);
  if (s < c.genesis) return undefined;
  return Number((s - c.genesis) / c.periodLength);
}

const DAY = 86_400n;

/**
 * [start, end) as a local range: under a day "1 Dec 14:05–14:10" (or "1 Dec 23:55 – 2 Dec 00:05"
 * across midnight); a day or longer "1 Dec 2026 – 7 Dec 2026", the last day shown inclusive.
 */
export function formatRange(start: Seconds, end: Seconds, lang: Lang, timeZone?: string): string {
  const s = BigInt(start);
  const e = BigInt(end);
  const lastSecond = e > s ? e - 1n : e;
  if (e - s < DAY) {
    const sameDay = dayMonth(s, lang, timeZone) === dayMonth(lastSecond, lang, timeZone);
    return sameDay
      ? `${dayMonth(s, lang, timeZone)} ${clock(s, lang, timeZone)}–${clock(e, lang, timeZone)}`
      : `${dayMonth(s, lang, timeZone)} ${clock(s, lang, timeZone)} – ${dayMonth(e, lang, timeZone)} ${clock(e, lang, timeZone)}`;
  }
  const first = dateOnly(s, lang, timeZone);
  const last = dateOnly(lastSecond, lang, timeZone);
  return first === last ? first : `${first} – ${last}`;
}

const MONTH_LONG = { min: 28n * DAY, max: 31n * DAY };

function monthOf(c: Calendar, p: number, lang: Lang, timeZone?: string): string {
  return monthYear(periodStart(c, p) + c.periodLength / 2n, lang, timeZone);
}

/**
 * Period `p` as people read it. A month-long period (28–31 days) is named by the month holding
 * its middle ("Dec 2026") unless a neighbouring period would get the same name; then, and for
 * every other length, it is its local range (formatRange).
 */
export function formatPeriod(c: Calendar, p: number, lang: Lang, timeZone?: string): string {
  if (c.periodLength >= MONTH_LONG.min && c.periodLength <= MONTH_LONG.max) {
    const name = monthOf(c, p, lang, timeZone);
    const clash = (p > 0 && monthOf(c, p - 1, lang, timeZone) === name) || monthOf(c, p + 1, lang, timeZone) === name;
    if (!clash) return name;
  }
  return formatRange(periodStart(c, p), periodEnd(c, p), lang, timeZone);
}

/** A period's full local range, for a title next to a month name. */
export function periodRange(c: Calendar, p: number, lang: Lang, timeZone?: string): string {
  return formatRange(periodStart(c, p), periodEnd(c, p), lang, timeZone);
}
