"use client";
/** The account's trades as taker: side, price per kg, size in kg, total and fee in the quote currency, when. */
import Link from "next/link";
import { DataTable } from "@/components/DataTable";
import { useI18n } from "@/i18n/context";
import { quoteAmount, type QuoteToken } from "@/lib/amounts";
import type { BookUnits } from "@/lib/price";
import { orderColumns } from "./columns";
import { When } from "./When";

export interface MyTrade {
  tick: bigint;
  lots: bigint;
  side: number;
  quote: bigint;
  fee: bigint;
  timestamp: bigint;
  hash: `0x${string}`;
}

export function MyTrades({ trades, units, quote }: { trades: MyTrade[]; units: BookUnits; quote: QuoteToken }) {
  const { t, lang } = useI18n();
  return (
    <div className="card">
      <h3>{t("market.myTrades")}</h3>
      {trades.length === 0 ? (
        <p className="muted">{t("states.market.noTradesYet")}</p>
      ) : (
        <DataTable
          rows={trades}
          rowKey={(_, i) => String(i)}
          rowTestId="my-trade"
          columns={[
            ...orderColumns<MyTrade>(t, lang, units, quote),
            { key: "total", head: t("market.total", { symbol: quote.symbol }), num: true, cell: (tr) => quoteAmount(tr.quote, quote, lang) },
            { key: "fee", head: t("market.fee"), num: true, cell: (tr) => quoteAmount(tr.fee, quote, lang) },
            { key: "time", head: t("explorer.time"), cell: (tr) => <Link href={`/explorer/tx/${tr.hash}`}><When at={tr.timestamp} /></Link> },
          ]}
        />
      )}
    </div>
  );
}
