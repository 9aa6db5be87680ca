"use client";
/**
 * The ranking, from the indexer's /api/community (pseudonyms and percentages only), a page at a
 * time. The viewer's own line is highlighted by its pseudonym (unique on the board). States:
 * loading, indexer down or failing, nobody joined yet.
 */
import { Skeleton, EmptyState, StateCard } from "@/components/states";
import { useHistoryPages } from "@/hooks/useIndexer";
import { usePcx } from "@/hooks/usePcx";
import { useI18n } from "@/i18n/context";
import { countNumber, reductionPercent } from "@/lib/amounts";
import type { CommunityPage } from "@sdk/indexer-client";
import { useMyPseudonym } from "./useMembership";

const PAGE = 50;

export function Board() {
  const { t, lang } = useI18n();
  const { chainId } = usePcx();
  const mine = useMyPseudonym().data;
  const board = useHistoryPages(["community", chainId], (ix, cursor) => ix.community({ limit: PAGE, cursor }));
  // Every page carries the board's totals; the first one's are used.
  const first = board.data?.pages[0] as CommunityPage | undefined;
  if (board.error || (board.progress.down && !first)) {
    return (
      <StateCard
        kind="error"
        testId="community-unavailable"
        title={t("community.unavailableTitle")}
        actions={<button className="secondary" onClick={() => void board.refetch()}>{t("states.retry")}</button>}
      >
        <p>{t("community.unavailable")}</p>
      </StateCard>
    );
  }
  if (!first) return <div className="card" data-testid="community-loading"><h3>{t("community.board")}</h3><Skeleton lines={5} /></div>;
  if (first.members === 0) {
    return (
      <EmptyState testId="community-empty" title={t("community.emptyTitle")}>
        <p>{t("community.emptyBody")}</p>
      </EmptyState>
    );
  }
  return (
    <div className="card" data-testid="community-board">
      <h3>{t("community.board")}</h3>
      <p className="muted" data-testid="community-totals">{t("community.totals", { members: countNumber(first.members, lang), ranked: countNumber(first.ranked, lang) })}</p>
      <div className="scroll-x">
        <table>
          <thead>
            <tr>
              <th>{t("community.col.rank")}</th>
              <th>{t("community.col.pseudonym")}</th>
              <th className="num">{t("community.col.reduction")}</th>
              <th className="num">{t("community.col.periods")}</th>
            </tr>
          </thead>
          <tbody>
            {board.items.map((row) => {
              const isMine = mine !== undefined && mine !== "" && row.pseudonym === mine;
              return (
                <tr key={row.pseudonym} data-testid="community-row" data-mine={isMine ? "true" : undefined} className={isMine ? "row-mine" : undefined} aria-current={isMine ? "true" : undefined}>
                  <td data-testid="community-rank">{row.rank === null ? <span className="muted">{t("community.notRanked")}</span> : countNumber(row.rank, lang)}</td>
                  <td data-testid="community-pseudonym">
                    <bdi>{row.pseudonym}</bdi>
                    {isMine && <span className="muted"> ({t("community.you")})</span>}
                  </td>
                  <td className="num" data-testid="community-reduction">{row.reductionPpm === null ? "—" : reductionPercent(row.reductionPpm, lang)}</td>
                  <td className="num" data-testid="community-periods">{countNumber(row.periodsCounted, lang)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {board.hasNextPage && (
        <button className="secondary" data-testid="community-more" disabled={board.isFetchingNextPage} onClick={() => void board.fetchNextPage()}>
          {board.isFetchingNextPage ? t("states.loading") : t("community.loadMore")}
        </button>
      )}
    </div>
  );
}
