"use client";
/** The statement's formatters bound to the reader's language and locale (one hook, every section). */
import { useMemo } from "react";
import { useI18n } from "@/i18n/context";
import { formatCount, formatKg, formatMoment, formatQuote, formatRange, formatSpan, formatUnits, formatUtcDay, localeOf } from "./intl";

export function useFormat() {
  const { t, lang } = useI18n();
  return useMemo(() => {
    const locale = localeOf(lang);
    return {
      t,
      lang,
      locale,
      /** "12.345 kg" */
      kg: (wei: bigint) => t("statement.kgValue", { kg: formatKg(locale, wei) }),
      /** "12.345" (a column already headed kg) */
      kgNumber: (wei: bigint) => formatKg(locale, wei),
      quote: (units: bigint, decimals: number, symbol: string) => `${formatQuote(locale, units, decimals)} ${symbol}`,
      /** Quote per kg from priceScaled (quote decimals + 6). */
      price: (scaled: bigint, decimals: number, symbol: string) => t("statement.pricePerKg", { price: formatUnits(locale, scaled, decimals + 6, decimals + 2, Math.min(2, decimals)), symbol }),
      count: (n: number | bigint) => formatCount(locale, n),
      moment: (seconds: number | null) => (seconds === null ? "—" : formatMoment(locale, seconds)),
      range: (start: number, end: number) => formatRange(locale, start, end),
      utcDay: (day: number) => formatUtcDay(locale, day),
      span: (seconds: bigint) => formatSpan(locale, seconds),
    };
  }, [t, lang]);
}
export type Format = ReturnType<typeof useFormat>;
