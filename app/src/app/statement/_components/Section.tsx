/** One titled part of the statement; `empty` replaces the body when there is nothing to show. */
import type { ReactNode } from "react";
import { DataTable, type DataTableProps } from "@/components/DataTable";
import styles from "../statement.module.css";

export function Section({ title, testId, empty, children }: { title: string; testId: string; empty?: string; children?: ReactNode }) {
  return (
    <section data-testid={testId}>
      <h2>{title}</h2>
      {empty ? <p className={styles.empty} data-testid={`${testId}-empty`}>{empty}</p> : children}
    </section>
  );
}

/** A statement table (components/DataTable.tsx) in the statement's sideways-scrolling wrapper. */
export function Table<R>(props: Omit<DataTableProps<R>, "wrapClassName">) {
  return <DataTable {...props} wrapClassName={styles.tableWrap} />;
}
