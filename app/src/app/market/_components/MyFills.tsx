"use client";
/** The account's filled orders it has withdrawn (as maker): side, price, size, what it received, when. */
import Link from "next/link";
import { useI18n } from "@/i18n/context";
import { BID } from "@/hooks/useMarket";
import { useBlockTimes } from "@/hooks/useBlockTimes";
import { kg, kgNumber, priceNumber, quoteAmount, type QuoteToken } from "@/lib/amounts";
import { lotsToWei, type BookUnits } from "@/lib/price";
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
        <div className="scroll-x">
        <table>
          <thead>
            <tr>
              <th>{t("market.side")}</th>
              <th className="num">{t("states.market.priceHead", { symbol: quote.symbol })}</th>
              <th className="num">{t("market.size")}</th>
              <th className="num">{t("market.received")}</th>
              <th>{t("explorer.time")}</th>
            </tr>
          </thead>
          <tbody>
            {fills.map((f, i) => (
              <tr key={i} data-testid="my-fill">
                <td className={f.side === BID ? "bid" : "ask"}>{f.side === BID ? t("market.buy") : t("market.sell")}</td>
                <td className="num">{priceNumber(f.tick, units, lang)}</td>
                <td className="num">{kgNumber(lotsToWei(f.lots, units), lang)}</td>
                <td className="num">{f.side === BID ? kg(f.amount, lang) : quoteAmount(f.amount, quote, lang)}</td>
                <td><Link href={`/explorer/tx/${f.hash}`}><When at={times.data?.get(String(f.block))} /></Link></td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </div>
  );
}
