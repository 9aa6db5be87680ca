"use client";
/** The period parameters in force and the next scheduled ones; schedule new ones from a future period. */
import { useState } from "react";
import { usePcx } from "@/hooks/usePcx";
import { useCalendar } from "@/hooks/useCalendar";
import { useI18n } from "@/i18n/context";
import { abis } from "@/lib/contracts";
import { kg, percent } from "@/lib/amounts";
import { parseAmount } from "@/lib/format";
import { formatPeriod } from "@/lib/periods";
import { Field, Section, uint } from "./Field";
import type { AdminState, Tx } from "./types";

export function ParametersSection({ state, tx }: { state: AdminState; tx: Tx }) {
  const { t, lang } = useI18n();
  const { addresses } = usePcx();
  const cal = useCalendar().data;
  const [p, setP] = useState({ from: "", allowance: "", budget: "", rate: "" });
  const describe = (x: { allowance: bigint; rewardBudget: bigint; rewardRateBps: number }) =>
    t("admin.parametersValue", { allowance: kg(x.allowance, lang), budget: kg(x.rewardBudget, lang), rate: percent(x.rewardRateBps, lang) });
  const schedule = () => {
    const from = uint(p.from, 2n ** 32n - 1n);
    const allowance = parseAmount(p.allowance, 18);
    const rewardBudget = parseAmount(p.budget, 18);
    const rate = uint(p.rate, 10_000n);
    if (from === undefined || allowance === undefined || rewardBudget === undefined || rate === undefined || allowance >= 2n ** 96n || rewardBudget >= 2n ** 96n) return tx.fail(t("admin.invalidParameters"));
    void tx.send({ address: addresses.CarbonBudget!, abi: abis.CarbonBudget, functionName: "scheduleParameters", args: [Number(from), allowance, rewardBudget, Number(rate)] });
  };
  return (
    <Section
      title={t("admin.parameters")}
      testId="admin-parameters"
      now={
        <>
          <p>{t("admin.parametersNow", { period: cal ? formatPeriod(cal, state.period, lang) : String(state.period), value: describe(state.inForce) })}</p>
          {state.scheduled && <p className="muted">{t("admin.parametersScheduled", { period: cal ? formatPeriod(cal, state.scheduled.fromPeriod, lang) : String(state.scheduled.fromPeriod), value: describe(state.scheduled) })}</p>}
        </>
      }
    >
      <div className="field-row">
        <Field label={t("admin.fromPeriod")} hint={t("admin.periodHint", { period: state.period })}>
          <input value={p.from} onChange={(e) => setP({ ...p, from: e.target.value })} size={8} inputMode="numeric" />
        </Field>
        <Field label={t("admin.allowanceKg")}>
          <input value={p.allowance} onChange={(e) => setP({ ...p, allowance: e.target.value })} size={10} inputMode="decimal" />
        </Field>
        <Field label={t("admin.rewardBudgetKg")}>
          <input value={p.budget} onChange={(e) => setP({ ...p, budget: e.target.value })} size={10} inputMode="decimal" />
        </Field>
        <Field label={t("admin.rateBps")} hint={t("admin.rateHint")}>
          <input value={p.rate} onChange={(e) => setP({ ...p, rate: e.target.value })} size={6} inputMode="numeric" />
        </Field>
      </div>
      <button disabled={tx.busy} onClick={schedule}>{t("admin.schedule")}</button>
    </Section>
  );
}
