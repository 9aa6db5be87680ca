"use client";
/** Download the statement as CSV, or print it (the browser's "Save as PDF" gives an A4 statement). */
import type { BookUnits, Statement } from "@sdk/statement";
import { csvFileName, saveText, statementCsv } from "../_lib/download";
import { useFormat } from "../_lib/useFormat";
import styles from "../statement.module.css";

export function StatementActions({ st, book }: { st: Statement | undefined; book: BookUnits | undefined }) {
  const { t } = useFormat();
  return (
    <div className={styles.actions}>
      <button data-testid="statement-csv" disabled={!st} onClick={() => st && saveText(csvFileName(st), statementCsv(st, book, t))}>
        {t("statement.downloadCsv")}
      </button>
      <button className="secondary" data-testid="statement-print" disabled={!st} onClick={() => window.print()}>
        {t("statement.print")}
      </button>
    </div>
  );
}
