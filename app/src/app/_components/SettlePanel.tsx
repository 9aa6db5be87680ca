"use client";
/**
 * Settling: the next period when it is settleable, all past unsettled periods in one click (one
 * transaction each, in order — CarbonBudget has no batch call), and why not yet otherwise. A
 * settlement after a period's reward window registers no reward; the panel says so before it
 * sends one, and reminds while the window is open.
 */
import { useState } from "react";
import { useI18n } from "@/i18n/context";
import { usePcx } from "@/hooks/usePcx";
import { abis } from "@/lib/contracts";
import { formatDuration } from "@/lib/format";
import { formatPeriod } from "@/lib/periods";
import { forfeitsReward, settlePlan, SETTLE_ALL_MAX, type SettleablePeriod } from "@/lib/settlement";
import { dateTime } from "@/lib/time";
import type { DashboardData, Tx } from "./types";

export function SettlePanel({ data, tx, now }: { data: DashboardData; tx: Tx; now: bigint }) {
  const { t, lang, locale } = useI18n();
  const { account, addresses } = usePcx();
  const [confirm, setConfirm] = useState<SettleablePeriod[] | undefined>();
  const [progress, setProgress] = useState<{ i: number; n: number; period: number } | undefined>();
  const plan = settlePlan(data.cal, data.nextSettle, now);
  const label = (p: number) => formatPeriod(data.cal, p, lang);
  const first = plan.ready[0];
  const run = async (periods: SettleablePeriod[]) => {
    setConfirm(undefined);
    for (let i = 0; i < periods.length; i++) {
      setProgress({ i: i + 1, n: periods.length, period: periods[i]!.period });
      const ok = await tx.send({ address: addresses.CarbonBudget!, abi: abis.CarbonBudget, functionName: "settle", args: [account!, periods[i]!.period] });
      if (!ok) break;
    }
    setProgress(undefined);
  };
  const start = (periods: SettleablePeriod[]) => (periods.some((p) => forfeitsReward(p, data.baseline)) ? setConfirm(periods) : void run(periods));
  const busy = tx.busy || progress !== undefined;
  return (
    <div className="action" data-testid="settle-panel">
      <button data-testid="settle" disabled={busy || !first} onClick={() => first && start([first])}>
        {t("states.settlePeriod", { period: label(first?.period ?? data.nextSettle) })}
      </button>
      {plan.ready.length > 1 && (
        <button className="secondary" data-testid="settle-all" disabled={busy} onClick={() => start(plan.ready)}>
          {t("states.settleAll", { n: plan.ready.length })}
        </button>
      )}
      {!first && plan.wait && (
        <p className="muted" data-testid="settle-reason" data-reason={plan.wait.reason}>
          {t(plan.wait.reason === "running" ? "states.settleRunning" : "states.settleGrace", {
            period: label(plan.wait.period),
            at: dateTime(plan.wait.at, lang),
            in: formatDuration(plan.wait.at - now, locale),
          })}
        </p>
      )}
      {plan.ready.length > 1 && (
        <p className="muted" data-testid="settle-all-explain">
          {t("states.settleAllExplain", { from: label(plan.ready[0]!.period), to: label(plan.ready[plan.ready.length - 1]!.period), n: plan.ready.length })}
          {plan.more && ` ${t("states.settleAllMore", { max: SETTLE_ALL_MAX })}`}
        </p>
      )}
      {first && first.rewardOpen && data.baseline > 0n && !confirm && (
        <p className="muted" data-testid="settle-reward-hint">
          {t("states.settleRewardOpen", { period: label(first.period), at: dateTime(first.rewardClosesAt, lang), in: formatDuration(first.rewardClosesAt - now, locale) })}
        </p>
      )}
      {confirm && (
        <div className="confirm" data-testid="settle-forfeit">
          <p>
            {t("states.settleForfeit", {
              periods: confirm.filter((p) => forfeitsReward(p, data.baseline)).map((p) => label(p.period)).join(", "),
            })}
          </p>
          <button data-testid="settle-confirm" onClick={() => void run(confirm)}>{t("states.settleAnyway")}</button>
          <button className="secondary" data-testid="settle-cancel" onClick={() => setConfirm(undefined)}>{t("states.cancel")}</button>
        </div>
      )}
      {progress && progress.n > 1 && (
        <p className="muted" data-testid="settle-progress">{t("states.settleProgress", { i: progress.i, n: progress.n, period: label(progress.period) })}</p>
      )}
    </div>
  );
}
