"use client";
import { useState } from "react";
import { isAddress, isHash } from "viem";
import { useRouter } from "next/navigation";
import { Gate } from "@/components/Gate";
import { EmptyState, Skeleton } from "@/components/states";
import { usePcx } from "@/hooks/usePcx";
import { useI18n } from "@/i18n/context";
import { useHistoryPages } from "@/hooks/useIndexer";
import { HistoryUnavailable } from "@/components/IndexerStatus";
import { explorerUrl } from "@/lib/chains";
import { EventTable } from "./_components/EventTable";
import { LatestBlocks } from "./_components/LatestBlocks";
import { Supply } from "./_components/Supply";

/** Events per page of the explorer's list ("load more" for the next). */
const EVENTS_PAGE = 25;

function Explorer() {
  const { t } = useI18n();
  const { chainId } = usePcx();
  const router = useRouter();
  const [query, setQuery] = useState("");
  const [bad, setBad] = useState(false);
  const external = explorerUrl(chainId);
  // Every PCX event, newest first, from the indexer, a page at a time.
  const events = useHistoryPages(["explorer-events", chainId], (ix, cursor) => ix.events({ limit: EVENTS_PAGE, cursor }));
  const search = () => {
    const q = query.trim();
    if (isAddress(q)) return router.push(`/explorer/address/${q}`);
    if (isHash(q)) return router.push(`/explorer/tx/${q}`);
    setBad(true);
  };
  return (
    <>
      <form className="card" onSubmit={(e) => { e.preventDefault(); search(); }}>
        <label>
          <span>{t("explorer.searchLabel")}</span>
          <input value={query} onChange={(e) => { setQuery(e.target.value); setBad(false); }} placeholder={t("explorer.searchAddress")} size={46} data-testid="explorer-search" />
        </label>
        <button type="submit">{t("explorer.go")}</button>
        {external && <a href={external} target="_blank" rel="noreferrer"> {t("explorer.external")}</a>}
        {bad && <p className="error">{t("explorer.searchInvalid")}</p>}
      </form>
      <Supply />
      <div className="grid">
        <LatestBlocks />
        <div className="card">
          <h3>{t("explorer.events")}</h3>
          <HistoryUnavailable error={events.error} />
          {!events.items.length ? (
            !events.error && (events.isLoading || events.isPending ? <Skeleton lines={6} /> : <EmptyState title={t("explorer.noEvents")}><p>{t("explorer.noEventsHint")}</p></EmptyState>)
          ) : (
            <>
              <EventTable rows={events.items} testId="events" rowTestId="event-row" />
              {events.hasNextPage ? (
                <button className="secondary" data-testid="events-more" disabled={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
                  {events.isFetchingNextPage ? t("states.loading") : t("explorer.loadMore")}
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
