"use client";
/**
 * Timestamps of a few blocks (a list's rows that carry only their block), one getBlock each.
 * Blocks do not change, so this is history: keyed under the indexer's history key, which the
 * per-block refresher leaves alone.
 */
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { HISTORY_KEY } from "./useIndexer";
import { usePcx } from "./usePcx";

export function useBlockTimes(blocks: readonly bigint[]) {
  const client = usePublicClient();
  const { chainId } = usePcx();
  const unique = [...new Set(blocks.map(String))].sort();
  return useQuery({
    queryKey: [HISTORY_KEY, "block-times", chainId, unique.join(",")],
    enabled: Boolean(client && unique.length),
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => {
      const entries = await Promise.all(unique.map(async (b) => [b, (await client!.getBlock({ blockNumber: BigInt(b) })).timestamp] as const));
      return new Map<string, bigint>(entries);
    },
  });
}
