/** Shared types of the dashboard's parts. */
import type { useDashboard } from "@/hooks/useDashboard";
import type { useTx } from "@/hooks/useTx";

export type DashboardData = NonNullable<ReturnType<typeof useDashboard>["data"]>;
export type Tx = ReturnType<typeof useTx>;
