"use client";
/** The PCX calendar's four immutable values (PeriodCalendar), read once per chain. */
import { abis } from "@/lib/contracts";
import type { Calendar } from "@/lib/periods";
import { usePcx } from "./usePcx";
import { useChainReads } from "./useChainReads";

export function useCalendar() {
  const { addresses } = usePcx();
  const address = addresses.PeriodCalendar;
  return useChainReads(
    "calendar",
    [address],
    async ({ read }): Promise<Calendar> => {
      const cal = { address: address!, abi: abis.PeriodCalendar } as const;
      const [genesis, periodLength, gracePeriod, rewardWindow] = await read([
        { ...cal, functionName: "genesis" },
        { ...cal, functionName: "periodLength" },
        { ...cal, functionName: "gracePeriod" },
        { ...cal, functionName: "rewardWindow" },
      ] as const);
      return { genesis: BigInt(genesis), periodLength: BigInt(periodLength), gracePeriod: BigInt(gracePeriod), rewardWindow: BigInt(rewardWindow) };
    },
    { enabled: Boolean(address), fixed: true },
  );
}
