"use client";
/**
 * An enrolled household with nothing yet: the first steps, in order — bind the required meters,
 * claim the period's allowance — and what happens after.
 */
import Link from "next/link";
import { useI18n } from "@/i18n/context";
import { kg } from "@/lib/amounts";
import { formatPeriod } from "@/lib/periods";
import { kindNames } from "@/lib/revert";
import { ClaimAllowance } from "./ClaimAllowance";
import type { DashboardData, Tx } from "./types";

export function FirstSteps({ data, tx }: { data: DashboardData; tx: Tx }) {
  const { t, lang } = useI18n();
  const metersDone = data.missingMeters === 0;
  return (
    <section className="card state-card state-empty" data-testid="first-steps" data-state="empty">
      <h3 className="state-title">{t("states.firstSteps.title")}</h3>
      <ol className="steps">
        <li className={metersDone ? "done" : "todo"} data-testid="step-meters" data-done={metersDone}>
          <strong>{t("states.firstSteps.meters")}</strong>
          <p className="muted">
            {metersDone ? t("states.firstSteps.metersDone") : t("states.firstSteps.metersTodo", { kinds: kindNames(data.missingMeters, t) })}{" "}
            <Link href="/meters">{t("states.firstSteps.openMeters")}</Link>
          </p>
        </li>
        <li className={data.claimed ? "done" : "todo"} data-testid="step-claim" data-done={data.claimed}>
          <strong>{t("states.firstSteps.claim", { amount: kg(data.allowance, lang), period: formatPeriod(data.cal, data.period, lang) })}</strong>
          <p className="muted">{t("states.firstSteps.claimHint")}</p>
          <ClaimAllowance data={data} tx={tx} />
        </li>
        <li className="todo">
          <strong>{t("states.firstSteps.then")}</strong>
          <p className="muted">{t("states.firstSteps.thenHint")}</p>
        </li>
      </ol>
    </section>
  );
}
