/**
 * Times as people read them, in the user's locale and time zone (Intl): absolute date-times
 * ("1 Dec 2026, 14:05:09"), dates, clock times and relative times ("3 min ago", "in 2 min").
 * Timestamps are unix seconds (bigint or number). `timeZone` is for tests; pages use the local one.
 */
import type { Lang } from "../i18n";
import { intlLocale } from "./locale";

export type Seconds = bigint | number;

const toDate = (t: Seconds) => new Date(Number(t) * 1000);

/** "1 Dec 2026, 14:05:09" / "2026年12月1日 14:05:09". */
export function dateTime(t: Seconds, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(intlLocale(lang), {
    day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone,
  }).format(toDate(t));
}

/** "1 Dec 2026" / "2026年12月1日". */
export function dateOnly(t: Seconds, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(intlLocale(lang), { day: "numeric", month: "short", year: "numeric", timeZone }).format(toDate(t));
}

/** "1 Dec" / "12月1日". */
export function dayMonth(t: Seconds, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(intlLocale(lang), { day: "numeric", month: "short", timeZone }).format(toDate(t));
}

/** "14:05" (24-hour clock in both languages). */
export function clock(t: Seconds, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(intlLocale(lang), { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(toDate(t));
}

/** "Dec 2026" / "2026年12月". */
export function monthYear(t: Seconds, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(intlLocale(lang), { month: "short", year: "numeric", timeZone }).format(toDate(t));
}

const UNITS: [Intl.RelativeTimeFormatUnit, number, number][] = [
  // unit, seconds per unit, use it below this many seconds
  ["second", 1, 45],
  ["minute", 60, 45 * 60],
  ["hour", 3_600, 22 * 3_600],
  ["day", 86_400, 26 * 86_400],
  ["month", 2_629_800, 320 * 86_400],
  ["year", 31_557_600, Number.POSITIVE_INFINITY],
];

/** `t` relative to `now` (unix seconds): "now", "3 min ago", "in 2 hr", "yesterday". */
export function relativeTime(t: Seconds, now: Seconds, lang: Lang): string {
  const diff = Number(t) - Number(now);
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(intlLocale(lang), { numeric: "auto", style: "short" });
  if (abs < 45) return rtf.format(0, "second");
  for (const [unit, per, below] of UNITS) {
    if (abs < below) return rtf.format(Math.round(diff / per), unit);
  }
  return rtf.format(Math.round(diff / 31_557_600), "year");
}
