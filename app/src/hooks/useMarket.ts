"use client";
/**
 * Order-book state and history. Current state from the chain in one batch of reads (units, best
 * prices, depth, band, the connected account's balances, allowances, claimable proceeds and its
 * live orders); history from the indexer, keyed on its progress (hooks/useIndexer.ts): the
 * account's orders (ids of the open and not fully claimed ones), its trades as taker and its
 * claims, and the market risk summary. The price chart reads its candles itself (hooks/useCandles.ts).
 */
import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { useConfig, usePublicClient } from "wagmi";
import { readContracts } from "wagmi/actions";
import { erc20Abi, type Address } from "viem";
import { abis } from "@/lib/contracts";
import { decodeOrderId, type BookUnits } from "@/lib/price";
import { usePcx } from "./usePcx";
import { useHistory } from "./useIndexer";

type OrderInfo = { id: bigint; owner: Address; side: number; tick: number; epoch: number; index: number; lots: bigint; filled: bigint; claimed: bigint; expiry: bigint | number; open: boolean };

export const BID = 0;
export const ASK = 1;
const DEPTH_LEVELS = 12n;
const MINE = 20;

export function useMarket() {
  const client = usePublicClient();
  const config = useConfig();
  const { account, addresses, chainId } = usePcx();
  const bookAddress = addresses.OrderBook;
  const me = account?.toLowerCase() as Address | undefined;

  const history = useHistory(
    ["market", bookAddress, me],
    async (ix) => {
      const [risk, mine] = await Promise.all([
        ix.riskSummary().catch(() => undefined),
        me
          ? Promise.all([
              ix.collect((q) => ix.orders({ ...q, owner: me, status: "open" })),
              ix.collect((q) => ix.orders({ ...q, owner: me, unclaimed: 1 })),
              ix.trades({ taker: me, limit: MINE }),
              ix.claims({ owner: me, limit: MINE }),
            ])
          : undefined,
      ]);
      return { risk, mine };
    },
    Boolean(bookAddress),
  );
  const ids = useMemo(() => {
    const m = history.data?.mine;
    if (!m) return [] as bigint[];
    return [...new Set([...m[0], ...m[1]].map((o) => BigInt(o.id)))].sort((a, b) => (a > b ? -1 : 1));
  }, [history.data]);

  const chain = useQuery({
    queryKey: ["market", chainId, account, bookAddress, ids.map(String).join(",")],
    enabled: Boolean(client && bookAddress),
    // When the account's order ids change (an order placed, filled, claimed), keep the book on
    // screen while it reloads, instead of flipping the page to a skeleton — never another account's.
    placeholderData: (previous, previousQuery) => (previousQuery && previousQuery.queryKey[1] === chainId && previousQuery.queryKey[2] === account ? previous : undefined),
    queryFn: async () => {
      const c = client!;
      const book = { address: bookAddress!, abi: abis.OrderBook } as const;
      const [lotSize, quotePerTickLot, quoteAddress, pccAddress, market, bids, asks, band] = await readContracts(config, {
        allowFailure: false,
        contracts: [
          { ...book, functionName: "lotSize" },
          { ...book, functionName: "quotePerTickLot" },
          { ...book, functionName: "quote" },
          { ...book, functionName: "pcc" },
          { ...book, functionName: "market" },
          { ...book, functionName: "depth", args: [BID, DEPTH_LEVELS] },
          { ...book, functionName: "depth", args: [ASK, DEPTH_LEVELS] },
          { ...book, functionName: "band" },
        ] as const,
      });
      const [quoteDecimals, quoteSymbol] = await readContracts(config, {
        allowFailure: false,
        contracts: [
          { address: quoteAddress, abi: erc20Abi, functionName: "decimals" },
          { address: quoteAddress, abi: erc20Abi, functionName: "symbol" },
        ] as const,
      });
      const units: BookUnits = { lotSize, quotePerTickLot, quoteDecimals };
      let mine:
        | { pccBalance: bigint; quoteBalance: bigint; pccAllowance: bigint; quoteAllowance: bigint; claimable: { pcc: bigint; quote: bigint }; orders: OrderInfo[] }
        | undefined;
      if (account) {
        const owner = account as Address;
        const [pccBalance, quoteBalance, pccAllowance, quoteAllowance] = await readContracts(config, {
          allowFailure: false,
          contracts: [
            { address: pccAddress, abi: erc20Abi, functionName: "balanceOf", args: [owner] },
            { address: quoteAddress, abi: erc20Abi, functionName: "balanceOf", args: [owner] },
            { address: pccAddress, abi: erc20Abi, functionName: "allowance", args: [owner, bookAddress!] },
            { address: quoteAddress, abi: erc20Abi, functionName: "allowance", args: [owner, bookAddress!] },
          ] as const,
        });
        const claimable = ids.length ? await c.readContract({ ...book, functionName: "claimableOf", args: [owner, ids] }) : ([0n, 0n] as const);
        const infos = ids.length
          ? await readContracts(config, { allowFailure: false, contracts: ids.map((id) => ({ ...book, functionName: "getOrder" as const, args: [id] as const })) })
          : [];
        const orders = (infos as readonly OrderInfo[]).filter((o) => o.open).sort((a, b) => (a.id > b.id ? -1 : 1));
        mine = { pccBalance, quoteBalance, pccAllowance, quoteAllowance, claimable: { pcc: claimable[0], quote: claimable[1] }, orders };
      }
      return { units, quoteAddress, pccAddress, quoteSymbol, market, bids, asks, band, mine };
    },
  });

  const data = useMemo(() => {
    const d = chain.data;
    if (!d) return undefined;
    const h = history.data;
    const m = h?.mine;
    const mine = d.mine && {
      ...d.mine,
      myTrades: (m?.[2].items ?? []).map((tr) => ({ tick: BigInt(tr.tick), lots: BigInt(tr.lots), side: tr.takerSide, quote: BigInt(tr.quoteAmount), fee: BigInt(tr.fee), block: BigInt(tr.ord) / 100_000n, timestamp: BigInt(tr.timestamp), hash: tr.tx })),
      myClaims: (m?.[3].items ?? []).map((cl) => {
        const id = BigInt(cl.orderId);
        const { side, tick } = decodeOrderId(id);
        return { orderId: id, side, tick, lots: BigInt(cl.lots), amount: BigInt(cl.amount), block: BigInt(cl.ord) / 100_000n, hash: cl.tx };
      }),
    };
    return { ...d, risk: h?.risk, mine, historyError: history.error };
  }, [chain.data, history.data, history.error]);
  return { data, error: chain.error, isLoading: chain.isLoading, isFetching: chain.isFetching, refetch: () => void chain.refetch() };
}
