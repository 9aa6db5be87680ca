"use client";
/**
 * The app's one table of rows: a header from the columns, a row per item, an optional footer, in
 * a wrapper that scrolls sideways on a phone instead of squeezing the columns ("scroll-x" in
 * globals.css; the statement passes its own). Figures (`num`) are right-aligned.
 */
import type { ReactNode } from "react";

export interface Column<R> {
  key: string;
  head: ReactNode;
  /** A figure: right-aligned, tabular (the "num" class on the header and the cells). */
  num?: boolean;
  /** A class for the header and every cell of the column. */
  className?: string;
  /** A class for one row's cell besides the column's (a side's colour, a gain). */
  cellClass?(row: R): string | undefined;
  /** The header is decoration only (no text for a screen reader). */
  decorative?: boolean;
  cell(row: R, index: number): ReactNode;
}

type DataAttributes = Record<`data-${string}`, string | number | boolean | undefined>;

export interface DataTableProps<R> {
  columns: readonly Column<R>[];
  rows: readonly R[];
  rowKey(row: R, index: number): string;
  /** Each row's data-testid. */
  rowTestId?: string;
  /** Each row's data attributes (what an e2e test reads off it). */
  rowData?(row: R): DataAttributes;
  /** The table's data-testid. */
  testId?: string;
  /** Rows after the items, inside the body (an estimate line). */
  after?: ReactNode;
  /** The footer's rows (totals). */
  foot?: ReactNode;
  /** The scrolling wrapper's class. */
  wrapClassName?: string;
}

export function DataTable<R>(props: DataTableProps<R>) {
  const { columns } = props;
  const cls = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(" ") || undefined;
  return (
    <div className={props.wrapClassName ?? "scroll-x"}>
      <table data-testid={props.testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} className={cls(c.num && "num", c.className)} aria-hidden={c.decorative || undefined}>
                {c.head}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => (
            <tr key={props.rowKey(row, i)} data-testid={props.rowTestId} {...props.rowData?.(row)}>
              {columns.map((c) => (
                <td key={c.key} className={cls(c.num && "num", c.className, c.cellClass?.(row))}>
                  {c.cell(row, i)}
                </td>
              ))}
            </tr>
          ))}
          {props.after}
        </tbody>
        {props.foot && <tfoot>{props.foot}</tfoot>}
      </table>
    </div>
  );
}
