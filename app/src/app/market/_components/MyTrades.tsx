"use client";
/** The account's trades as taker: side, price per kg, size in kg, total and fee in the quote currency, when. */
import Link from "next/link";
import { useI18n } from "@/i18n/context";
import { BID } from "@/hooks/useMarket";
import { kgNumber, priceNumber, quoteAmount, type QuoteToken } from "@/lib/amounts";
import { lotsToWei, type BookUnits } from "@/lib/price";
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
        <div className="scroll-x">
        <table>
          <thead>
            <tr>
              <th>{t("market.side")}</th>
              <th className="num">{t("states.market.priceHead", { symbol: quote.symbol })}</th>
              <th className="num">{t("market.size")}</th>
              <th className="num">{t("market.total", { symbol: quote.symbol })}</th>
              <th className="num">{t("market.fee")}</th>
              <th>{t("explorer.time")}</th>
            </tr>
          </thead>
          <tbody>
            {trades.map((tr, i) => (
              <tr key={i} data-testid="my-trade">
                <td className={tr.side === BID ? "bid" : "ask"}>{tr.side === BID ? t("market.buy") : t("market.sell")}</td>
                <td className="num">{priceNumber(tr.tick, units, lang)}</td>
                <td className="num">{kgNumber(lotsToWei(tr.lots, units), lang)}</td>
                <td className="num">{quoteAmount(tr.quote, quote, lang)}</td>
                <td className="num">{quoteAmount(tr.fee, quote, lang)}</td>
                <td><Link href={`/explorer/tx/${tr.hash}`}><When at={tr.timestamp} /></Link></td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </div>
  );
}
