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
      <Table
        testId="statement-retirements"
        rows={st.retirements}
        rowKey={(r) => r.id.toString()}
        rowTestId="statement-retirement"
        columns={[
          { key: "certificate", head: t("statement.col.certificate"), cell: (r) => <Link href={`/certificate/${r.id}`}>{t("statement.retirements.number", { id: f.count(r.id) })}</Link> },
          { key: "date", head: t("statement.col.date"), cell: (r) => f.moment(r.ref.timestamp) },
          { key: "kg", head: t("statement.col.kg"), num: true, cell: (r) => f.kgNumber(r.amount) },
          { key: "beneficiary", head: t("statement.col.beneficiary"), cell: (r) => r.beneficiaryName || (r.beneficiary.toLowerCase() === st.account.toLowerCase() ? t("statement.you") : `${r.beneficiary.slice(0, 6)}…${r.beneficiary.slice(-4)}`) },
          { key: "reason", head: t("statement.col.reason"), cell: (r) => [r.reason, r.jurisdiction].filter(Boolean).join(" · ") || "—" },
          { key: "reference", head: t("statement.col.reference"), cell: (r) => <TxRef r={r.ref} /> },
        ]}
        foot={<tr><td colSpan={2}>{t("statement.col.periodTotal")}</td><td className="num">{f.kgNumber(st.retired)}</td><td colSpan={3} /></tr>}
      />
    </Section>
  );
}
