"use client";
/**
 * Everything the dashboard shows for the connected account, read from the chain in one query:
 * the period's budget, the missing required meters (no allowance until they are bound), the open
 * deficit (paid first by the next allowance), and the last settled period with its gap estimate
 * and, if a reduction earned nothing, why (RewardWithheld).
 */
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address } from "viem";
import { abis } from "@/lib/contracts";
import { usePcx } from "./usePcx";
import { projectEmissions, rewardEstimate } from "@/lib/budget-math";

export function useDashboard() {
  const client = usePublicClient();
  const { account, addresses, chainId } = usePcx();
  return useQuery({
    queryKey: ["dashboard", chainId, account, addresses.CarbonBudget],
    enabled: Boolean(client && account && addresses.CarbonBudget && addresses.PeriodCalendar),
    queryFn: async () => {
      const c = client!;
      const me = account as Address;
      const cal = { address: addresses.PeriodCalendar!, abi: abis.PeriodCalendar } as const;
      const budget = { address: addresses.CarbonBudget!, abi: abis.CarbonBudget } as const;
      const block = await c.getBlock();
      const now = block.timestamp;
      const genesis = await c.readContract({ ...cal, functionName: "genesis" });
      const beforeGenesis = now < genesis;
      const period = beforeGenesis ? 0 : await c.readContract({ ...cal, functionName: "currentPeriod" });
      const registry = { address: addresses.Registry!, abi: abis.Registry } as const;
      const oracle = { address: addresses.EmissionOracle!, abi: abis.EmissionOracle } as const;
      const [start, end, grace, params, claimed, emissions, balance, deficit, baseline, nextSettle, enrolled, missingMeters] = await Promise.all([
        c.readContract({ ...cal, functionName: "periodStart", args: [period] }),
        c.readContract({ ...cal, functionName: "periodEnd", args: [period] }),
        c.readContract({ ...cal, functionName: "gracePeriod" }),
        c.readContract({ ...budget, functionName: "parametersAt", args: [period] }),
        c.readContract({ ...budget, functionName: "allowanceClaimed", args: [me, period] }),
        c.readContract({ address: addresses.EmissionOracle!, abi: abis.EmissionOracle, functionName: "emissionsOf", args: [me, period] }),
        c.readContract({ address: addresses.CarbonCredit!, abi: abis.CarbonCredit, functionName: "balanceOf", args: [me] }),
        c.readContract({ ...budget, functionName: "deficitOf", args: [me] }),
        c.readContract({ ...budget, functionName: "baselineOf", args: [me] }),
        c.readContract({ ...budget, functionName: "nextSettlementPeriod", args: [me] }),
        c.readContract({ ...registry, functionName: "isEnrolled", args: [me] }),
        c.readContract({ ...registry, functionName: "missingMeters", args: [me] }),
      ]);
      const nextSettleEnd = await c.readContract({ ...cal, functionName: "periodEnd", args: [nextSettle] });
      const settleable = enrolled && nextSettle < period && nextSettleEnd + grace <= now;
      let lastSettled:
        | { period: number; emissions: bigint; estimated: bigint; rewardEntitlement: bigint; rewardClaimed: boolean; pending: bigint; withheld?: number }
        | undefined;
      if (nextSettle > 0) {
        const p = nextSettle - 1;
        const [s, pending, estimated, withheld] = await Promise.all([
          c.readContract({ ...budget, functionName: "settlement", args: [me, p] }),
          c.readContract({ ...budget, functionName: "pendingReward", args: [me, p] }),
          c.readContract({ ...oracle, functionName: "estimatedOf", args: [me, p] }),
          c.getContractEvents({ ...budget, eventName: "RewardWithheld", args: { account: me, period: p }, fromBlock: 0n }),
        ]);
        if (s.settled) {
          lastSettled = {
            period: p,
            emissions: s.emissions,
            estimated,
            rewardEntitlement: s.rewardEntitlement,
            rewardClaimed: s.rewardClaimed,
            pending,
            withheld: withheld.at(-1)?.args.reason,
          };
        }
      }
      // Emissions by period and by source, from ReadingAccepted, EstimatePaidOff and GapEstimated events.
      const logs = await c.getContractEvents({
        address: addresses.EmissionOracle!,
        abi: abis.EmissionOracle,
        eventName: "ReadingAccepted",
        args: { owner: me },
        fromBlock: 0n,
      });
      // Booked = measured − what paid off an earlier gap estimate + estimates (as emissionsOf counts).
      const [paidOff, gaps] = await Promise.all([
        c.getContractEvents({ ...oracle, eventName: "EstimatePaidOff", args: { owner: me }, fromBlock: 0n }),
        c.getContractEvents({ ...oracle, eventName: "GapEstimated", args: { account: me }, fromBlock: 0n }),
      ]);
      const byPeriod = new Map<number, bigint>();
      const byDevice = new Map<Address, bigint>();
      const add = (p: number, device: Address | undefined, kg: bigint) => {
        byPeriod.set(p, (byPeriod.get(p) ?? 0n) + kg);
        if (device && p === period) byDevice.set(device, (byDevice.get(device) ?? 0n) + kg);
      };
      for (const log of logs) {
        const a = log.args;
        if (a.period === undefined || a.kgCO2e === undefined || !a.device) continue;
        add(a.period, a.device, a.kgCO2e);
      }
      for (const log of paidOff) {
        const a = log.args;
        if (a.period === undefined || a.kgCO2e === undefined || !a.device) continue;
        add(a.period, a.device, -a.kgCO2e);
      }
      for (const log of gaps) {
        const a = log.args;
        if (a.period === undefined || a.kgCO2e === undefined) continue;
        add(a.period, undefined, a.kgCO2e);
      }
      for (const [device, kg] of byDevice) if (kg <= 0n) byDevice.delete(device);
      const byKind = new Map<number, bigint>();
      await Promise.all(
        [...byDevice.entries()].map(async ([device, kg]) => {
          const d = await c.readContract({ address: addresses.Registry!, abi: abis.Registry, functionName: "device", args: [device] });
          byKind.set(d.kind, (byKind.get(d.kind) ?? 0n) + kg);
        }),
      );
      const elapsed = beforeGenesis ? 0n : now - start;
      const projection = projectEmissions(emissions, elapsed, end - start);
      return {
        now,
        period,
        beforeGenesis,
        start,
        end,
        enrolled,
        missingMeters,
        allowance: params.allowance,
        rewardRateBps: params.rewardRateBps,
        claimed,
        emissions,
        projection,
        surplus: params.allowance - projection,
        rewardEstimate: rewardEstimate(baseline, projection, params.rewardRateBps),
        balance,
        deficit,
        baseline,
        nextSettle,
        settleable,
        lastSettled,
        byPeriod: [...byPeriod.entries()].sort((a, b) => a[0] - b[0]).slice(-12),
        byKind: [...byKind.entries()].sort((a, b) => (b[1] > a[1] ? 1 : -1)),
      };
    },
  });
}
