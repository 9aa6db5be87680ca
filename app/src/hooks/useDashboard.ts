"use client";
/**
 * Everything the dashboard shows for the connected account. Current state from the chain (one
 * batch of reads: the period's budget, missing required meters, the open deficit, the last
 * settled period); history from the indexer, keyed on its progress (hooks/useIndexer.ts): the
 * emissions booked per period (measured − paid off + estimated, as emissionsOf), per device kind
 * this period, and whether a settled period's reward was withheld (RewardWithheld). The period's
 * emission figure is the indexer's; while the indexer cannot be reached it is the chain's.
 */
import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { useConfig, usePublicClient } from "wagmi";
import { readContracts } from "wagmi/actions";
import type { Address } from "viem";
import { abis } from "@/lib/contracts";
import { usePcx } from "./usePcx";
import { useHistory } from "./useIndexer";
import { projectEmissions, rewardEstimate } from "@/lib/budget-math";

export function useDashboard() {
  const client = usePublicClient();
  const config = useConfig();
  const { account, addresses, chainId } = usePcx();
  const chain = useQuery({
    queryKey: ["dashboard", chainId, account, addresses.CarbonBudget],
    enabled: Boolean(client && account && addresses.CarbonBudget && addresses.PeriodCalendar),
    queryFn: async () => {
      const c = client!;
      const me = account as Address;
      const cal = { address: addresses.PeriodCalendar!, abi: abis.PeriodCalendar } as const;
      const budget = { address: addresses.CarbonBudget!, abi: abis.CarbonBudget } as const;
      const registry = { address: addresses.Registry!, abi: abis.Registry } as const;
      const oracle = { address: addresses.EmissionOracle!, abi: abis.EmissionOracle } as const;
      const block = await c.getBlock();
      const now = block.timestamp;
      const genesis = await c.readContract({ ...cal, functionName: "genesis" });
      const beforeGenesis = now < genesis;
      const period = beforeGenesis ? 0 : await c.readContract({ ...cal, functionName: "currentPeriod" });
      const [start, end, grace, params, claimed, emissions, balance, deficit, baseline, nextSettle, enrolled, missingMeters] = await readContracts(config, {
        allowFailure: false,
        contracts: [
          { ...cal, functionName: "periodStart", args: [period] },
          { ...cal, functionName: "periodEnd", args: [period] },
          { ...cal, functionName: "gracePeriod" },
          { ...budget, functionName: "parametersAt", args: [period] },
          { ...budget, functionName: "allowanceClaimed", args: [me, period] },
          { ...oracle, functionName: "emissionsOf", args: [me, period] },
          { address: addresses.CarbonCredit!, abi: abis.CarbonCredit, functionName: "balanceOf", args: [me] },
          { ...budget, functionName: "deficitOf", args: [me] },
          { ...budget, functionName: "baselineOf", args: [me] },
          { ...budget, functionName: "nextSettlementPeriod", args: [me] },
          { ...registry, functionName: "isEnrolled", args: [me] },
          { ...registry, functionName: "missingMeters", args: [me] },
        ] as const,
      });
      const nextSettleEnd = await c.readContract({ ...cal, functionName: "periodEnd", args: [nextSettle] });
      const settleable = enrolled && nextSettle < period && nextSettleEnd + grace <= now;
      let lastSettled: { period: number; emissions: bigint; estimated: bigint; rewardEntitlement: bigint; rewardClaimed: boolean; pending: bigint } | undefined;
      if (nextSettle > 0) {
        const p = nextSettle - 1;
        const [s, pending, estimated] = await readContracts(config, {
          allowFailure: false,
          contracts: [
            { ...budget, functionName: "settlement", args: [me, p] },
            { ...budget, functionName: "pendingReward", args: [me, p] },
            { ...oracle, functionName: "estimatedOf", args: [me, p] },
          ] as const,
        });
        if (s.settled) lastSettled = { period: p, emissions: s.emissions, estimated, rewardEntitlement: s.rewardEntitlement, rewardClaimed: s.rewardClaimed, pending };
      }
      return { now, period, beforeGenesis, start, end, enrolled, missingMeters, params, claimed, emissions, balance, deficit, baseline, nextSettle, settleable, lastSettled };
    },
  });
  const period = chain.data?.period;
  const history = useHistory(
    ["dashboard", account, period],
    async (ix) => {
      const me = account as Address;
      const [periods, devices] = await Promise.all([ix.collect((q) => ix.accountPeriods(me, q)), ix.periodDevices(me, period!)]);
      return { periods, devices: devices.items };
    },
    Boolean(account && period !== undefined),
  );
  const data = useMemo(() => {
    const d = chain.data;
    if (!d) return undefined;
    const h = history.data;
    const row = h?.periods.find((r) => r.period === d.period);
    // The indexer's figure once it has indexed up to the chain's head; the chain's otherwise.
    const indexed = h !== undefined && history.progress.behind === 0 && !history.isError;
    const emissions = indexed ? BigInt(row?.emissions ?? 0) : d.emissions;
    const byKind = new Map<number, bigint>();
    for (const dev of h?.devices ?? []) {
      const kg = BigInt(dev.kg);
      if (kg > 0n && dev.kind !== null) byKind.set(dev.kind, (byKind.get(dev.kind) ?? 0n) + kg);
    }
    const withheldRow = d.lastSettled ? h?.periods.find((r) => r.period === d.lastSettled!.period) : undefined;
    const elapsed = d.beforeGenesis ? 0n : d.now - d.start;
    const projection = projectEmissions(emissions, elapsed, d.end - d.start);
    return {
      now: d.now,
      period: d.period,
      beforeGenesis: d.beforeGenesis,
      start: d.start,
      end: d.end,
      enrolled: d.enrolled,
      missingMeters: d.missingMeters,
      allowance: d.params.allowance,
      rewardRateBps: d.params.rewardRateBps,
      claimed: d.claimed,
      emissions,
      emissionsSource: indexed ? ("indexer" as const) : ("chain" as const),
      chainEmissions: d.emissions,
      projection,
      surplus: d.params.allowance - projection,
      rewardEstimate: rewardEstimate(d.baseline, projection, d.params.rewardRateBps),
      balance: d.balance,
      deficit: d.deficit,
      baseline: d.baseline,
      nextSettle: d.nextSettle,
      settleable: d.settleable,
      lastSettled: d.lastSettled && { ...d.lastSettled, withheld: withheldRow?.rewardWithheldReason ?? undefined },
      byPeriod: (h?.periods ?? []).filter((r) => BigInt(r.emissions) !== 0n || r.readings > 0).map((r) => [r.period, BigInt(r.emissions)] as [number, bigint]).slice(-12),
      byKind: [...byKind.entries()].sort((a, b) => (b[1] > a[1] ? 1 : -1)),
      historyError: history.error,
    };
  }, [chain.data, history.data, history.isError, history.error, history.progress.behind]);
  return { data, error: chain.error, isLoading: chain.isLoading };
}
