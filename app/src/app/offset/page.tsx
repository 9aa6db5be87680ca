"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address } from "viem";
import { Gate } from "@/components/Gate";
import { EmptyState, ErrorState, Skeleton, useSteady } from "@/components/states";
import { usePcx } from "@/hooks/usePcx";
import { useEnrollment } from "@/hooks/useEnrollment";
import { useI18n } from "@/i18n/context";
import { useHistory } from "@/hooks/useIndexer";
import { HistoryUnavailable } from "@/components/IndexerStatus";
import { abis } from "@/lib/contracts";
import { kg } from "@/lib/amounts";
import { dateOnly } from "@/lib/time";
import { RetireForm } from "./_components/RetireForm";

function Offset() {
  const { t, lang } = useI18n();
  const client = usePublicClient();
  const { account, addresses, chainId } = usePcx();
  const enrollment = useEnrollment();
  // The balance from the chain; the account's retirements (newest first) from the indexer.
  const balance = useQuery({
    queryKey: ["offset", chainId, account],
    enabled: Boolean(client && account && addresses.CarbonCredit),
    queryFn: () => client!.readContract({ address: addresses.CarbonCredit!, abi: abis.CarbonCredit, functionName: "balanceOf", args: [account as Address] }),
  });
  const steady = useSteady(balance);
  const history = useHistory(
    ["retirements", account],
    async (ix) => {
      const me = account!.toLowerCase();
      const rows = await ix.collect((q) => ix.retirements({ ...q, account: me }));
      return rows.filter((r) => r.retiree === me).map((r) => ({ id: BigInt(r.id), amount: BigInt(r.amount), name: r.beneficiaryName, timestamp: BigInt(r.timestamp) }));
    },
    Boolean(account),
  );
  if (steady.error) return <ErrorState error={steady.error} onRetry={() => void balance.refetch()} />;
  if (steady.data === undefined) return <Skeleton lines={5} />;
  const retirements = history.data ?? [];
  return (
    <>
      <RetireForm
        balance={steady.data}
        empty={
        <EmptyState
          testId="offset-empty"
          title={t("offset.emptyTitle")}
          actions={
            <>
              {enrollment.data?.enrolled && <Link className="button" href="/">{t("offset.emptyClaim")}</Link>}
              <Link className={enrollment.data?.enrolled ? "button secondary" : "button"} href="/market?side=buy">{t("offset.emptyBuy")}</Link>
            </>
          }
        >
          <p>{t(enrollment.data?.enrolled ? "offset.emptyEnrolled" : "offset.emptyNotEnrolled")}</p>
        </EmptyState>
        }
      />
      <div className="card">
        <h3>{t("offset.mine")}</h3>
        <HistoryUnavailable error={history.error} />
        {history.isLoading ? (
          <p className="muted">{t("states.loading")}</p>
        ) : !retirements.length ? (
          !history.error && <p className="muted">{t("offset.none")}</p>
        ) : (
          <ul data-testid="my-retirements">
            {retirements.map((r) => (
              <li key={r.id.toString()}>
                <Link href={`/certificate/${r.id}`}>{t("offset.certificateNo", { id: r.id.toString() })}</Link> — {kg(r.amount, lang)}
                {r.name && ` · ${r.name}`} · <span className="muted">{dateOnly(r.timestamp, lang)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

export default function OffsetPage() {
  const { t } = useI18n();
  return (
    <div>
      <h1>{t("offset.title")}</h1>
      <p className="muted">{t("offset.intro")}</p>
      <Gate purpose="states.noWallet.offset">
        <Offset />
      </Gate>
    </div>
  );
}
