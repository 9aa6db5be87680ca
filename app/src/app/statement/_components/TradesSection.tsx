"use client";
/** The household's trades in the period: as taker, or its resting orders filled (maker); price, value, fee, net. */
import type { BookUnits, Statement } from "@sdk/statement";
import { useFormat } from "../_lib/useFormat";
import { Section, Table } from "./Section";
import { TxRef } from "./TxRef";
import styles from "../statement.module.css";

export function TradesSection({ st, book }: { st: Statement; book: BookUnits | undefined }) {
  const f = useFormat();
  const { t } = f;
  if (!book) return <Section title={t("statement.trades.title")} testId="statement-trades-section" empty={t("statement.trades.noBook")} />;
  if (st.trades.length === 0) return <Section title={t("statement.trades.title")} testId="statement-trades-section" empty={t("statement.trades.none")} />;
  const q = (v: bigint) => f.quote(v, book.quoteDecimals, book.quoteSymbol);
  const tt = st.tradeTotals;
  return (
    <Section title={t("statement.trades.title")} testId="statement-trades-section">
      <Table
        testId="statement-trades"
        rows={st.trades}
        rowKey={(x) => `${x.ref.tx}-${x.ref.logIndex}-${x.role}`}
        rowTestId="statement-trade"
        rowData={(x) => ({ "data-side": x.side, "data-role": x.role })}
        columns={[
          { key: "date", head: t("statement.col.date"), cell: (x) => f.moment(x.ref.timestamp) },
          {
            key: "trade",
            head: t("statement.col.trade"),
            cell: (x) => (
              <>
                <span className={x.side === "buy" ? "bid" : "ask"}>{t(x.side === "buy" ? "statement.trades.bought" : "statement.trades.sold")}</span>{" "}
                <span className={styles.note}>{t(x.role === "taker" ? "statement.trades.taker" : "statement.trades.maker")}</span>
              </>
            ),
          },
          { key: "kg", head: t("statement.col.kg"), num: true, cell: (x) => f.kgNumber(x.kg) },
          { key: "price", head: t("statement.col.price"), num: true, cell: (x) => f.price(x.priceScaled, book.quoteDecimals, book.quoteSymbol) },
          { key: "value", head: t("statement.col.value"), num: true, cell: (x) => q(x.quote) },
          { key: "fee", head: t("statement.col.fee"), num: true, cell: (x) => (x.fee > 0n ? q(x.fee) : "—") },
          { key: "net", head: t("statement.col.net"), num: true, cellClass: (x) => (x.net >= 0n ? styles.good : undefined), cell: (x) => (x.net >= 0n ? `+${q(x.net)}` : `−${q(-x.net)}`) },
          { key: "reference", head: t("statement.col.reference"), cell: (x) => <TxRef r={x.ref} /> },
        ]}
      />
      <p className={styles.note} data-testid="statement-trade-totals">
        {[
          tt.boughtKg > 0n && t("statement.trades.totalBought", { kg: f.kgNumber(tt.boughtKg), paid: q(tt.quotePaid) }),
          tt.soldKg > 0n && t("statement.trades.totalSold", { kg: f.kgNumber(tt.soldKg), received: q(tt.quoteReceived) }),
          tt.fees > 0n && t("statement.trades.fees", { fees: q(tt.fees) }),
        ].filter(Boolean).join(" ")}
      </p>
    </Section>
  );
}
