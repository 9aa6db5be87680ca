"use client";
/**
 * One transaction: whether it went through, when, who sent it, what it called and what it did —
 * its PCX events as sentences. One receipt read (plus the transaction and its block), no log scan.
 */
import { use } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { isHash, TransactionReceiptNotFoundError, TransactionNotFoundError, type Hash } from "viem";
import { Gate } from "@/components/Gate";
import { EmptyState, ErrorState, Skeleton, useSteady } from "@/components/states";
import { useEventContext } from "@/hooks/useEventContext";
import { usePcx } from "@/hooks/usePcx";
import { useI18n } from "@/i18n/context";
import { countNumber } from "@/lib/amounts";
import { explorerUrl } from "@/lib/chains";
import { decodePcxLog } from "@/lib/decode";
import { eventSentence } from "@/lib/event-sentences";
import { shortAddress } from "@/lib/format";
import { dateTime } from "@/lib/time";
import { callLabel } from "../../_components/callLabel";

function Transaction({ hash }: { hash: Hash }) {
  const { t, lang } = useI18n();
  const client = usePublicClient();
  const { chainId } = usePcx();
  const ctx = useEventContext();
  const query = useQuery({
    queryKey: ["tx", chainId, hash],
    enabled: Boolean(client),
    queryFn: async () => {
      const c = client!;
      const tx = await c.getTransaction({ hash }).catch((e) => {
        if (e instanceof TransactionNotFoundError) return null;
        throw e;
      });
      if (!tx) return { kind: "unknown" as const };
      const receipt = await c.getTransactionReceipt({ hash }).catch((e) => {
        if (e instanceof TransactionReceiptNotFoundError) return null;
        throw e;
      });
      if (!receipt) return { kind: "pending" as const, tx };
      const block = await c.getBlock({ blockNumber: receipt.blockNumber });
      return { kind: "mined" as const, tx, receipt, timestamp: block.timestamp };
    },
  });
  const { data, error } = useSteady(query);
  if (error) return <ErrorState error={error} onRetry={() => void query.refetch()} />;
  if (!data) return <Skeleton lines={5} />;
  if (data.kind === "unknown")
    return (
      <EmptyState testId="tx-unknown" title={t("txPage.unknown")}>
        <p>{t("txPage.unknownHint")}</p>
      </EmptyState>
    );
  const external = explorerUrl(chainId);
  const call = callLabel(chainId, data.tx.to, data.tx.input, t) ?? t("explorer.otherCall", { to: shortAddress(data.tx.to ?? "") });
  const events =
    data.kind === "mined" && chainId !== undefined
      ? data.receipt.logs.flatMap((log) => {
          const ev = decodePcxLog(chainId, log);
          return ev ? [{ key: `${log.logIndex}`, contract: ev.contract, name: ev.eventName, args: ev.args }] : [];
        })
      : [];
  const status = data.kind === "pending" ? "pending" : data.receipt.status === "success" ? "success" : "failed";
  return (
    <>
      <div className="card" data-testid="tx-page" data-status={status}>
        <h3 className={status === "failed" ? "error" : status === "success" ? "tx-confirmed" : "muted"}>{t(`txPage.status.${status}`)}</h3>
        <div className="scroll-x">
        <table>
          <tbody>
            <tr><th>{t("txPage.call")}</th><td data-testid="tx-call">{call}</td></tr>
            <tr><th>{t("txPage.from")}</th><td><Link href={`/explorer/address/${data.tx.from}`}>{shortAddress(data.tx.from)}</Link></td></tr>
            {data.kind === "mined" && (
              <>
                <tr><th>{t("txPage.time")}</th><td>{dateTime(data.timestamp, lang)}</td></tr>
                <tr><th>{t("explorer.block")}</th><td data-testid="tx-block" data-block={data.receipt.blockNumber.toString()}>{countNumber(data.receipt.blockNumber, lang)}</td></tr>
              </>
            )}
            <tr><th>{t("txPage.hash")}</th><td><code className="muted small">{hash}</code></td></tr>
          </tbody>
        </table>
        </div>
        {external && <a href={`${external}/tx/${hash}`} target="_blank" rel="noreferrer">{t("explorer.external")}</a>}
      </div>
      <div className="card">
        <h3>{t("txPage.events")}</h3>
        {data.kind === "pending" ? (
          <p className="muted">{t("txPage.pendingHint")}</p>
        ) : events.length === 0 ? (
          <p className="muted">{status === "failed" ? t("txPage.failedHint") : t("txPage.noEvents")}</p>
        ) : (
          <ul data-testid="tx-events">
            {events.map((e) => (
              <li key={e.key} data-testid="tx-event" data-event={`${e.contract}.${e.name}`}>{eventSentence(e, ctx)}</li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

export default function TransactionPage({ params }: { params: Promise<{ hash: string }> }) {
  const { hash } = use(params);
  const { t } = useI18n();
  return (
    <div>
      <h1>{t("txPage.title")}</h1>
      <Gate needAccount={false}>
        {isHash(hash) ? (
          <Transaction hash={hash} />
        ) : (
          <EmptyState testId="tx-unknown" title={t("txPage.invalid")}>
            <p>{t("txPage.unknownHint")}</p>
          </EmptyState>
        )}
      </Gate>
    </div>
  );
}
