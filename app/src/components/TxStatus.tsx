"use client";
/**
 * One transaction's line: waiting for the signature, sent, what it did once confirmed ("Claimed
 * 400 kg allowance for 1 Dec 14:05–14:10.", from the receipt's PCX events), or why it failed, as a
 * sentence. Sent and confirmed transactions link to their page on the app's explorer; no hash is
 * shown as text.
 */
import Link from "next/link";
import { useMemo } from "react";
import type { TxState } from "@/hooks/useTx";
import { useEventContext } from "@/hooks/useEventContext";
import { usePcx } from "@/hooks/usePcx";
import { useI18n } from "@/i18n/context";
import { decodePcxLog } from "@/lib/decode";
import { describeError } from "@/lib/revert";
import { txSummary } from "@/lib/tx-summary";

export function TxStatusLine({ state }: { state: TxState }) {
  const { t } = useI18n();
  const ctx = useEventContext();
  const { chainId, account } = usePcx();
  const summary = useMemo(() => {
    if (state.status !== "confirmed" || !state.receipt || chainId === undefined) return [];
    const events = state.receipt.logs.flatMap((log) => {
      const ev = decodePcxLog(chainId, log);
      return ev ? [{ contract: ev.contract, name: ev.eventName, args: ev.args }] : [];
    });
    return txSummary({ events, me: account, functionName: state.functionName }, ctx);
  }, [state.status, state.receipt, state.functionName, chainId, account, ctx]);
  if (state.status === "idle") return null;
  const details = state.hash && (
    <Link href={`/explorer/tx/${state.hash}`} data-testid="tx-link" className="tx-link">
      {t("tx.details")}
    </Link>
  );
  return (
    <div className={`tx tx-${state.status}`} data-testid="tx-status" data-status={state.status} role="status">
      {state.status === "signing" && t("tx.signing")}
      {state.status === "pending" && <>{t("tx.sent")} {details}</>}
      {state.status === "confirmed" && (
        <>
          <span data-testid="tx-summary">{summary.join(" ")}</span> {details}
        </>
      )}
      {state.status === "failed" && (
        <>
          {t("tx.failed")}{" "}
          <span className="tx-error" data-testid="tx-error" data-error={state.error?.name} title={state.error?.message}>
            {state.error ? describeError(state.error, t, ctx.revertFormat) : t("error.generic")}
          </span>{" "}
          {details}
        </>
      )}
    </div>
  );
}
