"use client";
/**
 * The connected account is not enrolled (or no longer is): what that means here, and whom to ask.
 * Shown from Registry.isEnrolled / enrolledAt alone, so it never waits on a call that reverts.
 */
import { useState } from "react";
import Link from "next/link";
import { useI18n } from "@/i18n/context";
import type { MessageKey } from "@/i18n";
import type { EnrollmentState } from "@/hooks/useEnrollment";
import { StateCard } from "./StateCard";

export function NotEnrolled({ account, state, meaning = "states.notEnrolled.dashboard" }: { account: string; state: Exclude<EnrollmentState, "enrolled">; meaning?: MessageKey }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    // The clipboard exists only in secure contexts (https, localhost).
    const written = typeof navigator !== "undefined" ? navigator.clipboard?.writeText(account) : undefined;
    if (written) written.then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <StateCard
      kind="not-enrolled"
      testId="not-enrolled"
      title={state === "ended" ? t("states.notEnrolled.endedTitle") : t("states.notEnrolled.title")}
      actions={
        <>
          <button className="secondary" onClick={copy} data-testid="copy-address">{copied ? t("states.copied") : t("states.copyAddress")}</button>
          <Link className="button secondary" href="/market">{t("states.notEnrolled.market")}</Link>
        </>
      }
    >
      <p>{t(meaning)}</p>
      <p>{t(state === "ended" ? "states.notEnrolled.askEnded" : "states.notEnrolled.ask")}</p>
      <p className="muted">
        {t("states.notEnrolled.address")} <code data-testid="not-enrolled-address">{account}</code>
      </p>
    </StateCard>
  );
}
