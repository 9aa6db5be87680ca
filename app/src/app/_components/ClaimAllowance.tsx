"use client";
/**
 * Claim this period's allowance, or why it cannot be claimed (missing required meters, already
 * claimed, not enrolled), with where to go next.
 */
import Link from "next/link";
import { useI18n } from "@/i18n/context";
import { usePcx } from "@/hooks/usePcx";
import { abis } from "@/lib/contracts";
import { allowanceBlock } from "@/lib/budget-math";
import { kg } from "@/lib/amounts";
import { formatPeriod } from "@/lib/periods";
import { kindNames } from "@/lib/revert";
import type { DashboardData, Tx } from "./types";

export function ClaimAllowance({ data, tx }: { data: DashboardData; tx: Tx }) {
  const { t, lang } = useI18n();
  const { addresses } = usePcx();
  const block = data.beforeGenesis ? "beforeGenesis" : allowanceBlock({ enrolled: data.enrolled, claimed: data.claimed, missingMeters: data.missingMeters });
  const claim = () => void tx.send({ address: addresses.CarbonBudget!, abi: abis.CarbonBudget, functionName: "claimAllowance", args: [data.period] });
  return (
    <div className="action">
      <button data-testid="claim-allowance" disabled={tx.busy || block !== undefined} onClick={claim}>
        {data.claimed ? t("dashboard.allowanceClaimed") : t("states.claimAllowance", { amount: kg(data.allowance, lang) })}
      </button>
      {block === "missingMeters" && (
        <p className="error" data-testid="claim-blocked">
          {t("dashboard.claimBlockedMissing", { kinds: kindNames(data.missingMeters, t) })} <Link href="/meters">{t("nav.meters")} →</Link>
        </p>
      )}
      {block === "claimed" && <p className="muted" data-testid="claim-reason">{t("states.allowanceClaimedFor", { period: formatPeriod(data.cal, data.period, lang) })}</p>}
      {block === "notEnrolled" && <p className="muted" data-testid="claim-reason">{t("states.claimNotEnrolled")}</p>}
      {block === "beforeGenesis" && <p className="muted" data-testid="claim-reason">{t("dashboard.beforeGenesis")}</p>}
    </div>
  );
}
