"use client";
/**
 * Current chain state for a page: one react-query whose function reads contracts in batches
 * (`read`: wagmi readContracts, all or nothing), keyed on a name, the chain and what it depends
 * on. Every new block refetches it (providers.tsx), except `fixed` reads — values a deployment
 * never changes, such as the book's units or the calendar — which are read once per chain.
 */
import { useQuery, type QueryKey, type UseQueryOptions } from "@tanstack/react-query";
import { useConfig, usePublicClient } from "wagmi";
import { readContracts, type ReadContractsParameters, type ReadContractsReturnType } from "wagmi/actions";
import type { ContractFunctionParameters, PublicClient } from "viem";
import { usePcx } from "./usePcx";

export interface ChainReader {
  /** Reads every contract call in one batch; throws if any of them fails. */
  read<const C extends readonly ContractFunctionParameters[]>(contracts: ReadContractsParameters<C, false>["contracts"]): Promise<ReadContractsReturnType<C, false>>;
  /** The chain's public client, for what is not a contract read (blocks, receipts). */
  client: PublicClient;
}

/** Query meta of a `fixed` read: the block refresher leaves it alone. */
export const FIXED_META = { fixed: true } as const;

export function isFixedQuery(query: { meta?: Record<string, unknown> }): boolean {
  return query.meta?.fixed === true;
}

/** Query meta of a read that is not the chain's (the oracle's API): it keeps its own schedule, the block refresher leaves it alone. */
export const OFF_CHAIN_META = { offChain: true } as const;

export function isOffChainQuery(query: { meta?: Record<string, unknown> }): boolean {
  return query.meta?.offChain === true;
}

export interface ChainReadsOptions<T> {
  /** Besides the client being there (default true). */
  enabled?: boolean;
  /** Read once per chain and never refreshed: for values the deployment fixes. */
  fixed?: boolean;
  /** What to show while a changed key loads (react-query placeholderData). */
  placeholderData?: UseQueryOptions<T, Error, T, QueryKey>["placeholderData"];
}

/** The query's key: [name, chainId, ...deps]. */
export function useChainReads<T>(name: string, deps: readonly unknown[], fn: (reader: ChainReader) => Promise<T>, options: ChainReadsOptions<T> = {}) {
  const config = useConfig();
  const client = usePublicClient();
  const { chainId } = usePcx();
  return useQuery({
    queryKey: [name, chainId, ...deps],
    enabled: Boolean(client) && (options.enabled ?? true),
    staleTime: options.fixed ? Number.POSITIVE_INFINITY : undefined,
    meta: options.fixed ? FIXED_META : undefined,
    placeholderData: options.placeholderData,
    queryFn: () =>
      fn({
        read: (contracts) => readContracts(config, { allowFailure: false, contracts } as never) as never,
        client: client as PublicClient,
      }),
  });
}
