"use client";
import { use } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { Gate } from "@/components/Gate";
import { EmptyState, ErrorState, Skeleton, useSteady } from "@/components/states";
import { usePcx } from "@/hooks/usePcx";
import { useHistory } from "@/hooks/useIndexer";
import { useI18n } from "@/i18n/context";
import { abis, allPcxAbi } from "@/lib/contracts";
import { kg } from "@/lib/amounts";
import { decodeRevert } from "@/lib/revert";
import { dateTime } from "@/lib/time";
import { explorerUrl, networkName } from "@/lib/chains";

function NotFound({ id }: { id: string }) {
  const { t } = useI18n();
  return (
    <EmptyState testId="certificate-error" title={t("certificate.notFound", { id })} actions={<Link className="button secondary" href="/offset">{t("certificate.toOffset")}</Link>}>
      <p>{t("certificate.notFoundHint")}</p>
    </EmptyState>
  );
}

function Certificate({ id }: { id: bigint }) {
  const { t, lang } = useI18n();
  const client = usePublicClient();
  const { addresses, chainId } = usePcx();
  const query = useQuery({
    queryKey: ["certificate", chainId, id.toString()],
    enabled: Boolean(client && addresses.CarbonCredit),
    queryFn: () => client!.readContract({ address: addresses.CarbonCredit!, abi: abis.CarbonCredit, functionName: "retirement", args: [id] }),
    retry: false,
  });
  const { data, error } = useSteady(query);
  // The retirement's transaction, from the indexer (the retiree's retirements).
  const retiree = data?.retiree.toLowerCase();
  const txHash = useHistory(
    ["certificate-tx", retiree, id.toString()],
    async (ix) => {
      const rows = await ix.collect((q) => ix.retirements({ ...q, account: retiree! }));
      return rows.find((r) => BigInt(r.id) === id)?.tx ?? null;
    },
    Boolean(retiree),
  );
  if (error) return decodeRevert(error, allPcxAbi).name === "UnknownRetirement" ? <NotFound id={id.toString()} /> : <ErrorState error={error} onRetry={() => void query.refetch()} />;
  if (!data) return <Skeleton lines={6} />;
  const explorer = explorerUrl(chainId);
  return (
    <div className="certificate" data-testid="certificate">
      <h1>{t("certificate.title")}</h1>
      <p style={{ textAlign: "center" }}>{t("certificate.number", { id: id.toString() })}</p>
      <p style={{ textAlign: "center", fontSize: "2em", fontWeight: 700 }} data-testid="certificate-amount">
        {kg(data.amount, lang, 6)} CO₂e
      </p>
      <table>
        <tbody>
          <tr><th>{t("certificate.beneficiary")}</th><td data-testid="certificate-name">{data.beneficiaryName || "—"} <code>{data.beneficiary}</code></td></tr>
          <tr><th>{t("certificate.retiree")}</th><td><code>{data.retiree}</code></td></tr>
          <tr><th>{t("certificate.reason")}</th><td>{data.reason || "—"}</td></tr>
          <tr><th>{t("certificate.jurisdiction")}</th><td>{data.jurisdiction || "—"}</td></tr>
          <tr><th>{t("certificate.date")}</th><td>{dateTime(data.timestamp, lang)}</td></tr>
          <tr><th>{t("certificate.contract")}</th><td><code>{addresses.CarbonCredit}</code> ({t("certificate.chain", { chain: networkName(chainId, t) })})</td></tr>
          <tr>
            <th>{t("certificate.transaction")}</th>
            <td>
              {txHash.data ? (
                <Link href={`/explorer/tx/${txHash.data}`} data-testid="certificate-tx">{t("certificate.viewTransaction")}</Link>
              ) : txHash.error ? (
                <span className="muted">{t("indexer.historyUnavailable")}</span>
              ) : (
                <span className="muted">{t("certificate.findingTransaction")}</span>
              )}
            </td>
          </tr>
        </tbody>
      </table>
      <p className="muted">{t("certificate.verifyTx")}</p>
      <p className="no-print">
        <button onClick={() => window.print()}>{t("certificate.print")}</button>
        {explorer && txHash.data && <a href={`${explorer}/tx/${txHash.data}`} target="_blank" rel="noreferrer">{t("explorer.external")}</a>}
      </p>
    </div>
  );
}

export default function CertificatePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = use(params);
  const valid = /^\d+$/.test(id);
  return <Gate needAccount={false}>{valid ? <Certificate id={BigInt(id)} /> : <NotFound id={id} />}</Gate>;
}
