"use client";
/**
 * The dashboard charts' history from the indexer, keyed on its progress (hooks/useIndexer.ts):
 * this period's booked emissions per device kind in buckets of `step` seconds
 * (/api/accounts/:a/emission-series) and the account's emissions per period (/api/accounts/:a/periods).
 */
import type { Address } from "viem";
import { useHistory } from "./useIndexer";

export function useEmissionSeries(account: Address | undefined, period: number | undefined, step: number) {
  const history = useHistory(
    ["emission-charts", account, period, step],
    async (ix) => {
      const [series, periods] = await Promise.all([ix.emissionSeries(account!, { period: period!, step }), ix.collect((q) => ix.accountPeriods(account!, q))]);
      return { buckets: series.items, periods };
    },
    Boolean(account && period !== undefined),
  );
  return { data: history.data, error: history.error, down: history.progress.down };
}
