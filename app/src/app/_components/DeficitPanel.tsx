"use client";
/**
 * An open deficit: what it means, "pay all" for exactly the outstanding amount (from the wallet's
 * credits), paying part of it, and how much to buy when the wallet holds too little. Nothing is
 * shown once the deficit is zero.
 */
import { useState } from "react";
import Link from "next/link";
import { useI18n } from "@/i18n/context";
import { usePcx } from "@/hooks/usePcx";
import { useBookInfo } from "@/hooks/useBookInfo";
import { abis } from "@/lib/contracts";
import { kg, kgInput, kgNumber } from "@/lib/amounts";
import { allowanceSplit } from "@/lib/budget-math";
import { parseAmount } from "@/lib/format";
import { prefillHref } from "@/lib/order-prefill";
import { ceilToLots } from "@/lib/position";
import type { DashboardData, Tx } from "./types";

export function DeficitPanel({ data, tx }: { data: DashboardData; tx: Tx }) {
  const { t, lang } = useI18n();
  const { account, addresses } = usePcx();
  const book = useBookInfo().data;
  const [part, setPart] = useState("");
  if (data.deficit === 0n) return null;
  const split = allowanceSplit(data.allowance, data.deficit);
  const pay = (amount: bigint) => void tx.send({ address: addresses.CarbonBudget!, abi: abis.CarbonBudget, functionName: "payDeficit", args: [account!, amount] });
  const payPart = () => {
    const amount = parseAmount(part, 18);
    if (!amount) return tx.fail(t("form.invalidAmount"));
    if (amount > data.deficit) return tx.fail(t("dashboard.payTooMuch"));
    if (amount > data.balance) return tx.fail(t("form.insufficientBalance"));
    pay(amount);
  };
  const canPayAll = data.balance >= data.deficit;
  const missing = data.deficit - data.balance;
  return (
    <div className="action" data-testid="deficit-panel">
      <p className="error" data-testid="deficit-notice">
        {t("dashboard.deficitOpen", { kg: kgNumber(data.deficit, lang), paid: kgNumber(split.toDeficit, lang), net: kgNumber(split.net, lang) })}
      </p>
      <button data-testid="pay-all" disabled={tx.busy || !canPayAll} onClick={() => pay(data.deficit)}>
        {t("states.payAll", { amount: kg(data.deficit, lang) })}
      </button>
      {!canPayAll && (
        <p className="muted" data-testid="pay-all-reason">
          {t("states.payAllShort", { balance: kg(data.balance, lang), missing: kg(missing, lang) })}{" "}
          {book && (
            <Link data-testid="buy-deficit" href={prefillHref({ side: 0, amount: kgInput(ceilToLots(missing, book.units.lotSize)) })}>
              {t("states.buyOnMarket")}
            </Link>
          )}
        </p>
      )}
      <details className="pay-part">
        <summary>{t("states.payPart")}</summary>
        <label>
          <span>{t("states.payPartLabel")}</span>
          <input data-testid="pay-amount" value={part} onChange={(e) => setPart(e.target.value)} inputMode="decimal" size={12} />
        </label>
        <button className="secondary" data-testid="pay-deficit" disabled={tx.busy} onClick={payPart}>
          {t("dashboard.payDeficit")}
        </button>
      </details>
    </div>
  );
}
