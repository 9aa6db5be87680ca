"use client";
/**
 * /explorer/tx/[hash] — one transaction, as the statement's references link to it: status, block,
 * time, sender, the PCX call it made and the PCX events it emitted (decoded from its receipt:
 * current chain state, no log scan), with a link to the chain's block explorer on public networks.
 */
import Link from "next/link";
import { use } from "react";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { isHash, type Hash } from "viem";
import { Gate } from "@/components/Gate";
import { usePcx } from "@/hooks/usePcx";
import { useI18n } from "@/i18n/context";
import { decodePcxCall, decodePcxLog, formatArgs } from "@/lib/decode";
import { explorerUrl } from "@/lib/chains";
import { formatTimestamp, shortAddress } from "@/lib/format";

function Transaction({ hash }: { hash: Hash }) {
  const { t } = useI18n();
  const client = usePublicClient();
  const { chainId } = usePcx();
  const { data, isLoading, error } = useQuery({
    queryKey: ["tx", chainId, hash],
    enabled: Boolean(client),
    retry: false,
    queryFn: async () => {
      const [tx, receipt] = await Promise.all([client!.getTransaction({ hash }), client!.getTransactionReceipt({ hash })]);
      const block = await client!.getBlock({ blockNumber: receipt.blockNumber });
      return { tx, receipt, timestamp: block.timestamp };
    },
  });
  if (isLoading) return <p className="muted">{t("common.loading")}</p>;
  if (error || !data) return <p className="error" data-testid="tx-not-found">{t("explorer.tx.notFound")}</p>;
  const { tx, receipt, timestamp } = data;
  const external = explorerUrl(chainId);
  const events = receipt.logs.map((l) => decodePcxLog(chainId, l)).filter((e) => e !== undefined);
  return (
    <div className="card" data-testid="tx-page" data-status={receipt.status}>
      <table>
        <tbody>
          <tr><th>{t("explorer.tx.status")}</th><td className={receipt.status === "success" ? "tx-confirmed" : "error"}>{receipt.status === "success" ? t("explorer.tx.success") : t("explorer.tx.reverted")}</td></tr>
          <tr><th>{t("explorer.block")}</th><td data-testid="tx-block">{receipt.blockNumber.toString()}</td></tr>
          <tr><th>{t("explorer.time")}</th><td>{formatTimestamp(timestamp)}</td></tr>
          <tr><th>{t("explorer.tx.from")}</th><td><Link href={`/explorer/address/${tx.from}`}>{shortAddress(tx.from)}</Link></td></tr>
          <tr><th>{t("explorer.tx.call")}</th><td>{decodePcxCall(chainId, tx.to, tx.input) ?? (tx.to ? shortAddress(tx.to) : "—")}</td></tr>
          <tr><th>{t("explorer.tx.hash")}</th><td><code>{hash}</code> {external && <a href={`${external}/tx/${hash}`} target="_blank" rel="noreferrer">{t("explorer.external")}</a>}</td></tr>
        </tbody>
      </table>
      <h3>{t("explorer.tx.events", { n: events.length })}</h3>
      <table data-testid="tx-events">
        <tbody>
          {events.map((e, i) => (
            <tr key={i} data-testid="tx-event"><td>{`${e.contract}.${e.eventName}`}</td><td><small>{formatArgs(e.args, e.eventName)}</small></td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function TransactionPage({ params }: { params: Promise<{ hash: string }> }) {
  const { hash } = use(params);
  const { t } = useI18n();
  return (
    <div>
      <h1>{t("explorer.tx.title")}</h1>
      <Gate needAccount={false}>{isHash(hash) ? <Transaction hash={hash} /> : <p className="error">{t("explorer.tx.invalid")}</p>}</Gate>
    </div>
  );
}
