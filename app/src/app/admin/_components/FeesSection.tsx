"use client";
/** The order book's taker fee, treasury and accrued fees now; change the fee or the treasury, withdraw the fees. */
import { useState } from "react";
import { isAddress, type Address } from "viem";
import { usePcx } from "@/hooks/usePcx";
import { useBookInfo } from "@/hooks/useBookInfo";
import { useI18n } from "@/i18n/context";
import { abis } from "@/lib/contracts";
import { percent, quoteAmount } from "@/lib/amounts";
import { shortAddress } from "@/lib/format";
import { Field, Section, uint } from "./Field";
import type { AdminState, Tx } from "./types";

export function FeesSection({ state, tx }: { state: AdminState; tx: Tx }) {
  const { t, lang } = useI18n();
  const { addresses } = usePcx();
  const info = useBookInfo().data;
  const [fee, setFee] = useState({ bps: "", treasury: "" });
  if (!addresses.OrderBook || !state.book) return null;
  const book = { address: addresses.OrderBook, abi: abis.OrderBook } as const;
  return (
    <Section
      title={t("admin.fees")}
      testId="admin-fees"
      now={<p>{t("admin.feesNow", { fee: percent(state.book.feeBps, lang), treasury: shortAddress(state.book.treasury), accrued: info ? quoteAmount(state.book.accruedFees, info.quote, lang) : "…" })}</p>}
    >
      <div className="field-row">
        <Field label={t("admin.feeBps")} hint={t("admin.feeHint")}>
          <input value={fee.bps} onChange={(e) => setFee({ ...fee, bps: e.target.value })} size={6} inputMode="numeric" />
        </Field>
        <button disabled={tx.busy} onClick={() => { const v = uint(fee.bps, 100n); return v === undefined ? tx.fail(t("admin.invalidFee")) : void tx.send({ ...book, functionName: "setFee", args: [Number(v)] }); }}>{t("admin.setFee")}</button>
      </div>
      <div className="field-row">
        <Field label={t("admin.treasury")}>
          <input value={fee.treasury} onChange={(e) => setFee({ ...fee, treasury: e.target.value })} size={44} spellCheck={false} />
        </Field>
        <button disabled={tx.busy} onClick={() => (isAddress(fee.treasury.trim()) ? void tx.send({ ...book, functionName: "setTreasury", args: [fee.treasury.trim() as Address] }) : tx.fail(t("form.invalidAddress")))}>{t("admin.setTreasury")}</button>
      </div>
      <button className="secondary" disabled={tx.busy || state.book.accruedFees === 0n} onClick={() => void tx.send({ ...book, functionName: "withdrawFees" })}>{t("admin.withdrawFees")}</button>
    </Section>
  );
}
