"use client";
/** The statement's letterhead (household, period, status, provenance) and its headline figures. */
import type { Statement } from "@sdk/statement";
import type { MessageKey } from "@/i18n";
import { networkName } from "@/lib/chains";
import { useFormat } from "../_lib/useFormat";
import styles from "../statement.module.css";

function Figure({ label, value, sub, testId, tone }: { label: string; value: string; sub?: string; testId?: string; tone?: "good" | "bad" }) {
  return (
    <div className={styles.figure}>
      <div className={styles.label}>{label}</div>
      <div className={`${styles.value} ${tone ? styles[tone] : ""}`} data-testid={testId}>{value}</div>
      {sub && <div className={styles.sub}>{sub}</div>}
    </div>
  );
}

export function StatementHeader({ st, chainId, preparedAt }: { st: Statement; chainId: number; preparedAt: number }) {
  const f = useFormat();
  const { t } = f;
  const surplus = st.position >= 0n;
  const netKg = st.tradeTotals.boughtKg - st.tradeTotals.soldKg;
  return (
    <>
      <header className={styles.head}>
        <div>
          <div className={styles.brand}>{t("statement.brand")}</div>
          <h1>{t("statement.heading")}</h1>
          <div className={styles.range} data-testid="statement-range">
            {f.range(st.start, st.end)}
            <span className={styles.status} data-status={st.status} data-testid="statement-status">
              {t(`statement.status.${st.status}` as MessageKey)}
            </span>
          </div>
          {st.status === "grace" && <p className={styles.note}>{t("statement.graceUntil", { at: f.moment(st.settleableAt) })}</p>}
        </div>
        <div className={styles.meta}>
          <div>{t("statement.household")}</div>
          <code data-testid="statement-account">{st.account}</code>
          <div>{t("statement.asOf", { block: f.count(st.asOfBlock), chain: networkName(chainId, t), date: f.moment(preparedAt) })}</div>
        </div>
      </header>
      <div className={styles.summary} data-testid="statement-summary">
        <Figure label={t("statement.fig.emissions")} value={f.kg(st.emissions.total)} testId="statement-emissions"
          sub={st.emissions.estimated > 0n ? t("statement.fig.ofWhichEstimated", { kg: f.kgNumber(st.emissions.estimated) }) : undefined} />
        <Figure label={t("statement.fig.allowance")} value={st.allowance ? f.kg(st.allowance.amount) : t("statement.fig.notClaimed")} testId="statement-allowance" />
        <Figure label={surplus ? t("statement.fig.under") : t("statement.fig.over")} value={f.kg(surplus ? st.position : -st.position)} tone={surplus ? "good" : "bad"} />
        <Figure label={t("statement.fig.traded")} value={st.trades.length === 0 ? "—" : f.kg(netKg >= 0n ? netKg : -netKg)}
          sub={st.trades.length === 0 ? undefined : netKg >= 0n ? t("statement.fig.netBought") : t("statement.fig.netSold")} />
        <Figure label={t("statement.fig.retired")} value={f.kg(st.retired)} />
        <Figure label={t("statement.fig.deficit")} value={f.kg(st.deficit.outstanding)} testId="statement-deficit" tone={st.deficit.outstanding > 0n ? "bad" : undefined}
          sub={st.deficit.opened > 0n ? t("statement.fig.deficitOpened", { kg: f.kgNumber(st.deficit.opened) }) : undefined} />
      </div>
    </>
  );
}
