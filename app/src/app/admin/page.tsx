"use client";
import { Gate } from "@/components/Gate";
import { TxStatusLine } from "@/components/TxStatus";
import { ErrorState, Skeleton, StateCard, useSteady } from "@/components/states";
import { useAdminState } from "@/hooks/useAdminState";
import { useRoles } from "@/hooks/useRoles";
import { useTx } from "@/hooks/useTx";
import { useI18n } from "@/i18n/context";
import { usePcx } from "@/hooks/usePcx";
import { EnrollSection } from "./_components/EnrollSection";
import { FactorsSection } from "./_components/FactorsSection";
import { FeesSection } from "./_components/FeesSection";
import { ParametersSection } from "./_components/ParametersSection";
import { PauseSection } from "./_components/PauseSection";

function Admin() {
  const { t } = useI18n();
  const { account } = usePcx();
  const roles$ = useRoles();
  const roles = useSteady(roles$);
  const state$ = useAdminState(Boolean(roles.data?.any));
  const state = useSteady(state$);
  const tx = useTx();
  if (roles.error) return <ErrorState error={roles.error} onRetry={() => void roles$.refetch()} />;
  if (!roles.data) return <Skeleton lines={5} />;
  const r = roles.data;
  if (!r.any)
    return (
      <StateCard kind="info" testId="no-roles" title={t("admin.noRoles")}>
        <p>{t("admin.noRolesHint")}</p>
        <p className="muted"><code>{account}</code></p>
      </StateCard>
    );
  if (state.error) return <ErrorState error={state.error} onRetry={() => void state$.refetch()} />;
  if (!state.data) return <Skeleton lines={8} />;
  return (
    <>
      <TxStatusLine state={tx} />
      {r.registrar && <EnrollSection tx={tx} />}
      {r.factorAdmin && <FactorsSection state={state.data} tx={tx} />}
      {r.parameters && <ParametersSection state={state.data} tx={tx} />}
      {(r.tokenPauser || r.oraclePauser || r.bookPauser) && <PauseSection state={state.data} tx={tx} roles={r} />}
      {r.fee && <FeesSection state={state.data} tx={tx} />}
    </>
  );
}

export default function AdminPage() {
  const { t } = useI18n();
  return (
    <div>
      <h1>{t("admin.title")}</h1>
      <Gate purpose="states.noWallet.admin">
        <Admin />
      </Gate>
    </div>
  );
}
