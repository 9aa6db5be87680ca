"use client";
/** Credits the household retired in the period, each with its public certificate. */
import Link from "next/link";
import type { Statement } from "@sdk/statement";
import { useFormat } from "../_lib/useFormat";
import { Section, Table } from "./Section";
import { TxRef } from "./TxRef";

export function RetirementsSection({ st }: { st: Statement }) {
  const f = useFormat();
  const { t } = f;
  if (st.retirements.length === 0) return <Section title={t("statement.retirements.title")} testId="statement-retirements-section" empty={t("statement.retirements.none")} />;
  return (
    <Section title={t("statement.retirements.title")} testId="statement-retirements-section">
      <Table testId="statement-retirements">
        <thead>
          <tr>
            <th>{t("statement.col.certificate")}</th>
            <th>{t("statement.col.date")}</th>
            <th className="num">{t("statement.col.kg")}</th>
            <th>{t("statement.col.beneficiary")}</th>
            <th>{t("statement.col.reason")}</th>
            <th>{t("statement.col.reference")}</th>
          </tr>
        </thead>
        <tbody>
          {st.retirements.map((r) => (
            <tr key={r.id.toString()} data-testid="statement-retirement">
              <td><Link href={`/certificate/${r.id}`}>{t("statement.retirements.number", { id: f.count(r.id) })}</Link></td>
              <td>{f.moment(r.ref.timestamp)}</td>
              <td className="num">{f.kgNumber(r.amount)}</td>
              <td>{r.beneficiaryName || (r.beneficiary.toLowerCase() === st.account.toLowerCase() ? t("statement.you") : `${r.beneficiary.slice(0, 6)}…${r.beneficiary.slice(-4)}`)}</td>
              <td>{[r.reason, r.jurisdiction].filter(Boolean).join(" · ") || "—"}</td>
              <td><TxRef r={r.ref} /></td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr><td colSpan={2}>{t("statement.col.periodTotal")}</td><td className="num">{f.kgNumber(st.retired)}</td><td colSpan={3} /></tr>
        </tfoot>
      </Table>
    </Section>
  );
}
