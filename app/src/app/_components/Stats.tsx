"use client";
/** The dashboard's figures, all in kg CO₂e (1 PCC = 1 kg CO₂e, said once under the credits). */
import { useI18n } from "@/i18n/context";
import { kg, kgNumber, percent } from "@/lib/amounts";
import { projectEmissions, rewardEstimate } from "@/lib/budget-math";
import { formatPeriod } from "@/lib/periods";
import { Stat } from "./Stat";
import type { DashboardData } from "./types";

export function Stats({ data }: { data: DashboardData }) {
  const { t, lang } = useI18n();
  const elapsed = data.beforeGenesis ? 0n : data.now - data.start;
  const projected = projectEmissions(data.emissions, elapsed > 0n ? elapsed : 0n, data.end - data.start);
  const reward = data.claimed ? rewardEstimate(data.baseline, projected, data.rewardRateBps) : 0n;
  return (
    <div className="grid">
      <Stat label={t("dashboard.allowance")} value={kg(data.allowance, lang)} testId="allowance" hint={data.claimed ? t("states.stat.claimed") : t("states.stat.notClaimed")} />
      <Stat label={t("states.stat.credits")} value={kg(data.balance, lang)} testId="pcc-balance" hint={t("states.stat.pccIsKg")} />
      <Stat label={t("dashboard.emissions")} value={kg(data.emissions, lang)} testId="emissions" source={data.emissionsSource} />
      <Stat label={t("dashboard.projection")} value={kg(projected, lang)} testId="projection" hint={t("states.stat.projectionHint")} />
      <Stat label={t("dashboard.baseline")} value={data.baseline > 0n ? kg(data.baseline, lang) : t("states.stat.noBaseline")} hint={data.baseline > 0n ? undefined : t("states.stat.baselineHint")} />
      {data.baseline > 0n && data.claimed && (
        <Stat label={t("dashboard.rewardEstimate", { rate: percent(data.rewardRateBps, lang) })} value={kg(reward, lang)} hint={t("states.stat.rewardHint")} />
      )}
      <Stat label={t("dashboard.deficit")} value={kg(data.deficit, lang)} testId="deficit" />
      {data.lastSettled && data.lastSettled.estimated > 0n && (
        <Stat
          label={t("states.gapEstimate", { period: formatPeriod(data.cal, data.lastSettled.period, lang) })}
          value={t("dashboard.estimated", { kg: kgNumber(data.lastSettled.estimated, lang) })}
          testId="gap-estimate"
        />
      )}
    </div>
  );
}
