"use client";
/** Every on-chain record behind the statement, in chain order: what, when, block, transaction. */
import type { Statement } from "@sdk/statement";
import type { MessageKey } from "@/i18n";
import { useFormat } from "../_lib/useFormat";
import { Section, Table } from "./Section";
import { TxLink } from "./TxRef";

export function ReferencesSection({ st }: { st: Statement }) {
  const f = useFormat();
  const { t } = f;
  if (st.references.length === 0) return <Section title={t("statement.references.title")} testId="statement-references" empty={t("statement.references.none")} />;
  return (
    <Section title={t("statement.references.title")} testId="statement-references">
      <Table
        rows={st.references}
        rowKey={(r, i) => `${r.ref.tx}-${r.ref.logIndex}-${i}`}
        rowTestId="statement-reference"
        rowData={(r) => ({ "data-what": r.what })}
        columns={[
          { key: "record", head: t("statement.col.record"), cell: (r) => t(`statement.ref.${r.what}` as MessageKey) },
          { key: "date", head: t("statement.col.date"), cell: (r) => f.moment(r.ref.timestamp) },
          { key: "kg", head: t("statement.col.kg"), num: true, cell: (r) => f.kgNumber(r.kg) },
          { key: "block", head: t("statement.col.block"), num: true, cell: (r) => f.count(r.ref.block) },
          { key: "transaction", head: t("statement.col.transaction"), cell: (r) => <TxLink tx={r.ref.tx} /> },
        ]}
      />
    </Section>
  );
}
