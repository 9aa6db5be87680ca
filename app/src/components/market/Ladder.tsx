"use client";
import { useI18n } from "@/i18n/context";
import { formatKg } from "@/lib/format";
import { lotsToWei, tickToPrice, type BookUnits } from "@/lib/price";

interface Level {
  tick: number;
  lots: bigint;
}

/** Depth ladder: asks (highest first) above the spread, bids below. Click a price to copy it into the form. */
export function Ladder({ bids, asks, units, onPick }: { bids: readonly Level[]; asks: readonly Level[]; units: BookUnits; onPick(price: string): void }) {
  const { t } = useI18n();
  const row = (side: "bid" | "ask", l: Level) => {
    const price = tickToPrice(BigInt(l.tick), units);
    return (
      <tr key={`${side}-${l.tick}`} className={side} data-testid={`ladder-${side}`} data-tick={l.tick} onClick={() => onPick(price.replace(/,/g, ""))} style={{ cursor: "pointer" }}>
        <td className="num">{price}</td>
        <td className="num">{formatKg(lotsToWei(l.lots, units))}</td>
      </tr>
    );
  };
  return (
    <table data-testid="ladder">
      <thead>
        <tr>
          <th className="num">{t("market.price")}</th>
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
