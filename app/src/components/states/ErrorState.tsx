"use client";
/**
 * A page or card whose data could not be read: the failure as one sentence (lib/revert.ts
 * describeError: never revert text or an error dump), and a retry. The decoded form is only in
 * the title, for support.
 */
import { useI18n } from "@/i18n/context";
import { useEventContext } from "@/hooks/useEventContext";
import { allPcxAbi } from "@/lib/contracts";
import { decodeRevert, describeError } from "@/lib/revert";
import { StateCard } from "./StateCard";

export function ErrorState({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useI18n();
  const ctx = useEventContext();
  const reason = decodeRevert(error, allPcxAbi);
  return (
    <StateCard
      kind="error"
      testId="page-error"
      title={title ?? t("states.errorTitle")}
      actions={onRetry && <button className="secondary" onClick={onRetry}>{t("states.retry")}</button>}
    >
      <p title={reason.message} data-error={reason.name}>{describeError(reason, t, ctx.revertFormat)}</p>
    </StateCard>
  );
}
