"use client";
/**
 * Whether the connected account is enrolled (Registry.isEnrolled, enrolledAt). Neither call
 * reverts, so an account that was never enrolled gets a stable answer, and the pages ask nothing
 * that reverts for it (CarbonBudget.nextSettlementPeriod does, before any enrollment).
 */
import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import { readContracts } from "wagmi/actions";
import type { Address } from "viem";
import { abis } from "@/lib/contracts";
import { usePcx } from "./usePcx";

export type EnrollmentState = "enrolled" | "never" | "ended";

export function enrollmentState(enrolled: boolean, enrolledAt: bigint): EnrollmentState {
  if (enrolled) return "enrolled";
  return enrolledAt === 0n ? "never" : "ended";
}

export function useEnrollment() {
  const config = useConfig();
  const { account, addresses, chainId } = usePcx();
  return useQuery({
    queryKey: ["enrollment", chainId, account, addresses.Registry],
    enabled: Boolean(account && addresses.Registry),
    queryFn: async () => {
      const registry = { address: addresses.Registry!, abi: abis.Registry } as const;
      const [enrolled, enrolledAt] = await readContracts(config, {
        allowFailure: false,
        contracts: [
          { ...registry, functionName: "isEnrolled", args: [account as Address] },
          { ...registry, functionName: "enrolledAt", args: [account as Address] },
        ] as const,
      });
      return { enrolled, enrolledAt: BigInt(enrolledAt), state: enrollmentState(enrolled, BigInt(enrolledAt)) };
    },
  });
}
