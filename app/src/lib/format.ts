/**
 * Display formatting shared by every page. Pure functions, no locale state: each formatter takes
 * an optional `locale` (a BCP 47 tag, `useI18n().locale`) and formats through Intl in it; without
 * one the output is the fixed English form ("1,234.5", "2m 05s", "UTC" timestamps) that tests and
 * parsers rely on.
 */

const numberFormats = new Map<string, Intl.NumberFormat>();
/** Intl.NumberFormat instances are costly to build: one per locale and options. */
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

/**
 * Formats an integer amount with `decimals` decimals, keeping at most `digits` fraction digits
 * (truncated, never rounded up). With `locale`, grouping and decimal mark are the locale's (exact:
 * the decimal string goes to Intl as a string, not through a float).
 */
export function formatAmount(value: bigint, decimals: number, digits = 4, locale?: string): string {
  const neg = value < 0n;
  const abs = neg ? -value : value;
  const scale = 10n ** BigInt(decimals);
  const whole = abs / scale;
  const frac = decimals === 0 ? "" : (abs % scale).toString().padStart(decimals, "0").slice(0, digits).replace(/0+$/, "");
  if (locale) {
    const exact = `${neg ? "-" : ""}${whole}${frac ? "." + frac : ""}` as `${number}`;
    return numberFormat(locale, { maximumFractionDigits: Math.min(Math.max(digits, 0), 100), roundingMode: "trunc" }).format(exact);
  }
  const wholeStr = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}${wholeStr}${frac ? "." + frac : ""}`;
}

/** PCC wei (18 decimals, 1 PCC = 1 kg CO2e) as kg. */
export function formatKg(wei: bigint, digits = 3, locale?: string): string {
  return formatAmount(wei, 18, digits, locale);
}

/** A plain count or figure (blocks, readings, scores) with the locale's grouping and decimal mark. */
export function formatNumber(value: number | bigint, locale: string, maximumFractionDigits = 2): string {
  return numberFormat(locale, { maximumFractionDigits }).format(value);
}

/**
 * Parses a user-typed non-negative decimal into an integer with `decimals` decimals.
 * Returns undefined for anything that is not a plain decimal or has too many fraction digits.
 */
export function parseAmount(text: string, decimals: number): bigint | undefined {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text.trim().replace(/,/g, ""));
  if (!m) return undefined;
  const frac = m[2] ?? "";
  if (frac.length > decimals) return undefined;
  return BigInt(m[1]! + frac.padEnd(decimals, "0"));
}

/** 0x1234…abcd */
export function shortAddress(address: string | undefined): string {
  if (!address) return "";
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Unix seconds in UTC (stable between server and browser): "YYYY-MM-DD HH:MM:SS UTC" without a
 * locale, else the locale's date and 24-hour time ("Jan 1, 2026, 00:00:00 UTC", "2026年1月1日 00:00:00 UTC").
 */
export function formatTimestamp(seconds: bigint | number, locale?: string): string {
  const d = new Date(Number(seconds) * 1000);
  if (!locale) return d.toISOString().replace("T", " ").slice(0, 19) + " UTC";
  let f = dateFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC", hourCycle: "h23" });
    dateFormats.set(locale, f);
  }
  return `${f.format(d)} UTC`;
}

/** Days, hours, minutes and seconds of a non-negative whole number of seconds. */
function durationParts(seconds: bigint | number): { day: number; hour: number; minute: number; second: number } {
  let s = Math.max(0, Math.floor(Number(seconds)));
  const day = Math.floor(s / 86400);
  s -= day * 86400;
  const hour = Math.floor(s / 3600);
  s -= hour * 3600;
  const minute = Math.floor(s / 60);
  return { day, hour, minute, second: s - minute * 60 };
}

const listFormats = new Map<string, Intl.ListFormat>();

/**
 * A duration in seconds, to the three largest units (days show no seconds). Without a locale:
 * "1h 02m 03s" / "2m 03s" / "5s". With one, in the locale's units, zero units left out:
 * "1h 2m 3s" (en), "1小时2分钟3秒" (zh-CN), "1 Min., 16 Sek." (de).
 */
export function formatDuration(seconds: bigint | number, locale?: string): string {
  const { day, hour, minute, second } = durationParts(seconds);
  if (!locale) {
    const pad = (n: number) => n.toString().padStart(2, "0");
    if (day > 0) return `${day}d ${pad(hour)}h ${pad(minute)}m`;
    if (hour > 0) return `${hour}h ${pad(minute)}m ${pad(second)}s`;
    if (minute > 0) return `${minute}m ${pad(second)}s`;
    return `${second}s`;
  }
  const units = (day > 0 ? [["day", day], ["hour", hour], ["minute", minute]] : [["hour", hour], ["minute", minute], ["second", second]]) as [string, number][];
  const shown = units.filter(([, n]) => n > 0);
  const parts = (shown.length > 0 ? shown : [["second", 0] as [string, number]]).map(([unit, n]) =>
    numberFormat(locale, { style: "unit", unit, unitDisplay: "narrow" }).format(n),
  );
  let list = listFormats.get(locale);
  if (!list) listFormats.set(locale, (list = new Intl.ListFormat(locale, { type: "unit", style: "narrow" })));
  return list.format(parts);
}

/** Basis points as a percentage string: 5000 → "50%", 25 → "0.25%" (with `locale`, in its percent style). */
export function formatBps(bps: number | bigint, locale?: string): string {
  const n = Number(bps);
  if (locale) return numberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(n / 10_000);
  return `${(n / 100).toFixed(2).replace(/\.?0+$/, "")}%`;
}
