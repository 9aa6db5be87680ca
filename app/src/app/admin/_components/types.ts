import type { useAdminState } from "@/hooks/useAdminState";
import type { useTx } from "@/hooks/useTx";

export type AdminState = NonNullable<ReturnType<typeof useAdminState>["data"]>;
export type Tx = ReturnType<typeof useTx>;
