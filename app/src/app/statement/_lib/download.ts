/**
 * The statement as a CSV file the browser saves: sdk/statement.ts writes it (stable record codes,
 * ISO dates, exact decimals), each record labelled in the reader's language.
 */
import { isoTime, statementCsvRows, toCsv, type BookUnits, type Statement } from "@sdk/statement";
import type { MessageKey } from "@/i18n";

/** pcx-statement-3c44cd-2026-01-05T100000Z.csv: the household and the period's start (UTC). */
export function csvFileName(st: Statement): string {
  return `pcx-statement-${st.account.slice(2, 8).toLowerCase()}-${isoTime(st.start).replace(/:/g, "")}.csv`;
}

export function statementCsv(st: Statement, book: BookUnits | undefined, t: (key: MessageKey) => string): string {
  return toCsv(statementCsvRows(st, { book, label: (record) => t(`statement.csv.${record}` as MessageKey) }));
}

/** Saves `text` as `name` through a temporary object URL (the browser's download, no server round trip). */
export function saveText(name: string, text: string, type = "text/csv;charset=utf-8") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
