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
          <Table
            testId="statement-gaps"
            rows={st.gapEstimates}
            rowKey={(g) => `${g.ref.tx}-${g.ref.logIndex}`}
            columns={[
              { key: "source", head: t("statement.col.source"), cell: (g) => t(`kind.${g.kind}` as MessageKey) },
              { key: "uncovered", head: t("statement.gaps.uncovered"), cell: (g) => f.span(g.uncoveredSeconds) },
              { key: "kg", head: t("statement.col.kg"), num: true, cell: (g) => f.kgNumber(g.kg) },
              { key: "reference", head: t("statement.col.reference"), cell: (g) => <TxRef r={g.ref} /> },
            ]}
          />
        </>
      )}
      {st.payoffs.length > 0 && (
        <>
          <h3>{t("statement.payoffs.title")}</h3>
          <Table
            testId="statement-payoffs"
            rows={st.payoffs}
            rowKey={(p) => `${p.ref.tx}-${p.ref.logIndex}`}
            columns={[
              { key: "date", head: t("statement.col.date"), cell: (p) => f.moment(p.ref.timestamp) },
              { key: "source", head: t("statement.col.source"), cell: (p) => (p.kind === null ? t("statement.kindUnknown") : t(`kind.${p.kind}` as MessageKey)) },
              { key: "kg", head: t("statement.col.kg"), num: true, cell: (p) => f.kgNumber(p.kg) },
              { key: "reference", head: t("statement.col.reference"), cell: (p) => <TxRef r={p.ref} /> },
            ]}
          />
        </>
      )}
    </Section>
  );
}
