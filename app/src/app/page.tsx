"use client";
import Link from "next/link";
import { Gate } from "@/components/Gate";
import { TxStatusLine } from "@/components/TxStatus";
import { ErrorState, NotEnrolled, SkeletonStats, useSteady } from "@/components/states";
import { useDashboard } from "@/hooks/useDashboard";
import { useChainNow } from "@/hooks/useClock";
import { usePcx } from "@/hooks/usePcx";
import { useTx } from "@/hooks/useTx";
import { useI18n } from "@/i18n/context";
import { settlePlan } from "@/lib/settlement";
import { projectEmissions } from "@/lib/budget-math";
import { ClaimAllowance } from "./_components/ClaimAllowance";
import { DeficitPanel } from "./_components/DeficitPanel";
import { FirstSteps } from "./_components/FirstSteps";
import { LastSettled } from "./_components/LastSettled";
import { PeriodHeader } from "./_components/PeriodHeader";
import { Position } from "./_components/Position";
import { RewardPanel } from "./_components/RewardPanel";
import { SettlePanel } from "./_components/SettlePanel";
import { Stats } from "./_components/Stats";
import { EmissionCharts } from "./_components/EmissionCharts";
import { SignedReadings } from "./_components/SignedReadings";

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
  // The meters' newest signed readings (enrolled households with a bound meter; keyed on the
  // account so another account starts from its own sign-in).
  const latest = enrollment.data.state === "enrolled" && <SignedReadings key={account} />;
  if (newcomer)
    return (
      <>
        <PeriodHeader data={data} now={now} />
        <FirstSteps data={data} tx={tx} />
        <TxStatusLine state={tx} />
        {latest}
      </>
    );
  return (
    <>
      {enrollment.data.state === "ended" && <NotEnrolled account={account!} state="ended" />}
      <PeriodHeader data={data} now={now} />
      <p className="no-print"><Link href={`/statement${data.lastSettled ? `?period=${data.lastSettled.period}` : ""}`} data-testid="statement-link">{t("dashboard.statementLink")} →</Link></p>
      {data.enrolled && <Position data={data} />}
      <Stats data={data} />
      {latest}
      <LastSettled data={data} />
      <div className="card" data-testid="actions">
        <h3>{t("dashboard.actions")}</h3>
        {data.enrolled && <ClaimAllowance data={data} tx={tx} />}
        <SettlePanel data={data} tx={tx} now={now} />
        <RewardPanel data={data} tx={tx} now={now} />
        <DeficitPanel data={data} tx={tx} />
        <TxStatusLine state={tx} />
      </div>
      <EmissionCharts period={data.period} start={data.start} end={data.end} now={data.now} allowance={data.allowance} baseline={data.baseline} projection={projectEmissions(data.emissions, data.beforeGenesis || data.now < data.start ? 0n : data.now - data.start, data.end - data.start)} />
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
