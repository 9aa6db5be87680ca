"use client";
import { useI18n } from "@/i18n/context";
import { kgNumber, priceInput, priceNumber } from "@/lib/amounts";
import { ladderRows, lotsToWei, type BookUnits } from "@/lib/price";

interface Level {
  tick: number;
  lots: bigint;
}

/**
 * Depth ladder: asks above the spread (highest first, the best ask next to the spread), bids below
 * it (the best bid first), every price with the tick step's decimals and every size in kg
 * (lib/price.ts ladderRows). Click a price to copy it into the form.
 */
export function Ladder({ bids, asks, units, symbol, onPick }: { bids: readonly Level[]; asks: readonly Level[]; units: BookUnits; symbol: string; onPick(price: string): void }) {
  const { t, lang } = useI18n();
  const row = (side: "bid" | "ask", l: Level) => (
    <tr key={`${side}-${l.tick}`} className={side} data-testid={`ladder-${side}`} data-tick={l.tick} onClick={() => onPick(priceInput(BigInt(l.tick), units))} style={{ cursor: "pointer" }}>
      <td className="num">{priceNumber(BigInt(l.tick), units, lang)}</td>
      <td className="num">{kgNumber(lotsToWei(l.lots, units), lang)}</td>
    </tr>
  );
  const rows = ladderRows(bids, asks);
  return (
    <table data-testid="ladder">
      <thead>
        <tr>
          <th className="num">{t("states.market.priceHead", { symbol })}</th>
          <th className="num">{t("market.size")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.asks.map((l) => row("ask", l))}
        <tr>
          <td colSpan={2} className="muted" style={{ textAlign: "center" }}>
            {asks.length === 0 && bids.length === 0 ? t("market.emptyBook") : t("market.spread")}
          </td>
        </tr>
        {rows.bids.map((l) => row("bid", l))}
      </tbody>
    </table>
  );
}
