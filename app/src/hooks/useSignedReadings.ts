"use client";
/**
 * The dashboard's latest signed readings (lib/signed-readings.ts): the household's meters from
 * the indexer, a sign-in to the oracle only when the person asks for it (one personal_sign in the
 * connected wallet), then the oracle's raw readings polled every POLL_MS while the page is visible
 * — an off-chain read, so new blocks do not refetch it (providers.tsx). The sign-in lives in one
 * session for the page's lifetime: leaving the dashboard and coming back keeps it.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import { getAddress, type Address } from "viem";
import { useConfig } from "wagmi";
import { signMessage } from "wagmi/actions";
import { emissionOracleDomain } from "@sdk/typed-data";
import type { DeviceKind } from "@sdk/units";
import { oracleApiUrl } from "@/generated/contracts";
import { isOracleProblem, OracleSession } from "@/lib/oracle-session";
import { panelState } from "@/lib/signed-panel";
import { latestSignedReadings } from "@/lib/signed-readings";
import { OFF_CHAIN_META } from "./useChainReads";
import { useHistory } from "./useIndexer";
import { usePcx } from "./usePcx";

export const POLL_MS = 15_000;
const session = new OracleSession(oracleApiUrl);

export interface Meter {
  address: Address;
  kind: DeviceKind;
}

export function useSignedReadings() {
  const { account, chainId, addresses } = usePcx();
  const config = useConfig();
  // The account's meters (history: the indexer), without those whose revocation took effect.
  const meters = useHistory(
    ["signed-meters", account],
    async (ix) => {
      const row = await ix.accountOrNone(account!.toLowerCase());
      const now = Date.now() / 1000;
      return (row?.devices ?? [])
        .filter((d) => d.revokedEffectiveAt === null || Number(d.revokedEffectiveAt) > now)
        .map((d): Meter => ({ address: getAddress(d.address), kind: d.kind as DeviceKind }));
    },
    Boolean(account),
  );
  const signedIn = account ? session.signedIn(account) : false;
  const signIn = useMutation({
    mutationFn: () => session.signIn(account!, chainId, (message) => signMessage(config, { account: account!, message })),
  });
  const devices = meters.data ?? [];
  const readings = useQuery({
    queryKey: ["signed-readings", chainId, account, devices.map((d) => d.address).join(",")],
    enabled: signedIn && devices.length > 0 && Boolean(addresses.EmissionOracle),
    meta: OFF_CHAIN_META,
    refetchInterval: POLL_MS,
    retry: (failures, error) => failures < 1 && !isOracleProblem(error, "signInNeeded"),
    queryFn: () =>
      latestSignedReadings(session, account!, devices.map((d) => d.address), emissionOracleDomain(chainId, addresses.EmissionOracle!), Math.floor(Date.now() / 1000)),
  });
  const state = panelState({ signedIn, signing: signIn.isPending, signInError: signIn.error, readError: readings.error, data: readings.data });
  return {
    meters: meters.data,
    state,
    signIn: () => signIn.mutate(),
    /** After "unreachable": the sign-in again if that is what failed, else the read. */
    retry: () => (signedIn ? void readings.refetch() : signIn.mutate()),
  };
}
