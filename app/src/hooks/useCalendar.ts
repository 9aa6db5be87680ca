"use client";
/** The PCX calendar's four immutable values (PeriodCalendar), read once per chain. */
import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import { readContracts } from "wagmi/actions";
import { abis } from "@/lib/contracts";
import type { Calendar } from "@/lib/periods";
import { usePcx } from "./usePcx";

export function useCalendar() {
  const config = useConfig();
  const { addresses, chainId } = usePcx();
  const address = addresses.PeriodCalendar;
  return useQuery({
    queryKey: ["calendar", chainId, address],
    enabled: Boolean(address),
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async (): Promise<Calendar> => {
      const cal = { address: address!, abi: abis.PeriodCalendar } as const;
      const [genesis, periodLength, gracePeriod, rewardWindow] = await readContracts(config, {
        allowFailure: false,
        contracts: [
          { ...cal, functionName: "genesis" },
          { ...cal, functionName: "periodLength" },
          { ...cal, functionName: "gracePeriod" },
          { ...cal, functionName: "rewardWindow" },
        ] as const,
      });
      return { genesis: BigInt(genesis), periodLength: BigInt(periodLength), gracePeriod: BigInt(gracePeriod), rewardWindow: BigInt(rewardWindow) };
    },
  });
}
