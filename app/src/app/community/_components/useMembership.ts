"use client";
/** The connected account's pseudonym, read from the chain (CommunityBoard.pseudonymOf: "" when not a member). */
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address } from "viem";
import { usePcx } from "@/hooks/usePcx";
import { abis } from "@/lib/contracts";

export function useMyPseudonym() {
  const client = usePublicClient();
  const { account, addresses, chainId } = usePcx();
  return useQuery({
    queryKey: ["community-me", chainId, account, addresses.CommunityBoard],
    enabled: Boolean(client && account && addresses.CommunityBoard),
    queryFn: () => client!.readContract({ address: addresses.CommunityBoard!, abi: abis.CommunityBoard, functionName: "pseudonymOf", args: [account as Address] }),
  });
}
