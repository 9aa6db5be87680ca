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
      <Table>
        <thead>
          <tr>
            <th>{t("statement.col.record")}</th>
            <th>{t("statement.col.date")}</th>
            <th className="num">{t("statement.col.kg")}</th>
            <th className="num">{t("statement.col.block")}</th>
            <th>{t("statement.col.transaction")}</th>
          </tr>
        </thead>
        <tbody>
          {st.references.map((r, i) => (
            <tr key={`${r.ref.tx}-${r.ref.logIndex}-${i}`} data-testid="statement-reference" data-what={r.what}>
              <td>{t(`statement.ref.${r.what}` as MessageKey)}</td>
              <td>{f.moment(r.ref.timestamp)}</td>
              <td className="num">{f.kgNumber(r.kg)}</td>
              <td className="num">{f.count(r.ref.block)}</td>
              <td><TxLink tx={r.ref.tx} /></td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Section>
  );
}
