"use client";
/** The reward the settlement registered (or why it was withheld) and its claims. */
import type { Statement } from "@sdk/statement";
import type { MessageKey } from "@/i18n";
import { useFormat } from "../_lib/useFormat";
import { Section } from "./Section";
import { TxRef } from "./TxRef";
import styles from "../statement.module.css";

export function RewardsSection({ st }: { st: Statement }) {
  const f = useFormat();
  const { t } = f;
  const r = st.rewards;
  if (!st.settlement) return <Section title={t("statement.rewards.title")} testId="statement-rewards-section" empty={t("statement.rewards.afterSettlement")} />;
  return (
    <Section title={t("statement.rewards.title")} testId="statement-rewards-section">
      <dl className={styles.defs}>
        <dt>{t("statement.rewards.entitlement")}</dt>
        <dd>{f.kg(r.entitlement)}</dd>
        {r.withheld !== null && r.withheld > 0 && (
          <>
            <dt>{t("statement.rewards.withheld")}</dt>
            <dd data-testid="statement-reward-withheld">{t(`dashboard.withheld.${r.withheld}` as MessageKey)}</dd>
          </>
        )}
        <dt>{t("statement.rewards.claimed")}</dt>
        <dd>{f.kg(r.claimed)}</dd>
      </dl>
      {r.claims.map((c) => (
        <p key={c.ref.tx} className={styles.note}>
          {t("statement.rewards.claim", { kg: f.kgNumber(c.amount), entitlement: f.kgNumber(c.entitlement), date: f.moment(c.ref.timestamp) })} <TxRef r={c.ref} />
        </p>
      ))}
    </Section>
  );
}
