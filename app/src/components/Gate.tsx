"use client";
/** Renders its children only with a connected wallet on a chain where PCX is deployed. */
import Link from "next/link";
import type { ReactNode } from "react";
import { useSwitchChain } from "wagmi";
import { usePcx } from "@/hooks/usePcx";
import { useI18n } from "@/i18n/context";
import { deployedChainIds } from "@/lib/contracts";
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

export function Gate({ children, needAccount = true }: { children: ReactNode; needAccount?: boolean }) {
  const { t } = useI18n();
  const { isConnected, deployed, wrongNetwork } = usePcx();
  if (needAccount && !isConnected)
    return (
      <div className="card" data-testid="need-connect">
        {t("common.connectFirst")} <Link href="/connect">{t("connect.title")}</Link>
      </div>
    );
  if (wrongNetwork) return <NetworkNotice />;
  if (!deployed) return <div className="card">{t("common.noDeployment")}</div>;
  return <>{children}</>;
}
