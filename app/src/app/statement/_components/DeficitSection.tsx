"use client";
/**
 * The deficit this period's settlement opened, the payments that went to it (oldest deficit
 * first: the next allowance pays it before anything reaches the wallet) and what is still open.
 */
import Link from "next/link";
import type { Statement } from "@sdk/statement";
import { useFormat } from "../_lib/useFormat";
import { Section, Table } from "./Section";
import { TxRef } from "./TxRef";
import styles from "../statement.module.css";

export function DeficitSection({ st, periodLabel }: { st: Statement; periodLabel: (period: number) => string }) {
  const f = useFormat();
  const { t } = f;
  const d = st.deficit;
  const me = st.account.toLowerCase();
  if (d.opened === 0n) {
    return <Section title={t("statement.deficit.title")} testId="statement-deficit-section" empty={st.settlement ? t("statement.deficit.none") : t("statement.deficit.notSettled")} />;
  }
  return (
    <Section title={t("statement.deficit.title")} testId="statement-deficit-section">
      <dl className={styles.defs}>
        <dt>{t("statement.deficit.opened")}</dt>
        <dd>{f.kg(d.opened)}</dd>
        <dt>{t("statement.deficit.paid")}</dt>
        <dd>{f.kg(d.paid)}</dd>
        <dt>{t("statement.deficit.outstanding")}</dt>
        <dd className={d.outstanding > 0n ? styles.bad : styles.good} data-testid="statement-deficit-outstanding">{f.kg(d.outstanding)}</dd>
      </dl>
      {d.payments.length > 0 && (
        <Table
          testId="statement-deficit-payments"
          rows={d.payments}
          rowKey={(p) => `${p.ref.tx}-${p.ref.logIndex}`}
          rowTestId="statement-deficit-payment"
          columns={[
            { key: "date", head: t("statement.col.date"), cell: (p) => f.moment(p.ref.timestamp) },
            {
              key: "paidBy",
              head: t("statement.deficit.paidBy"),
              cell: (p) =>
                p.viaAllowance !== null
                  ? t("statement.deficit.byAllowance", { period: periodLabel(p.viaAllowance) })
                  : p.payer.toLowerCase() === me
                    ? t("statement.byYou")
                    : <Link href={`/explorer/address/${p.payer}`}>{t("statement.deficit.byAccount", { account: `${p.payer.slice(0, 6)}…${p.payer.slice(-4)}` })}</Link>,
            },
            { key: "kg", head: t("statement.col.kg"), num: true, cell: (p) => f.kgNumber(p.amount) },
            { key: "reference", head: t("statement.col.reference"), cell: (p) => <TxRef r={p.ref} /> },
          ]}
        />
      )}
      <p className={styles.note}>{t("statement.deficit.explain")}</p>
    </Section>
  );
}
