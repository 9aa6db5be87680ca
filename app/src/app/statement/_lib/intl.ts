/**
 * The statement's numbers and dates through Intl in the reader's locale. Amounts stay integers
 * until the last step: a bigint becomes an exact decimal string (sdk/statement.ts fixedDecimal)
 * and Intl.NumberFormat formats that string (no float in between). Periods show as local
 * date/time ranges; the per-day breakdown is in UTC days, labelled as such.
 */
import { fixedDecimal } from "@sdk/statement";
import type { Lang } from "@/i18n";
import { intlLocale } from "@/lib/locale";

/** The app's one Intl locale of `lang` (lib/locale.ts), the same on the server and in the browser. */
export function localeOf(lang: Lang): string {
  return intlLocale(lang);
}

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, min: number, max: number): Intl.NumberFormat {
  const key = `${locale}|${min}|${max}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, { minimumFractionDigits: min, maximumFractionDigits: max })));
  return f;
}

/** An integer with `decimals` decimals, shown with at most `max` fraction digits (at least `min`). */
export function formatUnits(locale: string, value: bigint, decimals: number, max: number, min = 0): string {
  return numberFormat(locale, min, Math.min(max, Math.max(min, decimals))).format(fixedDecimal(value, decimals) as `${number}`);
}

/** PCC wei as kg CO2e, three decimals at most: "1,234.567". */
export function formatKg(locale: string, wei: bigint): string {
  return formatUnits(locale, wei, 18, 3);
}

/** Quote units in the token's decimals: "0.0303" (at least two decimals, every significant one). */
export function formatQuote(locale: string, units: bigint, decimals: number): string {
  return formatUnits(locale, units, decimals, decimals, Math.min(2, decimals));
}

/** A plain count: "12,345". */
export function formatCount(locale: string, n: number | bigint): string {
  return numberFormat(locale, 0, 0).format(n);
}

/** A period's [start, end) as a local date/time range: "Jan 5, 2026, 10:00 – 10:05 AM". */
export function formatRange(locale: string, start: number, end: number): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).formatRange(new Date(start * 1000), new Date(end * 1000));
}

/** A moment in local time: "Jan 5, 2026, 10:03:12 AM". */
export function formatMoment(locale: string, seconds: number): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium" }).format(new Date(seconds * 1000));
}

/** A UTC day: "Jan 5, 2026". */
export function formatUtcDay(locale: string, day: number): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(day * 86_400_000));
}

/** A duration in seconds as the largest two units: "1 day, 3 hr" / "1天3小时". */
export function formatSpan(locale: string, seconds: bigint): string {
  let s = Number(seconds);
  const parts: [number, Intl.NumberFormatOptions["unit"]][] = [];
  for (const [size, unit] of [[86_400, "day"], [3_600, "hour"], [60, "minute"], [1, "second"]] as const) {
    const n = Math.floor(s / size);
    s -= n * size;
    if (n > 0 || (size === 1 && parts.length === 0)) parts.push([n, unit]);
  }
  return parts
    .slice(0, 2)
    .map(([n, unit]) => new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "short" }).format(n))
    .join(locale.startsWith("zh") ? "" : ", ");
}
