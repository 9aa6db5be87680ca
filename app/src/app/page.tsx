"use client";
import Link from "next/link";
import { Gate } from "@/components/Gate";
import { BarChart, BreakdownBars } from "@/components/Charts";
import { TxStatusLine } from "@/components/TxStatus";
import { HistoryUnavailable } from "@/components/IndexerStatus";
import { ErrorState, NotEnrolled, SkeletonStats, useSteady } from "@/components/states";
import { useDashboard } from "@/hooks/useDashboard";
import { useChainNow } from "@/hooks/useClock";
import { usePcx } from "@/hooks/usePcx";
import { useTx } from "@/hooks/useTx";
import { useI18n } from "@/i18n/context";
import type { MessageKey } from "@/i18n";
import { formatKg } from "@/lib/format";
import { settlePlan } from "@/lib/settlement";
import { ClaimAllowance } from "./_components/ClaimAllowance";
import { DeficitPanel } from "./_components/DeficitPanel";
import { FirstSteps } from "./_components/FirstSteps";
import { LastSettled } from "./_components/LastSettled";
import { PeriodHeader } from "./_components/PeriodHeader";
import { Position } from "./_components/Position";
import { RewardPanel } from "./_components/RewardPanel";
import { SettlePanel } from "./_components/SettlePanel";
import { Stats } from "./_components/Stats";

function Dashboard() {
  const { t } = useI18n();
  const { account } = usePcx();
  const dashboard = useDashboard();
  const tx = useTx();
  const enrollment = useSteady({ data: dashboard.enrollment, error: dashboard.enrollmentError, isFetching: dashboard.enrollmentFetching });
  const steady = useSteady({ data: dashboard.data, error: dashboard.error, isFetching: dashboard.isFetching });
  const now = useChainNow(dashboard.data?.now);
  if (enrollment.error) return <ErrorState error={enrollment.error} onRetry={dashboard.refetch} />;
  if (!enrollment.data) return <SkeletonStats />;
  if (enrollment.data.state === "never") return <NotEnrolled account={account!} state="never" />;
  if (steady.error) return <ErrorState error={steady.error} onRetry={dashboard.refetch} />;
  const data = steady.data;
  if (!data || now === undefined) return <SkeletonStats />;
  const plan = settlePlan(data.cal, data.nextSettle, now);
  const newcomer = data.enrolled && !data.claimed && data.balance === 0n && data.deficit === 0n && !data.lastSettled && data.emissions === 0n && plan.ready.length === 0;
  if (newcomer)
    return (
      <>
        <PeriodHeader data={data} now={now} />
        <FirstSteps data={data} tx={tx} />
        <TxStatusLine state={tx} />
      </>
    );
  return (
    <>
      {enrollment.data.state === "ended" && <NotEnrolled account={account!} state="ended" />}
      <PeriodHeader data={data} now={now} />
      <p className="no-print"><Link href={`/statement${data.lastSettled ? `?period=${data.lastSettled.period}` : ""}`} data-testid="statement-link">{t("dashboard.statementLink")} →</Link></p>
      {data.enrolled && <Position data={data} />}
      <Stats data={data} />
      <LastSettled data={data} />
      <div className="card" data-testid="actions">
        <h3>{t("dashboard.actions")}</h3>
        {data.enrolled && <ClaimAllowance data={data} tx={tx} />}
        <SettlePanel data={data} tx={tx} now={now} />
        <RewardPanel data={data} tx={tx} now={now} />
        <DeficitPanel data={data} tx={tx} />
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
      <Gate purpose="states.noWallet.dashboard">
        <Dashboard />
      </Gate>
    </div>
  );
}
