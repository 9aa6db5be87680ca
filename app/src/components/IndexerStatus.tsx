"use client";
/**
 * One line under the navigation about the indexer, the source of every history on the pages:
 * "indexing… (behind by N blocks)" while it lags the chain, and a designed error when it cannot be
 * reached (chain reads — balances, the ladder, every action — keep working without it).
 */
import { LAG_NOTICE_FROM, useIndexerProgress } from "@/hooks/useIndexer";
import { useI18n } from "@/i18n/context";


export function IndexerStatusLine() {
  const { t } = useI18n();
  const p = useIndexerProgress();
  if (p.down) {
    return (
      <div className="indexer-status error" role="status" data-testid="indexer-down">
        <strong>{t("indexer.downTitle")}</strong> {t("indexer.down")}
      </div>
    );
  }
  if (p.behind >= LAG_NOTICE_FROM) {
    return (
      <div className="indexer-status muted" role="status" data-testid="indexer-lag" data-behind={p.behind}>
        {t("indexer.behind", { n: p.behind })}
      </div>
    );
  }
  return null;
}

/** Shown in a card whose history could not be read. */
export function HistoryUnavailable({ error }: { error?: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  return <p className="muted" data-testid="history-unavailable">{t("indexer.historyUnavailable")}</p>;
}
