"use client";
/**
 * Whether the connected account is enrolled (Registry.isEnrolled, enrolledAt). Neither call
 * reverts, so an account that was never enrolled gets a stable answer, and the pages ask nothing
 * that reverts for it (CarbonBudget.nextSettlementPeriod does, before any enrollment).
 */
import type { Address } from "viem";
import { abis } from "@/lib/contracts";
import { usePcx } from "./usePcx";
import { useChainReads } from "./useChainReads";

export type EnrollmentState = "enrolled" | "never" | "ended";

export function enrollmentState(enrolled: boolean, enrolledAt: bigint): EnrollmentState {
  if (enrolled) return "enrolled";
  return enrolledAt === 0n ? "never" : "ended";
}

export function useEnrollment() {
  const { account, addresses } = usePcx();
  return useChainReads(
    "enrollment",
    [account, addresses.Registry],
    async ({ read }) => {
      const registry = { address: addresses.Registry!, abi: abis.Registry } as const;
      const [enrolled, enrolledAt] = await read([
        { ...registry, functionName: "isEnrolled", args: [account as Address] },
        { ...registry, functionName: "enrolledAt", args: [account as Address] },
      ] as const);
      return { enrolled, enrolledAt: BigInt(enrolledAt), state: enrollmentState(enrolled, BigInt(enrolledAt)) };
    },
    { enabled: Boolean(account && addresses.Registry) },
  );
}
