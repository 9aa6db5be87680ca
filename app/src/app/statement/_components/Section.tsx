/** One titled part of the statement; `empty` replaces the body when there is nothing to show. */
import type { ReactNode } from "react";
import styles from "../statement.module.css";

export function Section({ title, testId, empty, children }: { title: string; testId: string; empty?: string; children?: ReactNode }) {
  return (
    <section data-testid={testId}>
      <h2>{title}</h2>
      {empty ? <p className={styles.empty} data-testid={`${testId}-empty`}>{empty}</p> : children}
    </section>
  );
}

/** A table that scrolls sideways on a phone instead of squeezing its columns. */
export function Table({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className={styles.tableWrap}>
      <table data-testid={testId}>{children}</table>
    </div>
  );
}
