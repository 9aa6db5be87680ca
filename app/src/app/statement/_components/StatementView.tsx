"use client";
/**
 * The statement page's body: the period from ?period= (default: the last settled period, else the
 * current one), the picker and actions, then the document. The period lives in the URL, so a
 * statement can be bookmarked, shared and reopened.
 */
import { useEffect, useMemo } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { HistoryUnavailable } from "@/components/IndexerStatus";
import { useFormat } from "../_lib/useFormat";
import { periodEnd, periodStart, useStatement, useStatementChain, useStatementPeriods } from "../_lib/useStatement";
import { PeriodPicker } from "./PeriodPicker";
import { StatementActions } from "./StatementActions";
import { StatementDocument } from "./StatementDocument";
import styles from "../statement.module.css";

export function StatementView() {
  const f = useFormat();
  const { t } = f;
  const search = useSearchParams();
  const router = useRouter();
  const path = usePathname();
  const chain = useStatementChain();
  const periods = useStatementPeriods();
  const calendar = chain.data?.calendar;
  const raw = search.get("period");
  const requested = raw !== null && /^\d{1,10}$/.test(raw) ? Number(raw) : undefined;
  const future = requested !== undefined && calendar !== undefined && requested > calendar.current;
  const period = future ? undefined : (requested ?? calendar?.lastSettled ?? calendar?.current);
  const { statement, book, rows } = useStatement(calendar ? period : undefined);
  // The moment this statement was put together (wall clock), for its letterhead.
  const preparedAt = useMemo(() => Math.floor(Date.now() / 1000), [rows.dataUpdatedAt]); // eslint-disable-line react-hooks/exhaustive-deps

  // "Save as PDF" names the file after the page title.
  useEffect(() => {
    if (!statement) return;
    const before = document.title;
    document.title = t("statement.docTitle", { range: f.range(statement.start, statement.end) });
    return () => void (document.title = before);
  }, [statement, t, f]);

  const choose = (p: number) => router.replace(`${path}?period=${p}`, { scroll: false });

  if (chain.isLoading || !calendar) return chain.error ? <p className="error">{t("statement.chainError")}</p> : <p className="muted">{t("common.loading")}</p>;
  if (calendar.now < calendar.genesis) return <div className="card">{t("statement.beforeGenesis")}</div>;
  return (
    <>
      <div className={styles.toolbar}>
        <PeriodPicker calendar={calendar} rows={periods.data?.rows} enrolledAt={periods.data?.enrolledAt} period={period ?? calendar.current} onChange={choose} />
        <StatementActions st={statement} book={book} />
      </div>
      {raw !== null && requested === undefined && <p className="error">{t("statement.badPeriod")}</p>}
      {future && <p className="error" data-testid="statement-future">{t("statement.futurePeriod")}</p>}
      <HistoryUnavailable error={rows.error} />
      {statement ? (
        <StatementDocument st={statement} book={book} calendar={calendar} preparedAt={preparedAt} />
      ) : (
        !rows.error && period !== undefined && (
          <p className="muted" data-testid="statement-loading">{t("statement.loading", { range: f.range(periodStart(calendar, period), periodEnd(calendar, period)) })}</p>
        )
      )}
    </>
  );
}
