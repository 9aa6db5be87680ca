"use client";
/** Renders its children only with a connected wallet on a chain where PCX is deployed. */
import Link from "next/link";
import { useEffect, useState, type ReactNode } from "react";
import { useSwitchChain } from "wagmi";
import { usePcx } from "@/hooks/usePcx";
import { useI18n } from "@/i18n/context";
import { deployedChainIds } from "@/lib/contracts";
import type { MessageKey } from "@/i18n";
import { NoWallet, Skeleton, StateCard } from "@/components/states";

export function NetworkNotice() {
  const { t } = useI18n();
  const { wrongNetwork } = usePcx();
  const { mutate: switchChain, isPending } = useSwitchChain();
  if (!wrongNetwork) return null;
  return (
    <div className="card error" data-testid="wrong-network">
      {deployedChainIds.length > 0 && t("connect.wrongNetwork")}{" "}
      {deployedChainIds.map((id) => (
        <button key={id} disabled={isPending} onClick={() => switchChain({ chainId: id })}>
          {t("connect.switchTo", { chain: id })}
        </button>
      ))}
      {deployedChainIds.length === 0 && <span>{t("common.noDeployment")}</span>}
    </div>
  );
}

/**
 * `purpose`: what the page does once a wallet is connected (the no-wallet state says it).
 */
export function Gate({ children, needAccount = true, purpose }: { children: ReactNode; needAccount?: boolean; purpose?: MessageKey }) {
  const { t } = useI18n();
  const { isConnected, reconnecting, deployed, wrongNetwork } = usePcx();
  // Until the page has mounted and wagmi has tried the last visit's wallet, a connected person
  // would see "Connect a wallet" flash before their page: show the loading shape instead.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (needAccount && !isConnected) return !mounted || reconnecting ? <Skeleton lines={4} /> : <NoWallet purpose={purpose} />;
  if (wrongNetwork) return <NetworkNotice />;
  if (!deployed)
    return (
      <StateCard kind="info" testId="no-deployment" title={t("common.noDeployment")}>
        <p>{t("states.noDeployment")} <Link href="/connect">{t("connect.title")}</Link></p>
      </StateCard>
    );
  return <>{children}</>;
}
