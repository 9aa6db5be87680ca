"use client";
import { use } from "react";
import { useReadContracts } from "wagmi";
import { getAddress, isAddress, type Address } from "viem";
import type { RiskFlagRow } from "@sdk/indexer-client";
import { Gate } from "@/components/Gate";
import { HistoryUnavailable } from "@/components/IndexerStatus";
import { usePcx } from "@/hooks/usePcx";
import { useHistory, useHistoryPages } from "@/hooks/useIndexer";
import { useI18n } from "@/i18n/context";
import type { MessageKey } from "@/i18n";
import { abis } from "@/lib/contracts";
import { formatKg } from "@/lib/format";
import { formatArgs } from "@/lib/decode";
import { argsFromIndexer } from "@/lib/indexer";
import { explorerUrl } from "@/lib/chains";

const TRAIL_PAGE = 50;

/** An account's market risk flags in plain words: the rule, its one-line summary, the score. */
function RiskFlags({ address }: { address: Address }) {
  const { t } = useI18n();
  const risk = useHistory(["risk-account", address], (ix) => ix.riskAccount(address));
  return (
    <div className="card" data-testid="risk-flags">
      <h3>{t("explorer.risk")}</h3>
      <HistoryUnavailable error={risk.error} />
      {risk.data && risk.data.flags.length === 0 && <p className="muted" data-testid="risk-none">{t("explorer.riskNone")}</p>}
      {risk.data && risk.data.flags.length > 0 && (
        <>
          <ul>
            {risk.data.flags.map((f: RiskFlagRow, i) => (
              <li key={i} data-testid="risk-flag" data-signal={f.signal} data-score={f.score}>
                <strong>{t(`risk.signal.${f.signal}` as MessageKey)}</strong> ({t("explorer.riskScore", { score: f.score.toFixed(2) })}): {f.summary}
              </li>
            ))}
          </ul>
          <p className="muted">{t("explorer.riskNote")}</p>
        </>
      )}
    </div>
  );
}

function AddressTrail({ address }: { address: Address }) {
  const { t } = useI18n();
  const { addresses, chainId } = usePcx();
  // Current state from the chain (one multicall where the chain has Multicall3).
  const reads = useReadContracts({
    allowFailure: false,
    contracts: [
      { address: addresses.CarbonCredit!, abi: abis.CarbonCredit, functionName: "balanceOf", args: [address] },
      { address: addresses.Registry!, abi: abis.Registry, functionName: "isEnrolled", args: [address] },
    ] as const,
    query: { enabled: Boolean(addresses.CarbonCredit && addresses.Registry) },
  });
  const chain = { data: reads.data && { balance: reads.data[0], enrolled: reads.data[1] } };
  // History from the indexer: booked emissions per period (as emissionsOf: measured − paid off +
  // estimated), mints and burns, and the trail of every event naming the account.
  const history = useHistory(["address", address], async (ix) => {
    const [account, periods] = await Promise.all([ix.accountOrNone(address), ix.collect((q) => ix.accountPeriods(address, q))]);
    const sum = (f: (p: (typeof periods)[number]) => string) => periods.reduce((s, p) => s + BigInt(f(p)), 0n);
    return {
      emitted: sum((p) => p.emissions),
      estimated: sum((p) => p.estimated),
      readings: periods.reduce((s, p) => s + p.readings, 0),
      minted: BigInt(account?.minted ?? 0),
      burned: BigInt(account?.burned ?? 0),
    };
  });
  const trail = useHistoryPages(["trail", address], (ix, cursor) => ix.trail(address, { limit: TRAIL_PAGE, cursor }));
  const external = explorerUrl(chainId);
  const h = history.data;
  return (
    <>
      <p><code>{address}</code> {external && <a href={`${external}/address/${address}`} target="_blank" rel="noreferrer">{t("explorer.external")}</a>}</p>
      <div className="grid">
        <div className="card stat"><div className="label">{t("dashboard.balance")}</div><div className="value">{chain.data ? `${formatKg(chain.data.balance)} kg` : "…"}</div></div>
        <div className="card stat"><div className="label">{t("explorer.enrolled")}</div><div className="value">{chain.data ? (chain.data.enrolled ? "✓" : "—") : "…"}</div></div>
        {h && (
          <>
            <div className="card stat"><div className="label">{t("explorer.emittedTotal", { n: h.readings })}</div><div className="value" data-testid="address-emitted">{formatKg(h.emitted)} kg{h.estimated > 0n && <small className="muted"> ({t("explorer.ofWhichEstimated", { kg: formatKg(h.estimated) })})</small>}</div></div>
            <div className="card stat"><div className="label">{t("explorer.minted")} / {t("explorer.burned")}</div><div className="value">{formatKg(h.minted)} / {formatKg(h.burned)}</div></div>
          </>
        )}
      </div>
      <HistoryUnavailable error={history.error} />
      <RiskFlags address={address} />
      <div className="card">
        <h3>{t("explorer.trail")}</h3>
        <HistoryUnavailable error={trail.error} />
        <div className="scroll-x">
        <table data-testid="trail"><tbody>
          {trail.items.map((e) => (
            <tr key={e.id} data-testid="trail-row"><td>{e.block}</td><td>{`${e.contract}.${e.name}`}</td><td><small>{formatArgs(argsFromIndexer(e.contract, e.name, e.args), e.name)}</small></td></tr>
          ))}
        </tbody></table>
        </div>
        {trail.hasNextPage && (
          <button className="secondary" data-testid="trail-more" disabled={trail.isFetchingNextPage} onClick={() => void trail.fetchNextPage()}>
            {trail.isFetchingNextPage ? t("common.loading") : t("explorer.loadMore")}
          </button>
        )}
      </div>
    </>
  );
}

export default function AddressPage({ params }: { params: Promise<{ address: string }> }) {
  const { address } = use(params);
  const { t } = useI18n();
  return (
    <div>
      <h1>{t("explorer.address")}</h1>
      <Gate needAccount={false}>{isAddress(address) ? <AddressTrail address={getAddress(address)} /> : <p className="error">{t("form.invalidAddress")}</p>}</Gate>
    </div>
  );
}
