"use client";
/**
 * Order-book state and history. Current state from the chain in independent batches of reads
 * that start together, none waiting for the wallet or the indexer: the book's fixed units and
 * tokens (hooks/useBookInfo.ts, read once), the book (best prices, depth, band: what the ladder
 * needs), the connected account's balances and allowances (what the order form needs), and its
 * claimable proceeds and live orders. History from the indexer, keyed on its progress
 * (hooks/useIndexer.ts): the account's orders (ids of the open and not fully claimed ones), its
 * trades as taker and its claims, and the market risk summary. The price chart reads its candles
 * itself (hooks/useCandles.ts).
 */
import { useMemo } from "react";
import { erc20Abi, type Address } from "viem";
import { abis } from "@/lib/contracts";
import { decodeOrderId } from "@/lib/price";
import { usePcx } from "./usePcx";
import { useHistory } from "./useIndexer";
import { useBookInfo } from "./useBookInfo";
import { useChainReads } from "./useChainReads";

type OrderInfo = { id: bigint; owner: Address; side: number; tick: number; epoch: number; index: number; lots: bigint; filled: bigint; claimed: bigint; expiry: bigint | number; open: boolean };

export const BID = 0;
export const ASK = 1;
const DEPTH_LEVELS = 12n;
const MINE = 20;

export function useMarket() {
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

  const info = useBookInfo();
  const book = { address: bookAddress!, abi: abis.OrderBook } as const;
  const state = useChainReads(
    "market-book",
    [bookAddress],
    async ({ read }) => {
      const [market, bids, asks, band] = await read([
        { ...book, functionName: "market" },
        { ...book, functionName: "depth", args: [BID, DEPTH_LEVELS] },
        { ...book, functionName: "depth", args: [ASK, DEPTH_LEVELS] },
        { ...book, functionName: "band" },
      ] as const);
      return { market, bids, asks, band };
    },
    { enabled: Boolean(bookAddress) },
  );
  const pcc = info.data?.pcc;
  const quote = info.data?.quote.address;
  const funds = useChainReads(
    "market-funds",
    [bookAddress, account, pcc, quote],
    async ({ read }) => {
      const owner = account as Address;
      const [pccBalance, quoteBalance, pccAllowance, quoteAllowance] = await read([
        { address: pcc!, abi: erc20Abi, functionName: "balanceOf", args: [owner] },
        { address: quote!, abi: erc20Abi, functionName: "balanceOf", args: [owner] },
        { address: pcc!, abi: erc20Abi, functionName: "allowance", args: [owner, bookAddress!] },
        { address: quote!, abi: erc20Abi, functionName: "allowance", args: [owner, bookAddress!] },
      ] as const);
      return { pccBalance, quoteBalance, pccAllowance, quoteAllowance };
    },
    { enabled: Boolean(bookAddress && account && pcc && quote) },
  );
  const orders = useChainReads(
    "market-orders",
    [bookAddress, account, ids.map(String).join(",")],
    async ({ read }) => {
      if (!ids.length) return { claimable: { pcc: 0n, quote: 0n }, orders: [] as OrderInfo[] };
      const owner = account as Address;
      const [[claimable], infos] = await Promise.all([
        read([{ ...book, functionName: "claimableOf", args: [owner, ids] }] as const),
        read(ids.map((id) => ({ ...book, functionName: "getOrder" as const, args: [id] as const }))),
      ]);
      const [pccClaimable, quoteClaimable] = claimable;
      const live = (infos as readonly OrderInfo[]).filter((o) => o.open).sort((a, b) => (a.id > b.id ? -1 : 1));
      return { claimable: { pcc: pccClaimable, quote: quoteClaimable }, orders: live };
    },
    {
      enabled: Boolean(bookAddress && account),
      // When the account's order ids change (an order placed, filled, claimed), keep its orders on
      // screen while they reload, instead of flipping the list to a skeleton — never another account's.
      placeholderData: (previous, previousQuery) => (previousQuery && previousQuery.queryKey[1] === chainId && previousQuery.queryKey[3] === account ? previous : undefined),
    },
  );

  const data = useMemo(() => {
    const i = info.data;
    const b = state.data;
    if (!i || !b) return undefined;
    const h = history.data;
    const m = h?.mine;
    const mine = funds.data &&
      orders.data && {
        ...funds.data,
        ...orders.data,
        myTrades: (m?.[2].items ?? []).map((tr) => ({ tick: BigInt(tr.tick), lots: BigInt(tr.lots), side: tr.takerSide, quote: BigInt(tr.quoteAmount), fee: BigInt(tr.fee), block: BigInt(tr.ord) / 100_000n, timestamp: BigInt(tr.timestamp), hash: tr.tx })),
        myClaims: (m?.[3].items ?? []).map((cl) => {
          const id = BigInt(cl.orderId);
          const { side, tick } = decodeOrderId(id);
          return { orderId: id, side, tick, lots: BigInt(cl.lots), amount: BigInt(cl.amount), block: BigInt(cl.ord) / 100_000n, hash: cl.tx };
        }),
      };
    return { units: i.units, quoteAddress: i.quote.address, pccAddress: i.pcc, quoteSymbol: i.quote.symbol, ...b, risk: h?.risk, mine, historyError: history.error };
  }, [info.data, state.data, funds.data, orders.data, history.data, history.error]);
  const reads = [info, state, funds, orders];
  return {
    data,
    error: reads.find((q) => q.error)?.error ?? null,
    isLoading: reads.some((q) => q.isLoading),
    isFetching: reads.some((q) => q.isFetching),
    refetch: () => reads.forEach((q) => void q.refetch()),
  };
}
