"use client";
import Link from "next/link";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { isAddress } from "viem";
import { useRouter } from "next/navigation";
import { Gate } from "@/components/Gate";
import { usePcx } from "@/hooks/usePcx";
import { useSupply } from "@/hooks/useSupply";
import { useI18n } from "@/i18n/context";
import { useHistoryPages } from "@/hooks/useIndexer";
import { HistoryUnavailable } from "@/components/IndexerStatus";
import { decodePcxCall, formatArgs } from "@/lib/decode";
import { argsFromIndexer } from "@/lib/indexer";
import { explorerUrl } from "@/lib/chains";
import { formatKg, formatTimestamp, shortAddress } from "@/lib/format";

const BLOCKS = 10n;
/** Events per page of the explorer's list ("load more" for the next). */
const EVENTS_PAGE = 25;

function Supply() {
  const { t } = useI18n();
  const { data } = useSupply();
  if (!data) return null;
  // The indexer's supply (Σ mints − Σ burns from Transfer events) must equal the chain's totalSupply().
  const ok = data.indexedSupply === data.supply;
  const bookOk = data.book ? data.book.pccHeld === data.book.pccOwed && data.book.quoteHeld === data.book.quoteOwed : true;
  return (
    <div className="card" data-testid="supply">
      <h3>{t("explorer.supply")}</h3>
      <table>
        <tbody>
          <tr><td>{t("explorer.minted")}</td><td className="num">{formatKg(data.minted)}</td></tr>
          <tr><td>{t("explorer.burned")}</td><td className="num">{formatKg(data.burned)}</td></tr>
          <tr><td>{t("explorer.retired")}</td><td className="num">{formatKg(data.retired)}</td></tr>
          <tr><td>{t("explorer.totalSupply")}</td><td className="num">{formatKg(data.supply)}</td></tr>
          <tr><td colSpan={2} className={ok ? "tx-confirmed" : "error"} data-testid="supply-check">{ok ? t("explorer.reconciled") : t("explorer.mismatch")}</td></tr>
          {data.book && (
            <>
              <tr><td>{t("explorer.bookPcc")}</td><td className="num">{formatKg(data.book.pccHeld)} / {formatKg(data.book.pccOwed)}</td></tr>
              <tr><td>{t("explorer.bookQuote")}</td><td className="num">{data.book.quoteHeld.toString()} / {data.book.quoteOwed.toString()}</td></tr>
              <tr><td colSpan={2} className={bookOk ? "tx-confirmed" : "error"}>{bookOk ? t("explorer.bookSolvent", { orders: data.book.openOrders }) : t("explorer.mismatch")}</td></tr>
            </>
          )}
        </tbody>
      </table>
    </div>
  );
}

function Explorer() {
  const { t } = useI18n();
  const client = usePublicClient();
  const { chainId } = usePcx();
  const router = useRouter();
  const [query, setQuery] = useState("");
  const external = explorerUrl(chainId);
  // The latest blocks: current chain state (refreshed per block).
  const { data } = useQuery({
    queryKey: ["explorer", chainId],
    enabled: Boolean(client),
    queryFn: async () => {
      const c = client!;
      const head = await c.getBlockNumber();
      const numbers = Array.from({ length: Number(head + 1n < BLOCKS ? head + 1n : BLOCKS) }, (_, i) => head - BigInt(i));
      const blocks = await Promise.all(numbers.map((n) => c.getBlock({ blockNumber: n, includeTransactions: true })));
      return { head, blocks };
    },
  });
  // Every PCX event, newest first, from the indexer, a page at a time.
  const events = useHistoryPages(["explorer-events", chainId], (ix, cursor) => ix.events({ limit: EVENTS_PAGE, cursor }));
  return (
    <>
      <form className="card" onSubmit={(e) => { e.preventDefault(); if (isAddress(query.trim())) router.push(`/explorer/address/${query.trim()}`); }}>
        <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t("explorer.searchAddress")} size={46} />
        <button type="submit">{t("explorer.go")}</button>
        {external && <a href={external} target="_blank" rel="noreferrer"> {t("explorer.external")}</a>}
      </form>
      <Supply />
      <div className="grid">
        <div className="card">
          <h3>{t("explorer.latestBlocks")}</h3>
          <div className="scroll-x">
          <table>
            <thead><tr><th>{t("explorer.block")}</th><th>{t("explorer.time")}</th><th>{t("explorer.transactions")}</th></tr></thead>
            <tbody>
              {data?.blocks.map((b) => (
                <tr key={b.hash}>
                  <td>{b.number?.toString()}</td>
                  <td>{formatTimestamp(b.timestamp)}</td>
                  <td>
                    {b.transactions.map((tx) => (
                      <div key={tx.hash}>
                        <Link href={`/explorer/address/${tx.from}`}>{shortAddress(tx.from)}</Link> → {decodePcxCall(chainId, tx.to, tx.input) ?? shortAddress(tx.to ?? "")}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </div>
        <div className="card">
          <h3>{t("explorer.events")}</h3>
          <HistoryUnavailable error={events.error} />
          {!events.items.length ? (
            !events.error && <p className="muted">{events.isLoading ? t("common.loading") : t("explorer.noEvents")}</p>
          ) : (
            <>
              <div className="scroll-x">
              <table data-testid="events">
                <tbody>
                  {events.items.map((e) => (
                    <tr key={e.id} data-testid="event-row" data-ord={e.ord}>
                      <td>{e.block}</td>
                      <td>{`${e.contract}.${e.name}`}</td>
                      <td><small>{formatArgs(argsFromIndexer(e.contract, e.name, e.args), e.name)}</small></td>
                    </tr>
                  ))}
                </tbody>
              </table>
              </div>
              {events.hasNextPage ? (
                <button className="secondary" data-testid="events-more" disabled={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
                  {events.isFetchingNextPage ? t("common.loading") : t("explorer.loadMore")}
                </button>
              ) : (
                <p className="muted" data-testid="events-end">{t("explorer.end")}</p>
              )}
            </>
          )}
        </div>
      </div>
    </>
  );
}

export default function ExplorerPage() {
  const { t } = useI18n();
  return (
    <div>
      <h1>{t("explorer.title")}</h1>
      <Gate needAccount={false}>
        <Explorer />
      </Gate>
    </div>
  );
}
