/**
 * Numbers and times for the charts in the reader's language: Intl in the app's one locale per language (lib/locale.ts). The
 * charting library places its time axis in UTC, so chart times are unix seconds shifted by the
 * browser's UTC offset at that moment (its labels then read as local wall-clock time) and are
 * formatted with timeZone "UTC"; `fromChartTime` undoes the shift.
 */
import type { Lang } from "@/i18n";
import { intlLocale } from "../locale";

export { intlLocale } from "../locale";

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A cached Intl.NumberFormat. */
export function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(intlLocale(lang), options)));
  return f;
}

/** A fixed-decimals formatter (prices in the quote currency: every tick shown with the same digits). */
export function fixed(lang: Lang, digits: number): (n: number) => string {
  const f = numberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return (n) => f.format(n);
}

/** kg with up to `digits` decimals (3: grams). */
export function kg(lang: Lang, digits = 3): (n: number) => string {
  const f = numberFormat(lang, { maximumFractionDigits: digits });
  return (n) => f.format(n);
}

/** Short axis figures: 1.2K / 1.2万. */
export function compact(lang: Lang): (n: number) => string {
  const f = numberFormat(lang, { notation: "compact", maximumFractionDigits: 1 });
  return (n) => f.format(n);
}

/** A share as a percentage: 0.134 → "13.4%". */
export function percent(lang: Lang, share: number): string {
  return numberFormat(lang, { style: "percent", maximumFractionDigits: 1 }).format(share);
}

/** The browser's UTC offset in seconds at `unixSeconds` (east positive). */
export function utcOffsetSeconds(unixSeconds: number): number {
  return -new Date(unixSeconds * 1000).getTimezoneOffset() * 60;
}

/** Unix seconds → the chart's time (local wall clock read as UTC). */
export function toChartTime(unixSeconds: number, offset: (t: number) => number = utcOffsetSeconds): number {
  return unixSeconds + offset(unixSeconds);
}

/** The chart's time → unix seconds. */
export function fromChartTime(chartTime: number, offset: (t: number) => number = utcOffsetSeconds): number {
  // The offset at the shifted time is the offset at the real time except within a DST change.
  return chartTime - offset(chartTime - offset(chartTime));
}

export type TimeDetail = "year" | "month" | "day" | "minute" | "second";

const timeOptions: Record<TimeDetail, Intl.DateTimeFormatOptions> = {
  year: { year: "numeric" },
  month: { month: "short" },
  day: { month: "short", day: "numeric" },
  minute: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  second: { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" },
};
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = dateTimeFormats.get(key);
  if (!f) dateTimeFormats.set(key, (f = new Intl.DateTimeFormat(intlLocale(lang), { ...options, timeZone: "UTC" })));
  return f;
}

/** An axis tick label of a chart time at the given detail. */
export function tickLabel(lang: Lang, chartTime: number, detail: TimeDetail): string {
  return dateTimeFormat(lang, timeOptions[detail]).format(new Date(chartTime * 1000));
}

/** A full label of a chart time (tooltips, the crosshair): date and time, seconds when asked. */
export function timeLabel(lang: Lang, chartTime: number, seconds = false): string {
  const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  if (seconds) options.second = "2-digit";
  return dateTimeFormat(lang, options).format(new Date(chartTime * 1000));
}

/** A date without time (period starts of long periods, daily buckets). */
export function dateLabel(lang: Lang, chartTime: number): string {
  return dateTimeFormat(lang, { year: "numeric", month: "short", day: "numeric" }).format(new Date(chartTime * 1000));
}

/**
 * A span of chart time [start, end): "May 3, 2026, 14:05 – 14:10" within a day, "May 3 – Jun 2, 2026"
 * for spans of whole days (a 30-day period, a daily bucket shows as its date).
 */
export function spanLabel(lang: Lang, start: number, end: number): string {
  const length = end - start;
  if (length >= 86_400 && start % 86_400 === 0 && length % 86_400 === 0) {
    if (length === 86_400) return dateLabel(lang, start);
    return dateTimeFormat(lang, { year: "numeric", month: "short", day: "numeric" }).formatRange(new Date(start * 1000), new Date((end - 86_400) * 1000));
  }
  const seconds = start % 60 !== 0 || end % 60 !== 0;
  const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  if (seconds) options.second = "2-digit";
  return dateTimeFormat(lang, options).formatRange(new Date(start * 1000), new Date(end * 1000));
}

/** A length of time in words: "10 seconds", "1 day" / "10秒钟", "1天". */
export function durationLabel(lang: Lang, seconds: number): string {
  const [unit, n] =
    seconds % 86_400 === 0 ? ["day", seconds / 86_400] : seconds % 3_600 === 0 ? ["hour", seconds / 3_600] : seconds % 60 === 0 ? ["minute", seconds / 60] : ["second", seconds];
  return numberFormat(lang, { style: "unit", unit, unitDisplay: "long" }).format(n);
}

/**
 * Unix times (ascending) as chart times that strictly ascend, as the library requires: across a
 * daylight-saving change two real times can share a wall-clock time, the later one is moved on by
 * a second.
 */
export function chartTimes(unixTimes: readonly number[], offset: (t: number) => number = utcOffsetSeconds): number[] {
  const out: number[] = [];
  for (const t of unixTimes) {
    const c = toChartTime(t, offset);
    const prev = out[out.length - 1];
    out.push(prev !== undefined && c <= prev ? prev + 1 : c);
  }
  return out;
}
