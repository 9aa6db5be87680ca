"use client";
/**
 * Everything the dashboard shows for an enrolled (or formerly enrolled) account. Nothing here is
 * asked before Registry.enrolledAt says the account was enrolled, so an unenrolled account's
 * dashboard makes no call that reverts (useEnrollment answers it).
 *
 * Current state from the chain (batches of reads): the period's budget, missing required meters,
 * the open deficit, the booked emissions of past periods not settled yet, the last settled period;
 * history from the indexer, keyed on its progress (hooks/useIndexer.ts): the emissions booked per
 * period (measured − paid off + estimated, as emissionsOf), whether a settled period's reward was
 * withheld, and which settled periods still have a reward to claim. (The charts read their own
 * series: hooks/useEmissionSeries.ts.)
 * The period's emission figure is the indexer's; while the indexer cannot be reached it is the chain's.
 */
import { useMemo } from "react";
import type { Address } from "viem";
import { abis } from "@/lib/contracts";
import { periodEnd, periodOf, periodStart } from "@/lib/periods";
import { SETTLE_ALL_MAX } from "@/lib/settlement";
import { usePcx } from "./usePcx";
import { useChainReads } from "./useChainReads";
import { useHistory } from "./useIndexer";
import { useCalendar } from "./useCalendar";
import { useEnrollment } from "./useEnrollment";

export interface RewardClaim {
  period: number;
  entitlement: bigint;
  pending: bigint;
}

export function useDashboard() {
  const { account, addresses } = usePcx();
  const enrollment = useEnrollment();
  const calendar = useCalendar();
  const cal = calendar.data;
  const wasEnrolled = enrollment.data !== undefined && enrollment.data.enrolledAt > 0n;
  const chain = useChainReads(
    "dashboard",
    [account, addresses.CarbonBudget],
    async ({ read, client }) => {
      const me = account as Address;
      const budget = { address: addresses.CarbonBudget!, abi: abis.CarbonBudget } as const;
      const registry = { address: addresses.Registry!, abi: abis.Registry } as const;
      const oracle = { address: addresses.EmissionOracle!, abi: abis.EmissionOracle } as const;
      const block = await client.getBlock();
      const now = block.timestamp;
      const beforeGenesis = periodOf(cal!, now) === undefined;
      const period = periodOf(cal!, now) ?? 0;
      const [params, claimed, emissions, balance, deficit, baseline, nextSettle, missingMeters] = await read([
        { ...budget, functionName: "parametersAt", args: [period] },
        { ...budget, functionName: "allowanceClaimed", args: [me, period] },
        { ...oracle, functionName: "emissionsOf", args: [me, period] },
        { address: addresses.CarbonCredit!, abi: abis.CarbonCredit, functionName: "balanceOf", args: [me] },
        { ...budget, functionName: "deficitOf", args: [me] },
        { ...budget, functionName: "baselineOf", args: [me] },
        { ...budget, functionName: "nextSettlementPeriod", args: [me] },
        { ...registry, functionName: "missingMeters", args: [me] },
      ] as const);
      // Past periods not settled yet: their booked emissions will be surrendered first.
      const pastUnsettled = Array.from({ length: Math.max(0, Math.min(period - nextSettle, SETTLE_ALL_MAX)) }, (_, i) => nextSettle + i);
      const pastEmissions = pastUnsettled.length ? await read(pastUnsettled.map((p) => ({ ...oracle, functionName: "emissionsOf" as const, args: [me, p] as const }))) : [];
      const unsettledPast = pastEmissions.reduce((s, v) => s + v, 0n);
      let lastSettled: { period: number; emissions: bigint; estimated: bigint; rewardEntitlement: bigint; rewardClaimed: boolean; pending: bigint } | undefined;
      if (nextSettle > 0) {
        const p = nextSettle - 1;
        const [s, pending, estimated] = await read([
          { ...budget, functionName: "settlement", args: [me, p] },
          { ...budget, functionName: "pendingReward", args: [me, p] },
          { ...oracle, functionName: "estimatedOf", args: [me, p] },
        ] as const);
        if (s.settled) lastSettled = { period: p, emissions: s.emissions, estimated, rewardEntitlement: s.rewardEntitlement, rewardClaimed: s.rewardClaimed, pending };
      }
      return { now, period, beforeGenesis, params, claimed, emissions, balance, deficit, baseline, nextSettle, missingMeters, unsettledPast, lastSettled };
    },
    { enabled: Boolean(account && addresses.CarbonBudget && cal && wasEnrolled) },
  );
  // Every period's booked emissions (the indexer): this period's figure, a settled period's
  // withheld reward and which rewards are left to claim. Asked at once, not after the chain reads.
  const history = useHistory(
    ["dashboard", account],
    async (ix) => ({ periods: await ix.collect((q) => ix.accountPeriods(account as Address, q)) }),
    Boolean(account),
  );
  // Settled periods with a registered reward not claimed yet (the indexer), and what each pays now (the chain).
  const candidates = useMemo(() => {
    const set = new Set<number>();
    for (const r of history.data?.periods ?? []) if (r.settled && BigInt(r.rewardEntitlement) > 0n && BigInt(r.rewardClaimed) === 0n) set.add(r.period);
    const last = chain.data?.lastSettled;
    if (last && last.rewardEntitlement > 0n && !last.rewardClaimed) set.add(last.period);
    return [...set].sort((a, b) => a - b).slice(-SETTLE_ALL_MAX);
  }, [history.data, chain.data?.lastSettled]);
  const rewards = useChainReads(
    "dashboard-rewards",
    [account, candidates.join(",")],
    async ({ read }): Promise<RewardClaim[]> => {
      const budget = { address: addresses.CarbonBudget!, abi: abis.CarbonBudget } as const;
      const me = account as Address;
      const [settlements, pendings] = await Promise.all([
        read(candidates.map((p) => ({ ...budget, functionName: "settlement" as const, args: [me, p] as const }))),
        read(candidates.map((p) => ({ ...budget, functionName: "pendingReward" as const, args: [me, p] as const }))),
      ]);
      return candidates.flatMap((p, i) => {
        const s = settlements[i]!;
        return s.rewardEntitlement > 0n && !s.rewardClaimed ? [{ period: p, entitlement: s.rewardEntitlement, pending: pendings[i]! }] : [];
      });
    },
    { enabled: Boolean(account && addresses.CarbonBudget && candidates.length > 0) },
  );
  const data = useMemo(() => {
    const d = chain.data;
    if (!d || !cal) return undefined;
    const h = history.data;
    const row = h?.periods.find((r) => r.period === d.period);
    // The indexer's figure once it has indexed up to the chain's head; the chain's otherwise.
    const indexed = h !== undefined && history.progress.behind === 0 && !history.isError;
    const emissions = indexed ? BigInt(row?.emissions ?? 0) : d.emissions;
    const withheldRow = d.lastSettled ? h?.periods.find((r) => r.period === d.lastSettled!.period) : undefined;
    const start = periodStart(cal, d.period);
    const end = periodEnd(cal, d.period);
    return {
      cal,
      now: d.now,
      period: d.period,
      beforeGenesis: d.beforeGenesis,
      start,
      end,
      enrolled: enrollment.data?.enrolled ?? false,
      missingMeters: d.missingMeters,
      allowance: d.params.allowance,
      rewardRateBps: d.params.rewardRateBps,
      claimed: d.claimed,
      emissions,
      emissionsSource: indexed ? ("indexer" as const) : ("chain" as const),
      chainEmissions: d.emissions,
      balance: d.balance,
      deficit: d.deficit,
      baseline: d.baseline,
      nextSettle: d.nextSettle,
      unsettledPast: d.unsettledPast,
      lastSettled: d.lastSettled && { ...d.lastSettled, withheld: withheldRow?.rewardWithheldReason ?? undefined },
      rewards: rewards.data ?? [],
      historyError: history.error,
    };
  }, [chain.data, cal, history.data, history.isError, history.error, history.progress.behind, rewards.data, enrollment.data?.enrolled]);
  return {
    data,
    enrollment: enrollment.data,
    enrollmentError: enrollment.error,
    enrollmentFetching: enrollment.isFetching,
    error: chain.error ?? calendar.error,
    isFetching: chain.isFetching || calendar.isFetching,
    refetch: () => {
      void enrollment.refetch();
      void calendar.refetch();
      void chain.refetch();
    },
  };
}
