"use client";
/**
 * Where the household will stand at the period's end (lib/position.ts), and the one thing to do
 * about it: buy what it is short (a pre-filled immediate-or-cancel buy at the best ask) or sell
 * its surplus (a pre-filled sell at the best bid). No surplus is shown before the allowance is claimed.
 */
import Link from "next/link";
import type { ReactNode } from "react";
import { useI18n } from "@/i18n/context";
import { useBestPrices } from "@/hooks/useBestPrices";
import { useBookInfo } from "@/hooks/useBookInfo";
import { kg, kgInput, priceInput, priceText } from "@/lib/amounts";
import { prefillHref } from "@/lib/order-prefill";
import { ceilToLots, floorToLots, projectPosition } from "@/lib/position";
import { formatPeriod } from "@/lib/periods";
import type { DashboardData } from "./types";

export function Position({ data }: { data: DashboardData }) {
  const { t, lang } = useI18n();
  const book = useBookInfo().data;
  const best = useBestPrices().data;
  const elapsed = data.beforeGenesis ? 0n : data.now - data.start;
  const position = projectPosition({
    claimed: data.claimed,
    balance: data.balance,
    deficit: data.deficit,
    unsettledPast: data.unsettledPast,
    emissionsSoFar: data.emissions,
    elapsed: elapsed > 0n ? elapsed : 0n,
    periodLength: data.end - data.start,
  });
  const period = formatPeriod(data.cal, data.period, lang);
  let body: ReactNode;
  let action: ReactNode = null;
  if (position.kind === "unclaimed") {
    body = <p>{t("states.position.unclaimed", { projected: kg(position.projected, lang), allowance: kg(data.allowance, lang) })}</p>;
  } else if (position.kind === "even") {
    body = <p>{t("states.position.even", { projected: kg(position.projected, lang) })}</p>;
  } else if (position.kind === "short") {
    body = <p>{t("states.position.short", { amount: kg(position.amount, lang), projected: kg(position.projected, lang) })}</p>;
    if (book) {
      const amount = ceilToLots(position.amount, book.units.lotSize);
      const ask = best && best.bestAsk > 0n ? best.bestAsk : undefined;
      action = (
        <p>
          <Link className="button" data-testid="buy-shortfall" href={prefillHref({ side: 0, amount: kgInput(amount), price: ask ? priceInput(ask, book.units) : undefined, kind: ask ? 1 : 0 })}>
            {t("states.position.buy", { amount: kg(amount, lang) })}
          </Link>{" "}
          <span className="muted">{ask ? t("states.position.buyAt", { price: priceText(ask, book.units, book.quote.symbol, lang) }) : t("states.position.noSellers")}</span>
        </p>
      );
    }
  } else {
    body = <p>{t("states.position.surplus", { amount: kg(position.amount, lang), projected: kg(position.projected, lang) })}</p>;
    if (book) {
      const amount = floorToLots(position.amount, book.units.lotSize);
      const bid = best && best.bestBid > 0n ? best.bestBid : undefined;
      if (amount > 0n)
        action = (
          <p>
            <Link className="button secondary" data-testid="sell-surplus" href={prefillHref({ side: 1, amount: kgInput(amount), price: bid ? priceInput(bid, book.units) : undefined, kind: bid ? 1 : 0 })}>
              {t("states.position.sell", { amount: kg(amount, lang) })}
            </Link>{" "}
            <span className="muted">{bid ? t("states.position.sellAt", { price: priceText(bid, book.units, book.quote.symbol, lang) }) : t("states.position.noBuyers")}</span>
          </p>
        );
    }
  }
  return (
    <section className={`card position position-${position.kind}`} data-testid="position" data-kind={position.kind}>
      <h3>{t("states.position.title", { period })}</h3>
      {body}
      {action}
      <p className="muted small">{t("states.position.how")}</p>
    </section>
  );
}
