"use client";
/**
 * Retiring credits: the form (Max fills the whole balance), a confirmation that states the amount
 * and the beneficiary and that a retirement cannot be undone, then the burn. After it the form is
 * cleared, so a second click cannot retire again, and the new certificate is linked.
 */
import { useState, type ReactNode } from "react";
import Link from "next/link";
import { decodeEventLog, isAddress, type Address } from "viem";
import { TxStatusLine } from "@/components/TxStatus";
import { usePcx } from "@/hooks/usePcx";
import { useTx } from "@/hooks/useTx";
import { useI18n } from "@/i18n/context";
import { abis } from "@/lib/contracts";
import { kg, kgInput } from "@/lib/amounts";
import { parseAmount, shortAddress } from "@/lib/format";

const MAX_TEXT = 256;
const EMPTY = { amount: "", beneficiary: "", name: "", reason: "", jurisdiction: "" };

interface Pending {
  wei: bigint;
  to: Address;
  name: string;
  reason: string;
  jurisdiction: string;
}

/** `empty`: shown instead of the form while the balance is zero (but not over a retirement's result). */
export function RetireForm({ balance, empty }: { balance: bigint; empty: ReactNode }) {
  const { t, lang } = useI18n();
  const { account, addresses } = usePcx();
  const tx = useTx();
  const [form, setForm] = useState(EMPTY);
  const [pending, setPending] = useState<Pending | undefined>();
  const [lastId, setLastId] = useState<bigint>();
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const review = () => {
    const wei = parseAmount(form.amount, 18);
    if (!wei) return tx.fail(t("form.invalidAmount"));
    if (wei > balance) return tx.fail(t("form.insufficientBalance"));
    const to = form.beneficiary.trim() === "" ? account : form.beneficiary.trim();
    if (!to || !isAddress(to)) return tx.fail(t("form.invalidAddress"));
    for (const text of [form.name, form.reason, form.jurisdiction]) if (new TextEncoder().encode(text).length > MAX_TEXT) return tx.fail(t("offset.textTooLong"));
    tx.reset();
    setPending({ wei, to, name: form.name.trim(), reason: form.reason.trim(), jurisdiction: form.jurisdiction.trim() });
  };

  const retire = async () => {
    if (!pending) return;
    const p = pending;
    setPending(undefined);
    setLastId(undefined);
    const receipt = await tx.send({ address: addresses.CarbonCredit!, abi: abis.CarbonCredit, functionName: "retire", args: [p.wei, p.to, p.name, p.reason, p.jurisdiction] });
    if (!receipt) return;
    setForm(EMPTY);
    for (const log of receipt.logs) {
      try {
        const ev = decodeEventLog({ abi: abis.CarbonCredit, data: log.data, topics: log.topics });
        if (ev.eventName === "Retired") setLastId(ev.args.id);
      } catch {
        /* not a PCC event */
      }
    }
  };

  const beneficiaryText = (p: Pending) =>
    p.name ? t("offset.confirmNamed", { name: p.name, address: shortAddress(p.to) }) : p.to.toLowerCase() === account?.toLowerCase() ? t("offset.confirmYourself") : shortAddress(p.to);

  if (balance === 0n && !pending && lastId === undefined && tx.status === "idle") return <>{empty}</>;
  return (
    <div className="card" data-testid="retire-form">
      <p className="muted">{t("offset.balanceKg", { amount: kg(balance, lang) })}</p>
      <label>
        <span>{t("offset.amount")}</span>
        <input data-testid="retire-amount" value={form.amount} onChange={set("amount")} inputMode="decimal" disabled={pending !== undefined} />
        <button type="button" className="secondary" data-testid="retire-max" disabled={pending !== undefined || balance === 0n} onClick={() => setForm({ ...form, amount: kgInput(balance) })}>
          {t("offset.max")}
        </button>
      </label>
      <label>
        <span>{t("offset.beneficiary")}</span>
        <input data-testid="retire-beneficiary" value={form.beneficiary} onChange={set("beneficiary")} size={44} disabled={pending !== undefined} />
        <small className="muted"> {t("offset.beneficiaryHint")}</small>
      </label>
      <label>
        <span>{t("offset.name")}</span>
        <input data-testid="retire-name" value={form.name} onChange={set("name")} size={30} disabled={pending !== undefined} />
      </label>
      <label>
        <span>{t("offset.reason")}</span>
        <input data-testid="retire-reason" value={form.reason} onChange={set("reason")} size={40} disabled={pending !== undefined} />
      </label>
      <label>
        <span>{t("offset.jurisdiction")}</span>
        <input data-testid="retire-jurisdiction" value={form.jurisdiction} onChange={set("jurisdiction")} size={6} disabled={pending !== undefined} />
        <small className="muted"> {t("offset.jurisdictionHint")}</small>
      </label>
      {!pending && (
        <button data-testid="retire" disabled={tx.busy} onClick={review}>
          {t("offset.retire")}
        </button>
      )}
      {pending && (
        <div className="confirm" data-testid="retire-confirmation">
          <p data-testid="retire-confirm-text">{t("offset.confirm", { amount: kg(pending.wei, lang), beneficiary: beneficiaryText(pending) })}</p>
          <p className="error">{t("offset.irreversible")}</p>
          <button data-testid="retire-confirm" onClick={() => void retire()}>{t("offset.retireForGood")}</button>
          <button className="secondary" data-testid="retire-cancel" onClick={() => setPending(undefined)}>{t("offset.goBack")}</button>
        </div>
      )}
      <TxStatusLine state={tx} />
      {lastId !== undefined && (
        <p>
          <Link data-testid="certificate-link" href={`/certificate/${lastId}`}>
            {t("offset.viewCertificate", { id: lastId.toString() })}
          </Link>
        </p>
      )}
    </div>
  );
}
