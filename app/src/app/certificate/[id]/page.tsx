"use client";
import { use } from "react";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { Gate } from "@/components/Gate";
import { usePcx } from "@/hooks/usePcx";
import { useI18n } from "@/i18n/context";
import { abis } from "@/lib/contracts";
import { formatKg, formatTimestamp } from "@/lib/format";
import { decodeRevert } from "@/lib/revert";
import { explorerUrl, networkName } from "@/lib/chains";

function Certificate({ id }: { id: bigint }) {
  const { t } = useI18n();
  const client = usePublicClient();
  const { addresses, chainId } = usePcx();
  const { data, error, isLoading } = useQuery({
    queryKey: ["certificate", chainId, id.toString()],
    enabled: Boolean(client && addresses.CarbonCredit),
    queryFn: () => client!.readContract({ address: addresses.CarbonCredit!, abi: abis.CarbonCredit, functionName: "retirement", args: [id] }),
    retry: false,
  });
  if (isLoading) return <p className="muted">{t("common.loading")}</p>;
  if (error) return <p className="error" data-testid="certificate-error">{t("certificate.notFound", { id: id.toString() })} ({decodeRevert(error, abis.CarbonCredit).name})</p>;
  if (!data) return null;
  const explorer = explorerUrl(chainId);
  return (
    <div className="certificate" data-testid="certificate">
      <h1>{t("certificate.title")}</h1>
      <p style={{ textAlign: "center" }}>{t("certificate.number", { id: id.toString() })}</p>
      <p style={{ textAlign: "center", fontSize: "2em", fontWeight: 700 }} data-testid="certificate-amount">
        {formatKg(data.amount, 6)} kg CO₂e
      </p>
      <table>
        <tbody>
          <tr><th>{t("certificate.beneficiary")}</th><td data-testid="certificate-name">{data.beneficiaryName || "—"} <code>{data.beneficiary}</code></td></tr>
          <tr><th>{t("certificate.retiree")}</th><td><code>{data.retiree}</code></td></tr>
          <tr><th>{t("certificate.reason")}</th><td>{data.reason || "—"}</td></tr>
          <tr><th>{t("certificate.jurisdiction")}</th><td>{data.jurisdiction || "—"}</td></tr>
          <tr><th>{t("certificate.date")}</th><td>{formatTimestamp(data.timestamp)}</td></tr>
          <tr><th>{t("certificate.contract")}</th><td><code>{addresses.CarbonCredit}</code> ({t("certificate.chain", { chain: networkName(chainId, t) })})</td></tr>
        </tbody>
      </table>
      <p className="muted">{t("certificate.verify")}</p>
      <p className="no-print">
        <button onClick={() => window.print()}>{t("certificate.print")}</button>
        {explorer && <a href={`${explorer}/address/${addresses.CarbonCredit}`} target="_blank" rel="noreferrer">{t("explorer.external")}</a>}
      </p>
    </div>
  );
}

export default function CertificatePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = use(params);
  const { t } = useI18n();
  const valid = /^\d+$/.test(id);
  return (
    <Gate needAccount={false}>
      {valid ? <Certificate id={BigInt(id)} /> : <p className="error">{t("certificate.notFound", { id })}</p>}
    </Gate>
  );
}
