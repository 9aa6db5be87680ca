"use client";
/**
 * Everything the statement page shows for the connected household. The calendar, the chain's
 * time, the last settled period and the order book's units come from the chain (contract reads);
 * every history row comes from the indexer (GET /api/accounts/:a/statement, keyed on its progress:
 * hooks/useIndexer.ts), and sdk/statement.ts turns them into the statement.
 */
import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { useConfig, usePublicClient } from "wagmi";
import { readContracts } from "wagmi/actions";
import { erc20Abi, type Address } from "viem";
import { buildStatement, type BookUnits } from "@sdk/statement";
import { abis } from "@/lib/contracts";
import { usePcx } from "@/hooks/usePcx";
import { useHistory } from "@/hooks/useIndexer";

export interface Calendar {
  genesis: number;
  length: number;
  grace: number;
  /** Chain time of the latest block. */
  now: number;
  /** The period running at `now` (0 before genesis). */
  current: number;
  /** The household's last settled period, if any. */
  lastSettled: number | undefined;
}

export const periodStart = (c: Calendar, p: number) => c.genesis + p * c.length;
export const periodEnd = (c: Calendar, p: number) => c.genesis + (p + 1) * c.length;

/** The chain's side: calendar, time, the last settled period and the book's units (with the quote token's decimals and symbol). */
export function useStatementChain() {
  const client = usePublicClient();
  const config = useConfig();
  const { account, addresses, chainId } = usePcx();
  return useQuery({
    queryKey: ["statement-chain", chainId, account, addresses.PeriodCalendar],
    enabled: Boolean(client && account && addresses.PeriodCalendar && addresses.CarbonBudget),
    queryFn: async () => {
      const me = account as Address;
      const cal = { address: addresses.PeriodCalendar!, abi: abis.PeriodCalendar } as const;
      const budget = { address: addresses.CarbonBudget!, abi: abis.CarbonBudget } as const;
      const block = await client!.getBlock();
      const [genesis, length, grace, current, nextSettle] = await readContracts(config, {
        allowFailure: false,
        contracts: [
          { ...cal, functionName: "genesis" },
          { ...cal, functionName: "periodLength" },
          { ...cal, functionName: "gracePeriod" },
          { ...cal, functionName: "currentPeriod" },
          { ...budget, functionName: "nextSettlementPeriod", args: [me] },
        ] as const,
      });
      let lastSettled: number | undefined;
      if (nextSettle > 0) {
        const s = await client!.readContract({ ...budget, functionName: "settlement", args: [me, nextSettle - 1] });
        if (s.settled) lastSettled = nextSettle - 1;
      }
      let book: BookUnits | undefined;
      if (addresses.OrderBook) {
        const ob = { address: addresses.OrderBook, abi: abis.OrderBook } as const;
        const [lotSize, quotePerTickLot, quote] = await readContracts(config, {
          allowFailure: false,
          contracts: [{ ...ob, functionName: "lotSize" }, { ...ob, functionName: "quotePerTickLot" }, { ...ob, functionName: "quote" }] as const,
        });
        const [quoteDecimals, quoteSymbol] = await readContracts(config, {
          allowFailure: false,
          contracts: [{ address: quote, abi: erc20Abi, functionName: "decimals" }, { address: quote, abi: erc20Abi, functionName: "symbol" }] as const,
        });
        book = { lotSize, quotePerTickLot, quoteDecimals, quoteSymbol };
      }
      const calendar: Calendar = { genesis: Number(genesis), length: Number(length), grace: Number(grace), now: Number(block.timestamp), current, lastSettled };
      return { calendar, book };
    },
  });
}

/** For the picker: the household's periods with indexed emissions or an allowance (oldest first) and when it enrolled. */
export function useStatementPeriods() {
  const { account } = usePcx();
  const me = account?.toLowerCase() as Address | undefined;
  return useHistory(
    ["statement-periods", me],
    async (ix) => {
      const [rows, acct] = await Promise.all([ix.collect((q) => ix.accountPeriods(me!, q)), ix.accountOrNone(me!)]);
      return { rows, enrolledAt: acct?.enrolledAt ? Number(acct.enrolledAt) : undefined };
    },
    Boolean(me),
  );
}

/** One period's statement, built from the indexer's rows. */
export function useStatement(period: number | undefined) {
  const { account } = usePcx();
  const me = account?.toLowerCase() as Address | undefined;
  const chain = useStatementChain();
  const rows = useHistory(["statement", me, period], (ix) => ix.statement(me!, period!), Boolean(me && period !== undefined));
  const data = chain.data;
  const statement = useMemo(
    () => (rows.data && data && rows.data.period === period ? buildStatement(rows.data, { now: data.calendar.now, book: data.book }) : undefined),
    [rows.data, data, period],
  );
  return { statement, book: data?.book, rows, behind: rows.progress.behind };
}
