"use client";
/** The allowance claimed (and what of it paid an earlier deficit first) and the period's settlement. */
import type { Statement } from "@sdk/statement";
import type { MessageKey } from "@/i18n";
import { useFormat } from "../_lib/useFormat";
import { Section, Table } from "./Section";
import { TxRef } from "./TxRef";
import styles from "../statement.module.css";

export function AllowanceSection({ st }: { st: Statement }) {
  const f = useFormat();
  const { t } = f;
  const a = st.allowance;
  const s = st.settlement;
  return (
    <Section title={t("statement.allowance.title")} testId="statement-allowance-section">
      {a ? (
        <dl className={styles.defs}>
          <dt>{t("statement.allowance.claimed")}</dt>
          <dd>{f.kg(a.amount)} · {f.moment(a.ref?.timestamp ?? null)} · <TxRef r={a.ref} /></dd>
          {a.toDeficit > 0n && (
            <>
              <dt>{t("statement.allowance.toDeficit")}</dt>
              <dd data-testid="statement-allowance-to-deficit">{f.kg(a.toDeficit)}</dd>
              <dt>{t("statement.allowance.received")}</dt>
              <dd>{f.kg(a.net)}</dd>
            </>
          )}
        </dl>
      ) : (
        <p className={styles.empty}>{t("statement.allowance.notClaimed")}</p>
      )}
      <h3>{t("statement.settlement.title")}</h3>
      {s ? (
        <dl className={styles.defs} data-testid="statement-settlement">
          <dt>{t("statement.settlement.emissions")}</dt>
          <dd>{f.kg(s.emissions)}</dd>
          <dt>{t("statement.settlement.surrendered")}</dt>
          <dd>{f.kg(s.surrendered)}</dd>
          <dt>{t("statement.settlement.shortfall")}</dt>
          <dd className={s.shortfall > 0n ? styles.bad : undefined}>{f.kg(s.shortfall)}</dd>
          <dt>{t("statement.settlement.baseline")}</dt>
          <dd>{t("statement.settlement.baselineMove", { before: f.kgNumber(s.baselineBefore), after: f.kgNumber(s.baselineAfter) })}</dd>
          <dt>{t("statement.settlement.when")}</dt>
          <dd>
            {f.moment(s.ref.timestamp)} · {s.settler.toLowerCase() === st.account.toLowerCase() ? t("statement.byYou") : t("statement.byOther")} · <TxRef r={s.ref} />
          </dd>
        </dl>
      ) : (
        <p className={styles.empty} data-testid="statement-not-settled">
          {st.status === "settleable" ? t("statement.settlement.settleableNow") : t("statement.settlement.notYet", { at: f.moment(st.settleableAt) })}
        </p>
      )}
      {st.gapEstimates.length > 0 && (
        <>
          <h3>{t("statement.gaps.title")}</h3>
          <p className={styles.note}>{t("statement.gaps.explain")}</p>
          <Table testId="statement-gaps">
            <thead>
              <tr><th>{t("statement.col.source")}</th><th>{t("statement.gaps.uncovered")}</th><th className="num">{t("statement.col.kg")}</th><th>{t("statement.col.reference")}</th></tr>
            </thead>
            <tbody>
              {st.gapEstimates.map((g) => (
                <tr key={`${g.ref.tx}-${g.ref.logIndex}`}>
                  <td>{t(`kind.${g.kind}` as MessageKey)}</td>
                  <td>{f.span(g.uncoveredSeconds)}</td>
                  <td className="num">{f.kgNumber(g.kg)}</td>
                  <td><TxRef r={g.ref} /></td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
      {st.payoffs.length > 0 && (
        <>
          <h3>{t("statement.payoffs.title")}</h3>
          <Table testId="statement-payoffs">
            <thead>
              <tr><th>{t("statement.col.date")}</th><th>{t("statement.col.source")}</th><th className="num">{t("statement.col.kg")}</th><th>{t("statement.col.reference")}</th></tr>
            </thead>
            <tbody>
              {st.payoffs.map((p) => (
                <tr key={`${p.ref.tx}-${p.ref.logIndex}`}>
                  <td>{f.moment(p.ref.timestamp)}</td>
                  <td>{p.kind === null ? t("statement.kindUnknown") : t(`kind.${p.kind}` as MessageKey)}</td>
                  <td className="num">{f.kgNumber(p.kg)}</td>
                  <td><TxRef r={p.ref} /></td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </Section>
  );
}
