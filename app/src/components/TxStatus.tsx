"use client";
import type { TxState } from "@/hooks/useTx";
import { useI18n } from "@/i18n/context";
import { shortAddress } from "@/lib/format";
import { explainRevert } from "@/lib/revert";

/** Pending / confirmed / failed line for one transaction, with the revert reason as a sentence when PCX has one. */
export function TxStatusLine({ state }: { state: TxState }) {
  const { t } = useI18n();
  if (state.status === "idle") return null;
  return (
    <div className={`tx tx-${state.status}`} data-testid="tx-status" data-status={state.status} role="status">
      {state.status === "signing" && t("tx.signing")}
      {state.status === "pending" && t("tx.pending", { hash: shortAddress(state.hash) })}
      {state.status === "confirmed" && t("tx.confirmed", { hash: shortAddress(state.hash) })}
      {state.status === "failed" && (
        <>
          {t("tx.failed")}{" "}
          <code data-testid="tx-error" data-error={state.error?.name} title={state.error?.message}>
            {state.error?.name === "UserRejected" ? t("tx.userRejected") : state.error && (explainRevert(state.error, t) ?? state.error.message)}
          </code>
        </>
      )}
    </div>
  );
}
