"use client";
/**
 * The current values behind each admin setting: the current period, every emission factor with
 * the value in force, the period parameters in force and the next scheduled ones, what is paused,
 * and the order book's fee, treasury and accrued fees.
 */
import { useConfig } from "wagmi";
import { readContracts } from "wagmi/actions";
import { abis } from "@/lib/contracts";
import { periodOf } from "@/lib/periods";
import { useCalendar } from "./useCalendar";
import { usePcx } from "./usePcx";
import { useChainReads } from "./useChainReads";

export function useAdminState(enabled: boolean) {
  const config = useConfig();
  const { addresses } = usePcx();
  const cal = useCalendar().data;
  return useChainReads(
    "admin-state",
    [addresses.EmissionFactors],
    async ({ read, client }) => {
      const now = (await client.getBlock()).timestamp;
      const period = periodOf(cal!, now) ?? 0;
      const factorsC = { address: addresses.EmissionFactors!, abi: abis.EmissionFactors } as const;
      const budget = { address: addresses.CarbonBudget!, abi: abis.CarbonBudget } as const;
      const [factorCount, inForce, parametersCount, tokenPaused, oraclePaused] = await read([
        { ...factorsC, functionName: "factorCount" },
        { ...budget, functionName: "parametersAt", args: [period] },
        { ...budget, functionName: "parametersCount" },
        { address: addresses.CarbonCredit!, abi: abis.CarbonCredit, functionName: "paused" },
        { address: addresses.EmissionOracle!, abi: abis.EmissionOracle, functionName: "paused" },
      ] as const);
      const ids = Array.from({ length: Number(factorCount) }, (_, i) => i + 1);
      // Some factors may not be in force yet (factorAt reverts): these reads may fail one by one.
      const rows = ids.length
        ? await readContracts(config, {
            allowFailure: true,
            contracts: ids.flatMap((id) => [
              { ...factorsC, functionName: "factor" as const, args: [id] as const },
              { ...factorsC, functionName: "factorAt" as const, args: [id, period] as const },
            ]),
          })
        : [];
      const factors = ids.map((id, i) => {
        const f = rows[2 * i]?.result as { kind: number; versionCount: number; key: string; unit: string } | undefined;
        const at = rows[2 * i + 1]?.result as readonly [number, bigint] | undefined;
        return { id, kind: f?.kind ?? 0, key: f?.key ?? "", unit: f?.unit ?? "", versions: f?.versionCount ?? 0, value: at?.[1] };
      });
      const last = await client.readContract({ ...budget, functionName: "parametersByIndex", args: [parametersCount - 1n] });
      let book: { paused: boolean; feeBps: number; accruedFees: bigint; treasury: `0x${string}` } | undefined;
      if (addresses.OrderBook) {
        const ob = { address: addresses.OrderBook, abi: abis.OrderBook } as const;
        const [market, treasury] = await read([
          { ...ob, functionName: "market" },
          { ...ob, functionName: "treasury" },
        ] as const);
        book = { paused: market.paused, feeBps: Number(market.feeBps), accruedFees: BigInt(market.accruedFees), treasury };
      }
      return { period, factors, inForce, scheduled: last.fromPeriod > period ? last : undefined, tokenPaused, oraclePaused, book };
    },
    { enabled: Boolean(enabled && cal && addresses.EmissionFactors && addresses.CarbonBudget) },
  );
}
