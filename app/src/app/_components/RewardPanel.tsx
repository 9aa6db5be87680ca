"use client";
/**
 * Registered rewards not claimed yet, one line each: claimable once the period's reward window has
 * closed (a countdown until then) and never while a deficit is open — the button says why it waits.
 */
import { useI18n } from "@/i18n/context";
import { usePcx } from "@/hooks/usePcx";
import { abis } from "@/lib/contracts";
import { kg } from "@/lib/amounts";
import { formatDuration } from "@/lib/format";
import { formatPeriod } from "@/lib/periods";
import { rewardState } from "@/lib/settlement";
import { dateTime } from "@/lib/time";
import type { DashboardData, Tx } from "./types";

export function RewardPanel({ data, tx, now }: { data: DashboardData; tx: Tx; now: bigint }) {
  const { t, lang, locale } = useI18n();
  const { addresses } = usePcx();
  if (data.rewards.length === 0) return null;
  return (
    <div className="action" data-testid="rewards">
      {data.rewards.map((r) => {
        const state = rewardState(data.cal, r.period, now, data.deficit);
        const period = formatPeriod(data.cal, r.period, lang);
        // While the window is open the final amount is not known: other settlements may still share the budget.
        const amount = state.kind === "waiting" ? r.entitlement : r.pending;
        return (
          <div key={r.period} className="reward-row" data-period={r.period} data-state={state.kind}>
            <button
              data-testid="claim-reward"
              disabled={tx.busy || state.kind !== "claimable"}
              onClick={() => void tx.send({ address: addresses.CarbonBudget!, abi: abis.CarbonBudget, functionName: "claimReward", args: [r.period] })}
            >
              {t("states.claimReward", { amount: kg(amount, lang), period })}
            </button>
            {state.kind === "waiting" && (
              <p className="muted" data-testid="reward-reason">
                {t("states.rewardWaiting", { at: dateTime(state.at, lang), in: formatDuration(state.at - now, locale) })}
              </p>
            )}
            {state.kind === "deficit" && <p className="muted" data-testid="reward-blocked">{t("dashboard.rewardBlockedDeficit")}</p>}
          </div>
        );
      })}
    </div>
  );
}
