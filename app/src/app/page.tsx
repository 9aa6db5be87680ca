"use client";
import { useState } from "react";
import { Gate } from "@/components/Gate";
import { BarChart, BreakdownBars } from "@/components/Charts";
import { TxStatusLine } from "@/components/TxStatus";
import { HistoryUnavailable } from "@/components/IndexerStatus";
import { useDashboard } from "@/hooks/useDashboard";
import { usePcx } from "@/hooks/usePcx";
import { useTx } from "@/hooks/useTx";
import { useI18n } from "@/i18n/context";
import type { MessageKey } from "@/i18n";
import { abis } from "@/lib/contracts";
import { formatBps, formatDuration, formatKg, parseAmount } from "@/lib/format";
import { allowanceBlock, allowanceSplit, rewardBlock } from "@/lib/budget-math";
import { kindNames } from "@/lib/revert";
import Link from "next/link";

function Stat({ label, value, testId, source }: { label: string; value: string; testId?: string; source?: string }) {
  return (
    <div className="card stat">
      <div className="label">{label}</div>
      <div className="value" data-testid={testId} data-source={source}>
        {value}
      </div>
    </div>
  );
}

function Dashboard() {
  const { t, locale } = useI18n();
  const { account, addresses } = usePcx();
  const { data, error, isLoading } = useDashboard();
  const tx = useTx();
  const [payAmount, setPayAmount] = useState("");
  if (isLoading) return <p className="muted">{t("common.loading")}</p>;
  if (error) return <p className="error">{error.message.split("\n")[0]}</p>;
  if (!data) return null;
  const budget = { address: addresses.CarbonBudget!, abi: abis.CarbonBudget };
  const claimBlock = allowanceBlock({ enrolled: data.enrolled, claimed: data.claimed, missingMeters: data.missingMeters });
  const rewardBlocked = rewardBlock({ deficit: data.deficit, pending: data.lastSettled?.pending ?? 0n });
  const split = allowanceSplit(data.allowance, data.deficit);
  const kg = (v: bigint) => `${formatKg(v)} kg`;
  const payDeficit = () => {
    const amount = parseAmount(payAmount, 18);
    if (!amount) return tx.fail(t("form.invalidAmount"));
    if (amount > data.deficit) return tx.fail(t("dashboard.payTooMuch"));
    if (amount > data.balance) return tx.fail(t("form.insufficientBalance"));
    void tx.send({ ...budget, functionName: "payDeficit", args: [account, amount] });
  };
  return (
    <>
      {!data.enrolled && <div className="card error">{t("dashboard.notEnrolled")}</div>}
      <p className="muted">
        {t("dashboard.period", { period: data.period })} · {data.beforeGenesis ? t("dashboard.beforeGenesis") : t("dashboard.endsIn", { time: formatDuration(data.end - data.now, locale) })}
      </p>
      <div className="grid">
        <Stat label={t("dashboard.allowance")} value={kg(data.allowance)} testId="allowance" />
        <Stat label={t("dashboard.balance")} value={kg(data.balance)} testId="pcc-balance" />
        <Stat label={t("dashboard.emissions")} value={kg(data.emissions)} testId="emissions" source={data.emissionsSource} />
        <Stat label={t("dashboard.projection")} value={kg(data.projection)} />
        <Stat label={data.surplus >= 0n ? t("dashboard.surplus") : t("dashboard.deficitProjected")} value={kg(data.surplus >= 0n ? data.surplus : -data.surplus)} />
        <Stat label={t("dashboard.rewardEstimate", { rate: formatBps(data.rewardRateBps) })} value={kg(data.rewardEstimate)} />
        <Stat label={t("dashboard.baseline")} value={kg(data.baseline)} />
        <Stat label={t("dashboard.deficit")} value={kg(data.deficit)} testId="deficit" />
        {data.lastSettled && data.lastSettled.estimated > 0n && (
          <Stat label={t("dashboard.gapEstimate", { period: data.lastSettled.period })} value={t("dashboard.estimated", { kg: formatKg(data.lastSettled.estimated) })} testId="gap-estimate" />
        )}
      </div>
      {data.lastSettled && (
        <div className="card" data-testid="last-settled">
          <p>{t("dashboard.settledEmissions", { period: data.lastSettled.period, kg: formatKg(data.lastSettled.emissions) })}</p>
          {data.lastSettled.estimated > 0n && (
            <p className="muted" data-testid="gap-explain">{t("dashboard.gapExplain", { period: data.lastSettled.period, kg: formatKg(data.lastSettled.estimated) })}</p>
          )}
          {data.lastSettled.withheld !== undefined && data.lastSettled.withheld > 0 && (
            <p data-testid="reward-withheld" data-reason={data.lastSettled.withheld}>
              {t("dashboard.rewardWithheld", { period: data.lastSettled.period, reason: t(`dashboard.withheld.${data.lastSettled.withheld}` as MessageKey) })}
            </p>
          )}
        </div>
      )}
      <div className="card">
        <h3>{t("dashboard.actions")}</h3>
        <button data-testid="claim-allowance" disabled={tx.busy || claimBlock !== undefined} onClick={() => void tx.send({ ...budget, functionName: "claimAllowance", args: [data.period] })}>
          {data.claimed ? t("dashboard.allowanceClaimed") : t("dashboard.claimAllowance")}
        </button>
        <button data-testid="settle" disabled={tx.busy || !data.settleable} onClick={() => void tx.send({ ...budget, functionName: "settle", args: [account, data.nextSettle] })}>
          {t("dashboard.settle", { period: data.nextSettle })}
        </button>
        {data.lastSettled && data.lastSettled.rewardEntitlement > 0n && !data.lastSettled.rewardClaimed && (
          <button data-testid="claim-reward" disabled={tx.busy || rewardBlocked !== undefined} title={rewardBlocked === "deficit" ? t("dashboard.rewardBlockedDeficit") : undefined} onClick={() => void tx.send({ ...budget, functionName: "claimReward", args: [data.lastSettled!.period] })}>
            {t("dashboard.claimReward", { amount: formatKg(data.lastSettled.pending), period: data.lastSettled.period })}
          </button>
        )}
        {data.deficit > 0n && (
          <span>
            <input value={payAmount} onChange={(e) => setPayAmount(e.target.value)} placeholder="kg" size={10} />
            <button disabled={tx.busy} onClick={payDeficit}>
              {t("dashboard.payDeficit")}
            </button>
          </span>
        )}
        {claimBlock === "missingMeters" && (
          <p className="error" data-testid="claim-blocked">
            {t("dashboard.claimBlockedMissing", { kinds: kindNames(data.missingMeters, t) })} <Link href="/meters">{t("nav.meters")} →</Link>
          </p>
        )}
        {data.deficit > 0n && (
          <p className="error" data-testid="deficit-notice">
            {t("dashboard.deficitOpen", { kg: formatKg(data.deficit), paid: formatKg(split.toDeficit), net: formatKg(split.net) })}
          </p>
        )}
        {rewardBlocked === "deficit" && data.lastSettled && data.lastSettled.rewardEntitlement > 0n && !data.lastSettled.rewardClaimed && (
          <p className="muted" data-testid="reward-blocked">{t("dashboard.rewardBlockedDeficit")}</p>
        )}
        <TxStatusLine state={tx} />
      </div>
      <div className="grid">
        <div className="card">
          <h3>{t("dashboard.emissionsByPeriod")}</h3>
          <HistoryUnavailable error={data.historyError} />
          {data.byPeriod.length === 0 ? (
            <p className="muted">{t("dashboard.noReadings")}</p>
          ) : (
            <BarChart testId="emissions-chart" data={data.byPeriod.map(([p, v]) => ({ label: `#${p}`, value: Number(formatKg(v, 6).replace(/,/g, "")) }))} />
          )}
        </div>
        <div className="card">
          <h3>{t("dashboard.bySource")}</h3>
          {data.byKind.length === 0 ? (
            <p className="muted">{t("dashboard.noReadings")}</p>
          ) : (
            <BreakdownBars data={data.byKind.map(([k, v]) => ({ label: t(`kind.${k}` as MessageKey), value: Number(formatKg(v, 6).replace(/,/g, "")) }))} />
          )}
        </div>
      </div>
    </>
  );
}

export default function DashboardPage() {
  const { t } = useI18n();
  return (
    <div>
      <h1>{t("dashboard.title")}</h1>
      <Gate>
        <Dashboard />
      </Gate>
    </div>
  );
}
