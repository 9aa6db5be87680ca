"use client";
import { useConnect, useConnectors } from "wagmi";
import { useRouter } from "next/navigation";
import { useI18n } from "@/i18n/context";
import { usePcx } from "@/hooks/usePcx";
import { NetworkNotice } from "@/components/Gate";
import { HARDHAT_ACCOUNTS, LOCAL_CHAIN_ID, LOCAL_ROLES } from "@sdk/local-chain";
import { deployedChainIds } from "@/lib/contracts";
import { shortAddress } from "@/lib/format";
import { networkName } from "@/lib/chains";
import type { MessageKey } from "@/i18n";

/** The role of a local test account (sdk/local-chain.ts LOCAL_ROLES), as a message key. */
function roleOf(index: number): MessageKey | undefined {
  if (index === LOCAL_ROLES.deployer) return "connect.role.deployer";
  if (index === LOCAL_ROLES.oracleOperator) return "connect.role.oracle";
  if ((LOCAL_ROLES.households as readonly number[]).includes(index)) return "connect.role.household";
  if ((LOCAL_ROLES.marketMakers as readonly number[]).includes(index)) return "connect.role.maker";
  if (index === LOCAL_ROLES.guardian) return "connect.role.guardian";
  return undefined;
}

export default function ConnectPage() {
  const { t } = useI18n();
  const connectors = useConnectors();
  const { mutate: connect, isPending, error } = useConnect();
  const { isConnected, account, chainId } = usePcx();
  const router = useRouter();
  // EIP-6963 wallets announce themselves; the generic injected connector only when a legacy window.ethereum exists.
  const hasLegacyInjected = typeof window !== "undefined" && "ethereum" in window;
  const discovered = connectors.filter((c) => c.type !== "hardhatAccount" && c.id !== "injected");
  const wallets = discovered.length > 0 || !hasLegacyInjected ? discovered : connectors.filter((c) => c.id === "injected");
  const local = connectors.filter((c) => c.type === "hardhatAccount");
  const showLocal = deployedChainIds.includes(LOCAL_CHAIN_ID) || deployedChainIds.length === 0;
  const go = (connector: (typeof connectors)[number], chain?: number) =>
    connect({ connector, chainId: chain }, { onSuccess: () => router.push("/") });
  return (
    <div>
      <h1>{t("connect.title")}</h1>
      <NetworkNotice />
      {isConnected && (
        <div className="card" data-testid="connected">
          {t("connect.connectedAs", { account: account ?? "", chain: networkName(chainId, t) })}
        </div>
      )}
      <div className="card">
        <h2>{t("connect.wallets")}</h2>
        <p className="muted">{t("connect.walletsHint")}</p>
        {wallets.length === 0 && <p className="muted">{t("connect.noWallets")}</p>}
        {wallets.map((c) => (
          <button key={c.uid} disabled={isPending} onClick={() => go(c)}>
            {c.icon ? <img src={c.icon} alt="" width={16} height={16} style={{ verticalAlign: "middle", marginRight: 4 }} /> : null}
            {c.name}
          </button>
        ))}
      </div>
      {showLocal && (
        <div className="card">
          <h2>{t("connect.localAccounts")}</h2>
          <p className="muted">{t("connect.localHint", { network: networkName(LOCAL_CHAIN_ID, t) })}</p>
          <table>
            <tbody>
              {local.map((c, i) => (
                <tr key={c.uid}>
                  <td>#{i}</td>
                  <td>
                    <code>{shortAddress(HARDHAT_ACCOUNTS[i])}</code>
                  </td>
                  <td className="muted">{roleOf(i) ? t(roleOf(i)!) : ""}</td>
                  <td>
                    <button data-testid={`connect-hardhat-${i}`} disabled={isPending} onClick={() => go(c, LOCAL_CHAIN_ID)}>
                      {t("connect.use")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error && <p className="error">{error.message.split("\n")[0]}</p>}
    </div>
  );
}
