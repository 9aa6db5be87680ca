"use client";
import { useI18n } from "@/i18n/context";
import { kgNumber, priceInput, priceNumber } from "@/lib/amounts";
import { lotsToWei, type BookUnits } from "@/lib/price";

interface Level {
  tick: number;
  lots: bigint;
}

/**
 * Depth ladder: asks (highest first) above the spread, bids below, every price with the tick
 * step's decimals and every size in kg. Click a price to copy it into the form.
 */
export function Ladder({ bids, asks, units, symbol, onPick }: { bids: readonly Level[]; asks: readonly Level[]; units: BookUnits; symbol: string; onPick(price: string): void }) {
  const { t, lang } = useI18n();
  const row = (side: "bid" | "ask", l: Level) => (
    <tr key={`${side}-${l.tick}`} className={side} data-testid={`ladder-${side}`} data-tick={l.tick} onClick={() => onPick(priceInput(BigInt(l.tick), units))} style={{ cursor: "pointer" }}>
      <td className="num">{priceNumber(BigInt(l.tick), units, lang)}</td>
      <td className="num">{kgNumber(lotsToWei(l.lots, units), lang)}</td>
    </tr>
  );
  return (
    <table data-testid="ladder">
      <thead>
        <tr>
          <th className="num">{t("states.market.priceHead", { symbol })}</th>
          <th className="num">{t("market.size")}</th>
        </tr>
      </thead>
      <tbody>
        {[...asks].reverse().map((l) => row("ask", l))}
        <tr>
          <td colSpan={2} className="muted" style={{ textAlign: "center" }}>
            {asks.length === 0 && bids.length === 0 ? t("market.emptyBook") : t("market.spread")}
          </td>
        </tr>
        {bids.map((l) => row("bid", l))}
      </tbody>
    </table>
  );
}
