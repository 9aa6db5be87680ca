"use client";
/** No wallet connected: what the page does once one is, and the way to connect. */
import Link from "next/link";
import { useI18n } from "@/i18n/context";
import type { MessageKey } from "@/i18n";
import { StateCard } from "./StateCard";

export function NoWallet({ purpose = "states.noWallet.generic" }: { purpose?: MessageKey }) {
  const { t } = useI18n();
  return (
    <StateCard
      kind="no-wallet"
      testId="need-connect"
      title={t("states.noWallet.title")}
      actions={<Link className="button" href="/connect" data-testid="connect-cta">{t("states.noWallet.connect")}</Link>}
    >
      <p>{t(purpose)}</p>
      <p className="muted">{t("states.noWallet.safe")}</p>
    </StateCard>
  );
}
