"use client";
/** Emissions by source (device kind) and by UTC day, with the check that both add up to the period's total. */
import type { Statement } from "@sdk/statement";
import type { MessageKey } from "@/i18n";
import { useFormat } from "../_lib/useFormat";
import { Section, Table } from "./Section";
import styles from "../statement.module.css";

export function EmissionsSection({ st }: { st: Statement }) {
  const f = useFormat();
  const { t } = f;
  const e = st.emissions;
  const kind = (k: number | null) => (k === null ? t("statement.kindUnknown") : t(`kind.${k}` as MessageKey));
  const peak = e.byDay.reduce((m, d) => (d.net > m ? d.net : m), 0n);
  const empty = e.readings === 0 && e.estimated === 0n;
  return (
    <Section title={t("statement.emissions.title")} testId="statement-emissions-section" empty={empty ? t("statement.emissions.none") : undefined}>
      <h3>{t("statement.emissions.bySource")}</h3>
      <Table
        testId="statement-sources"
        rows={e.bySource}
        rowKey={(s) => String(s.kind)}
        rowTestId="statement-source"
        rowData={(s) => ({ "data-kind": s.kind ?? "" })}
        columns={[
          { key: "source", head: t("statement.col.source"), cell: (s) => kind(s.kind) },
          { key: "readings", head: t("statement.col.readings"), num: true, cell: (s) => f.count(s.readings) },
          { key: "measured", head: t("statement.col.measured"), num: true, cell: (s) => f.kgNumber(s.measured) },
          { key: "repaid", head: t("statement.col.repaid"), num: true, cell: (s) => (s.paidOff > 0n ? `−${f.kgNumber(s.paidOff)}` : "—") },
          { key: "estimated", head: t("statement.col.estimated"), num: true, cell: (s) => (s.estimated > 0n ? f.kgNumber(s.estimated) : "—") },
          { key: "total", head: t("statement.col.totalKg"), num: true, cell: (s) => f.kgNumber(s.total) },
        ]}
        foot={
          <tr>
            <td>{t("statement.col.periodTotal")}</td>
            <td className="num">{f.count(e.readings)}</td>
            <td className="num">{f.kgNumber(e.measured)}</td>
            <td className="num">{e.paidOff > 0n ? `−${f.kgNumber(e.paidOff)}` : "—"}</td>
            <td className="num">{e.estimated > 0n ? f.kgNumber(e.estimated) : "—"}</td>
            <td className="num" data-testid="statement-sources-total">{f.kgNumber(e.total)}</td>
          </tr>
        }
      />
      {e.paidOff > 0n && <p className={styles.note}>{t("statement.emissions.repaidExplain", { kg: f.kgNumber(e.paidOff) })}</p>}

      <h3>{t("statement.emissions.byDay")}</h3>
      <Table
        testId="statement-days"
        rows={e.byDay}
        rowKey={(d) => String(d.day)}
        rowTestId="statement-day"
        rowData={(d) => ({ "data-date": d.date })}
        columns={[
          { key: "day", head: t("statement.col.day"), cell: (d) => f.utcDay(d.day) },
          { key: "readings", head: t("statement.col.readings"), num: true, cell: (d) => f.count(d.readings) },
          { key: "kg", head: t("statement.col.kg"), num: true, cell: (d) => f.kgNumber(d.net) },
          {
            key: "bar",
            head: null,
            decorative: true,
            className: styles.barCell,
            cell: (d) => d.net > 0n && peak > 0n && <div className={styles.bar} style={{ width: `${Number((d.net * 1000n) / peak) / 10}%` }} />,
          },
        ]}
        after={
          e.estimated > 0n && (
            <tr>
              <td>{t("statement.emissions.estimatedRow")}</td>
              <td className="num">—</td>
              <td className="num">{f.kgNumber(e.estimated)}</td>
              <td />
            </tr>
          )
        }
        foot={
          <tr>
            <td>{t("statement.col.periodTotal")}</td>
            <td className="num">{f.count(e.readings)}</td>
            <td className="num">{f.kgNumber(e.total)}</td>
            <td />
          </tr>
        }
      />
      <p className={`${styles.check} ${e.reconciled ? styles.good : styles.bad}`} data-testid="statement-reconciled" data-reconciled={e.reconciled}>
        {e.reconciled ? t("statement.emissions.reconciled") : t("statement.emissions.notReconciled")}
      </p>
    </Section>
  );
}
