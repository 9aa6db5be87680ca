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
      <Table testId="statement-sources">
        <thead>
          <tr>
            <th>{t("statement.col.source")}</th>
            <th className="num">{t("statement.col.readings")}</th>
            <th className="num">{t("statement.col.measured")}</th>
            <th className="num">{t("statement.col.repaid")}</th>
            <th className="num">{t("statement.col.estimated")}</th>
            <th className="num">{t("statement.col.totalKg")}</th>
          </tr>
        </thead>
        <tbody>
          {e.bySource.map((s) => (
            <tr key={String(s.kind)} data-testid="statement-source" data-kind={s.kind ?? ""}>
              <td>{kind(s.kind)}</td>
              <td className="num">{f.count(s.readings)}</td>
              <td className="num">{f.kgNumber(s.measured)}</td>
              <td className="num">{s.paidOff > 0n ? `−${f.kgNumber(s.paidOff)}` : "—"}</td>
              <td className="num">{s.estimated > 0n ? f.kgNumber(s.estimated) : "—"}</td>
              <td className="num">{f.kgNumber(s.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>{t("statement.col.periodTotal")}</td>
            <td className="num">{f.count(e.readings)}</td>
            <td className="num">{f.kgNumber(e.measured)}</td>
            <td className="num">{e.paidOff > 0n ? `−${f.kgNumber(e.paidOff)}` : "—"}</td>
            <td className="num">{e.estimated > 0n ? f.kgNumber(e.estimated) : "—"}</td>
            <td className="num" data-testid="statement-sources-total">{f.kgNumber(e.total)}</td>
          </tr>
        </tfoot>
      </Table>
      {e.paidOff > 0n && <p className={styles.note}>{t("statement.emissions.repaidExplain", { kg: f.kgNumber(e.paidOff) })}</p>}

      <h3>{t("statement.emissions.byDay")}</h3>
      <Table testId="statement-days">
        <thead>
          <tr>
            <th>{t("statement.col.day")}</th>
            <th className="num">{t("statement.col.readings")}</th>
            <th className="num">{t("statement.col.kg")}</th>
            <th className={styles.barCell} aria-hidden />
          </tr>
        </thead>
        <tbody>
          {e.byDay.map((d) => (
            <tr key={d.day} data-testid="statement-day" data-date={d.date}>
              <td>{f.utcDay(d.day)}</td>
              <td className="num">{f.count(d.readings)}</td>
              <td className="num">{f.kgNumber(d.net)}</td>
              <td className={styles.barCell}>
                {d.net > 0n && peak > 0n && <div className={styles.bar} style={{ width: `${Number((d.net * 1000n) / peak) / 10}%` }} />}
              </td>
            </tr>
          ))}
          {e.estimated > 0n && (
            <tr>
              <td>{t("statement.emissions.estimatedRow")}</td>
              <td className="num">—</td>
              <td className="num">{f.kgNumber(e.estimated)}</td>
              <td />
            </tr>
          )}
        </tbody>
        <tfoot>
          <tr>
            <td>{t("statement.col.periodTotal")}</td>
            <td className="num">{f.count(e.readings)}</td>
            <td className="num">{f.kgNumber(e.total)}</td>
            <td />
          </tr>
        </tfoot>
      </Table>
      <p className={`${styles.check} ${e.reconciled ? styles.good : styles.bad}`} data-testid="statement-reconciled" data-reconciled={e.reconciled}>
        {e.reconciled ? t("statement.emissions.reconciled") : t("statement.emissions.notReconciled")}
      </p>
    </Section>
  );
}
