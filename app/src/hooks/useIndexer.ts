"use client";
/**
 * The indexer's progress, and history queries keyed on it.
 *
 * `useIndexerProgress` asks the indexer two cheap things: Ponder's /status (the last block it has
 * indexed, to say how far behind the chain it is) and /api/progress (the newest indexed PCX
 * event). History queries (`useHistory`) are keyed on that newest event and never go stale on
 * their own: a new block that carries no PCX event leaves the key — and every history query —
 * untouched; a block with a PCX event changes the key once the indexer has it, and only then do
 * they refetch. The probe polls quickly while the indexer is behind the chain, slowly otherwise.
 */
import { useEffect, useRef } from "react";
import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import { useBlockNumber } from "wagmi";
import { ix } from "@/lib/indexer";
import type { IndexerClient, Page } from "@sdk/indexer-client";

export const PROGRESS_KEY = "indexer-progress";
/** History queries start with this key: the block refresher leaves them alone. */
export const HISTORY_KEY = "ix";

export interface IndexerProgressView {
  /** The newest indexed PCX event's ord (undefined until known). */
  lastOrd: string | undefined;
  indexedBlock: number | undefined;
  chainBlock: number | undefined;
  /** Blocks the chain is ahead of the indexer (0 when caught up). */
  behind: number;
  down: boolean;
  error: Error | null;
}

/** Blocks of lag that are only the indexer's polling delay right after a transaction: not announced. */
export const LAG_NOTICE_FROM = 2;

/**
 * What to tell the user about the indexer: down when its last probe failed (stale data or not);
 * behind by N blocks when the chain's head is N ahead of its last indexed block; else ok.
 */
export function indexerState(s: { chainBlock: number | undefined; indexedBlock: number | undefined; failed: boolean }): { kind: "ok" | "behind" | "down"; behind: number } {
  if (s.failed) return { kind: "down", behind: 0 };
  const behind = s.chainBlock !== undefined && s.indexedBlock !== undefined ? Math.max(0, s.chainBlock - s.indexedBlock) : 0;
  return { kind: behind >= LAG_NOTICE_FROM ? "behind" : "ok", behind };
}

export function useIndexerProgress(): IndexerProgressView {
  const { data: head } = useBlockNumber({ watch: true });
  const q = useQuery({
    queryKey: [PROGRESS_KEY],
    queryFn: async () => {
      const [status, progress] = await Promise.all([ix.status(), ix.progress()]);
      const indexedBlock = Object.values(status)[0]?.block?.number ?? -1;
      return { indexedBlock, lastOrd: progress.lastOrd };
    },
    retry: 0,
    staleTime: 0,
    // Quick while behind the chain (a transaction just landed), slow when caught up.
    refetchInterval: (query) => {
      const d = query.state.data;
      if (query.state.status === "error") return 5_000;
      return d && head !== undefined && d.indexedBlock < Number(head) ? 250 : 3_000;
    },
  });
  const chainBlock = head === undefined ? undefined : Number(head);
  const indexedBlock = q.data?.indexedBlock;
  const state = indexerState({ chainBlock, indexedBlock, failed: q.isError });
  return { lastOrd: q.data?.lastOrd, indexedBlock, chainBlock, behind: state.behind, down: state.kind === "down", error: q.error };
}

const sameQuestion = (previousKey: readonly unknown[], key: readonly unknown[]) => JSON.stringify(previousKey.slice(2)) === JSON.stringify(key);

/**
 * A history query read from the indexer, keyed on its newest indexed PCX event: refetched only
 * when that changes (staleTime Infinity), the previous answer kept on screen meanwhile.
 */
export function useHistory<T>(key: readonly unknown[], fn: (client: IndexerClient) => Promise<T>, enabled = true): UseQueryResult<T> & { progress: IndexerProgressView } {
  const progress = useIndexerProgress();
  const q = useQuery({
    queryKey: [HISTORY_KEY, progress.lastOrd, ...key],
    queryFn: () => fn(ix),
    enabled: enabled && progress.lastOrd !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    // While a newer answer loads, keep the previous one on screen — only if it answered the same
    // question (the same key but for the indexer's progress), never another account's or period's.
    placeholderData: (previous, previousQuery) =>
      previousQuery && sameQuestion(previousQuery.queryKey, key) ? keepPreviousData(previous) : undefined,
    retry: 1,
  });
  return Object.assign(q, { progress });
}

/**
 * A paged history list ("load more"): pages from the indexer, cursor by cursor. When the indexer's
 * newest PCX event changes, the pages already loaded are refetched (keeping how many were loaded);
 * a block without a PCX event refetches nothing.
 */
export function useHistoryPages<T>(key: readonly unknown[], fetchPage: (client: IndexerClient, cursor: string | undefined) => Promise<Page<T>>, enabled = true) {
  const progress = useIndexerProgress();
  const queryClient = useQueryClient();
  const queryKey = [HISTORY_KEY, "pages", ...key];
  const q = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(ix, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: enabled && progress.lastOrd !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    retry: 1,
  });
  const seen = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (progress.lastOrd === undefined) return;
    if (seen.current !== undefined && seen.current !== progress.lastOrd) void queryClient.invalidateQueries({ queryKey });
    seen.current = progress.lastOrd;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [progress.lastOrd]);
  return Object.assign(q, { progress, items: (q.data?.pages ?? []).flatMap((p) => p.items) });
}
