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
      <Table testId="statement-trades">
        <thead>
          <tr>
            <th>{t("statement.col.date")}</th>
            <th>{t("statement.col.trade")}</th>
            <th className="num">{t("statement.col.kg")}</th>
            <th className="num">{t("statement.col.price")}</th>
            <th className="num">{t("statement.col.value")}</th>
            <th className="num">{t("statement.col.fee")}</th>
            <th className="num">{t("statement.col.net")}</th>
            <th>{t("statement.col.reference")}</th>
          </tr>
        </thead>
        <tbody>
          {st.trades.map((x) => (
            <tr key={`${x.ref.tx}-${x.ref.logIndex}-${x.role}`} data-testid="statement-trade" data-side={x.side} data-role={x.role}>
              <td>{f.moment(x.ref.timestamp)}</td>
              <td>
                <span className={x.side === "buy" ? "bid" : "ask"}>{t(x.side === "buy" ? "statement.trades.bought" : "statement.trades.sold")}</span>{" "}
                <span className={styles.note}>{t(x.role === "taker" ? "statement.trades.taker" : "statement.trades.maker")}</span>
              </td>
              <td className="num">{f.kgNumber(x.kg)}</td>
              <td className="num">{f.price(x.priceScaled, book.quoteDecimals, book.quoteSymbol)}</td>
              <td className="num">{q(x.quote)}</td>
              <td className="num">{x.fee > 0n ? q(x.fee) : "—"}</td>
              <td className={`num ${x.net >= 0n ? styles.good : ""}`}>{x.net >= 0n ? `+${q(x.net)}` : `−${q(-x.net)}`}</td>
              <td><TxRef r={x.ref} /></td>
            </tr>
          ))}
        </tbody>
      </Table>
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
