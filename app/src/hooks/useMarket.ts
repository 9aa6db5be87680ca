"use client";
/** Order-book state: units, best prices, depth, trades, and the connected account's orders and balances. */
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { erc20Abi, type Address } from "viem";
import { abis } from "@/lib/contracts";
import { decodeOrderId, type BookUnits } from "@/lib/price";
import { usePcx } from "./usePcx";

export const BID = 0;
export const ASK = 1;
const DEPTH_LEVELS = 12n;

export function useMarket() {
  const client = usePublicClient();
  const { account, addresses, chainId } = usePcx();
  const bookAddress = addresses.OrderBook;
  return useQuery({
    queryKey: ["market", chainId, account, bookAddress],
    enabled: Boolean(client && bookAddress),
    queryFn: async () => {
      const c = client!;
      const book = { address: bookAddress!, abi: abis.OrderBook } as const;
      const [lotSize, quotePerTickLot, quoteAddress, pccAddress, market, bids, asks, band] = await Promise.all([
        c.readContract({ ...book, functionName: "lotSize" }),
        c.readContract({ ...book, functionName: "quotePerTickLot" }),
        c.readContract({ ...book, functionName: "quote" }),
        c.readContract({ ...book, functionName: "pcc" }),
        c.readContract({ ...book, functionName: "market" }),
        c.readContract({ ...book, functionName: "depth", args: [BID, DEPTH_LEVELS] }),
        c.readContract({ ...book, functionName: "depth", args: [ASK, DEPTH_LEVELS] }),
        c.readContract({ ...book, functionName: "band" }),
      ]);
      const [quoteDecimals, quoteSymbol] = await Promise.all([
        c.readContract({ address: quoteAddress, abi: erc20Abi, functionName: "decimals" }),
        c.readContract({ address: quoteAddress, abi: erc20Abi, functionName: "symbol" }),
      ]);
      const units: BookUnits = { lotSize, quotePerTickLot, quoteDecimals };
      const trades = await c.getContractEvents({ ...book, eventName: "Trade", fromBlock: 0n });
      const priceHistory = trades.slice(-100).map((l) => ({ tick: BigInt(l.args.tick ?? 0), lots: l.args.lots ?? 0n, block: l.blockNumber }));

      let mine:
        | {
            pccBalance: bigint;
            quoteBalance: bigint;
            pccAllowance: bigint;
            quoteAllowance: bigint;
            orders: Awaited<ReturnType<typeof readOrders>>;
            myTrades: { tick: bigint; lots: bigint; side: number; quote: bigint; fee: bigint; block: bigint | null; hash: string | null }[];
            claimable: { pcc: bigint; quote: bigint };
            myClaims: { orderId: bigint; side: number; tick: bigint; lots: bigint; amount: bigint; block: bigint | null }[];
          }
        | undefined;
      if (account) {
        const me = account as Address;
        const placed = await c.getContractEvents({ ...book, eventName: "OrderPlaced", args: { owner: me }, fromBlock: 0n });
        const ids = [...new Set(placed.map((l) => l.args.orderId!))];
        const orders = await readOrders(ids);
        const [pccBalance, quoteBalance, pccAllowance, quoteAllowance, claimable] = await Promise.all([
          c.readContract({ address: pccAddress, abi: erc20Abi, functionName: "balanceOf", args: [me] }),
          c.readContract({ address: quoteAddress, abi: erc20Abi, functionName: "balanceOf", args: [me] }),
          c.readContract({ address: pccAddress, abi: erc20Abi, functionName: "allowance", args: [me, bookAddress!] }),
          c.readContract({ address: quoteAddress, abi: erc20Abi, functionName: "allowance", args: [me, bookAddress!] }),
          ids.length ? c.readContract({ ...book, functionName: "claimableOf", args: [me, ids] }) : Promise.resolve([0n, 0n] as const),
        ]);
        const claims = await c.getContractEvents({ ...book, eventName: "Claimed", args: { owner: me }, fromBlock: 0n });
        const myClaims = claims.slice(-20).reverse().map((l) => {
          const id = l.args.orderId ?? 0n;
          const { side, tick } = decodeOrderId(id);
          return { orderId: id, side, tick, lots: l.args.lots ?? 0n, amount: l.args.amount ?? 0n, block: l.blockNumber };
        });
        const takerTrades = trades.filter((l) => l.args.taker?.toLowerCase() === me.toLowerCase());
        mine = {
          pccBalance,
          quoteBalance,
          pccAllowance,
          quoteAllowance,
          orders,
          claimable: { pcc: claimable[0], quote: claimable[1] },
          myClaims,
          myTrades: takerTrades.slice(-20).reverse().map((l) => ({
            tick: BigInt(l.args.tick ?? 0),
            lots: l.args.lots ?? 0n,
            side: l.args.takerSide ?? 0,
            quote: l.args.quoteAmount ?? 0n,
            fee: l.args.fee ?? 0n,
            block: l.blockNumber,
            hash: l.transactionHash,
          })),
        };
      }
      return { units, quoteAddress, pccAddress, quoteSymbol, market, bids, asks, band, priceHistory, mine };

      async function readOrders(ids: bigint[]) {
        const infos = await Promise.all(ids.map((id) => c.readContract({ ...book, functionName: "getOrder", args: [id] })));
        return infos.filter((o) => o.open).sort((a, b) => (a.id > b.id ? -1 : 1));
      }
    },
  });
}
