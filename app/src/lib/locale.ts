/**
 * The Intl locale of the app's languages: "zh" → "zh-CN"; "en" → "en-GB", for day-month dates
 * and a 24-hour clock ("1 Dec 14:05") with the same digit grouping as US English ("1,234.5").
 */
import type { Lang } from "../i18n";

export function intlLocale(lang: Lang): string {
  return lang === "zh" ? "zh-CN" : "en-GB";
}
