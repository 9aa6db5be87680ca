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
import { networkName } from "@/lib/chains";

/** The wallet is on a network without PCX: which one, and a button per network PCX is on, by name. */
export function NetworkNotice() {
  const { t } = useI18n();
  const { wrongNetwork, chainId } = usePcx();
  const { mutate: switchChain, isPending, variables, error, reset } = useSwitchChain();
  if (!wrongNetwork) return null;
  const failedTo = error && variables ? networkName(variables.chainId, t) : undefined;
  return (
    <div className="card notice-network" role="alert" data-testid="wrong-network" data-chain={chainId}>
      {deployedChainIds.length === 0 ? (
        <p>{t("common.noDeployment")}</p>
      ) : (
        <>
          <p>{t("connect.wrongNetwork", { current: networkName(chainId, t) })}</p>
          <div className="actions">
            {deployedChainIds.map((id) => (
              <button key={id} disabled={isPending} data-testid="switch-network" data-chain={id} onClick={() => { reset(); switchChain({ chainId: id }); }}>
                {isPending && variables?.chainId === id ? t("connect.switching", { chain: networkName(id, t) }) : t("connect.switchTo", { chain: networkName(id, t) })}
              </button>
            ))}
          </div>
          {failedTo && <p className="muted" data-testid="switch-failed">{t("connect.switchFailed", { chain: failedTo })}</p>}
        </>
      )}
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
