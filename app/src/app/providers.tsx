"use client";
import { useEffect, useState, type ReactNode } from "react";
import { QueryClient, QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { WagmiProvider, useBlockNumber } from "wagmi";
import { makeWagmiConfig } from "@/lib/wagmi";
import { I18nProvider } from "@/i18n/context";
import type { Lang } from "@/i18n";
import { HISTORY_KEY } from "@/hooks/useIndexer";
import { isFixedQuery, isOffChainQuery } from "@/hooks/useChainReads";
import { IndexerStatusLine } from "@/components/IndexerStatus";

/**
 * Refreshes every chain read when a new block arrives, so pages update live. History queries
 * (read from the indexer, key "ix") are not touched: they are keyed on the indexer's newest PCX
 * event and refetch only when it changes (hooks/useIndexer.ts); nor are fixed reads (values the
 * deployment never changes, hooks/useChainReads.ts), nor off-chain reads that poll on their own
 * (the oracle's signed readings, hooks/useSignedReadings.ts).
 */
function BlockRefresher() {
  const queryClient = useQueryClient();
  const { data: blockNumber } = useBlockNumber({ watch: true });
  useEffect(() => {
    if (blockNumber === undefined) return;
    void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "blockNumber" && q.queryKey[0] !== HISTORY_KEY && !isFixedQuery(q) && !isOffChainQuery(q) });
  }, [blockNumber, queryClient]);
  return null;
}

/** `lang`: the language the server rendered the page in (root layout). */
export function Providers({ children, lang }: { children: ReactNode; lang: Lang }) {
  const [config] = useState(makeWagmiConfig);
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 2_000 } } }));
  return (
    <WagmiProvider config={config}>
      <QueryClientProvider client={queryClient}>
        <I18nProvider initialLang={lang}>
          <BlockRefresher />
          <IndexerStatusLine />
          {children}
        </I18nProvider>
      </QueryClientProvider>
    </WagmiProvider>
  );
}
