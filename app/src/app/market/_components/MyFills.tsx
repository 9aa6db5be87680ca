"use client";
/** The account's filled orders it has withdrawn (as maker): side, price, size, what it received, when. */
import Link from "next/link";
import { DataTable } from "@/components/DataTable";
import { useI18n } from "@/i18n/context";
import { BID } from "@/hooks/useMarket";
import { useBlockTimes } from "@/hooks/useBlockTimes";
import { kg, quoteAmount, type QuoteToken } from "@/lib/amounts";
import type { BookUnits } from "@/lib/price";
import { orderColumns } from "./columns";
import { When } from "./When";

export interface MyFill {
  side: number;
  tick: bigint;
  lots: bigint;
  amount: bigint;
  block: bigint;
  hash: `0x${string}`;
}

export function MyFills({ fills, units, quote }: { fills: MyFill[]; units: BookUnits; quote: QuoteToken }) {
  const { t, lang } = useI18n();
  const times = useBlockTimes(fills.map((f) => f.block));
  return (
    <div className="card">
      <h3>{t("market.myFills")}</h3>
      {fills.length === 0 ? (
        <p className="muted">{t("states.market.noFillsYet")}</p>
      ) : (
        <DataTable
          rows={fills}
          rowKey={(_, i) => String(i)}
          rowTestId="my-fill"
          columns={[
            ...orderColumns<MyFill>(t, lang, units, quote),
            { key: "received", head: t("market.received"), num: true, cell: (f) => (f.side === BID ? kg(f.amount, lang) : quoteAmount(f.amount, quote, lang)) },
            { key: "time", head: t("explorer.time"), cell: (f) => <Link href={`/explorer/tx/${f.hash}`}><When at={times.data?.get(String(f.block))} /></Link> },
          ]}
        />
      )}
    </div>
  );
}
