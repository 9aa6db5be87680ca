"use client";
/** The columns the market's own tables share: side, price per kg, size in kg (components/DataTable.tsx). */
import type { Column } from "@/components/DataTable";
import { BID } from "@/hooks/useMarket";
import type { Lang, MessageKey } from "@/i18n";
import { kgNumber, priceNumber, type QuoteToken } from "@/lib/amounts";
import { lotsToWei, type BookUnits } from "@/lib/price";

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function orderColumns<R extends { side: number; tick: bigint | number; lots: bigint }>(t: T, lang: Lang, units: BookUnits, quote: QuoteToken): Column<R>[] {
  return [
    { key: "side", head: t("market.side"), cellClass: (r) => (r.side === BID ? "bid" : "ask"), cell: (r) => (r.side === BID ? t("market.buy") : t("market.sell")) },
    { key: "price", head: t("states.market.priceHead", { symbol: quote.symbol }), num: true, cell: (r) => priceNumber(BigInt(r.tick), units, lang) },
    { key: "size", head: t("market.size"), num: true, cell: (r) => kgNumber(lotsToWei(r.lots, units), lang) },
  ];
}
