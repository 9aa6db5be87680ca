"use client";
/**
 * Supply reconciliation: what the indexer rebuilt from events, checked against the chain's state.
 *   PCC supply: the indexer's Σ mints − Σ burns (Transfer from/to the zero address) = totalSupply()
 *   book PCC escrow = asks' unfilled lots + bids' filled-but-unclaimed lots (× lotSize)
 *   book quote escrow = bids' unfilled quote + asks' filled-but-unclaimed quote + accrued fees
 * with the open and not fully claimed orders from the indexer and the balances from the chain.
 */
import { useMemo } from "react";
import { erc20Abi } from "viem";
import type { OrderRow } from "@sdk/indexer-client";
import { abis } from "@/lib/contracts";
import { usePcx } from "./usePcx";
import { useHistory } from "./useIndexer";
import { useChainReads } from "./useChainReads";

export function useSupply() {
  const { addresses } = usePcx();
  const chain = useChainReads(
    "supply",
    [addresses.CarbonCredit, addresses.OrderBook],
    async ({ read }) => {
      const token = { address: addresses.CarbonCredit!, abi: abis.CarbonCredit } as const;
      const [supply, retired] = await read([
        { ...token, functionName: "totalSupply" },
        { ...token, functionName: "totalRetired" },
      ] as const);
      let book: { lotSize: bigint; qptl: bigint; accruedFees: bigint; pccHeld: bigint; quoteHeld: bigint } | undefined;
      if (addresses.OrderBook) {
        const ob = { address: addresses.OrderBook, abi: abis.OrderBook } as const;
        const [lotSize, qptl, quote, market] = await read([
          { ...ob, functionName: "lotSize" },
          { ...ob, functionName: "quotePerTickLot" },
          { ...ob, functionName: "quote" },
          { ...ob, functionName: "market" },
        ] as const);
        const [pccHeld, quoteHeld] = await read([
          { ...token, functionName: "balanceOf", args: [addresses.OrderBook] },
          { address: quote, abi: erc20Abi, functionName: "balanceOf", args: [addresses.OrderBook] },
        ] as const);
        book = { lotSize, qptl, accruedFees: BigInt(market.accruedFees), pccHeld, quoteHeld };
      }
      return { supply, retired, book };
    },
    { enabled: Boolean(addresses.CarbonCredit) },
  );
  const history = useHistory(["supply", addresses.OrderBook], async (ix) => {
    const [supply, open, unclaimed] = await Promise.all([
      ix.supply(),
      addresses.OrderBook ? ix.collect((q) => ix.orders({ ...q, status: "open" })) : Promise.resolve([] as OrderRow[]),
      addresses.OrderBook ? ix.collect((q) => ix.orders({ ...q, unclaimed: 1 })) : Promise.resolve([] as OrderRow[]),
    ]);
    const orders = new Map<string, OrderRow>();
    for (const o of [...open, ...unclaimed]) orders.set(o.id, o);
    return { supply, orders: [...orders.values()] };
  });
  const data = useMemo(() => {
    const c = chain.data, h = history.data;
    if (!c || !h) return undefined;
    const token = h.supply.token;
    const minted = BigInt(token?.minted ?? 0);
    const indexedSupply = BigInt(token?.totalSupply ?? 0);
    let book: { pccHeld: bigint; pccOwed: bigint; quoteHeld: bigint; quoteOwed: bigint; openOrders: number } | undefined;
    if (c.book) {
      let pccOwed = 0n;
      let quoteOwed = c.book.accruedFees;
      let openOrders = 0;
      for (const o of h.orders) {
        const open = o.status === "open";
        if (open) openOrders++;
        const unfilled = open ? BigInt(o.lots) - BigInt(o.filled) : 0n;
        const unclaimed = BigInt(o.filled) - BigInt(o.claimedLots);
        const perLotQuote = BigInt(o.tick) * c.book.qptl;
        if (o.side === 1) {
          pccOwed += unfilled * c.book.lotSize;
          quoteOwed += unclaimed * perLotQuote;
        } else {
          quoteOwed += unfilled * perLotQuote;
          pccOwed += unclaimed * c.book.lotSize;
        }
      }
      book = { pccHeld: c.book.pccHeld, pccOwed, quoteHeld: c.book.quoteHeld, quoteOwed, openOrders };
    }
    // burned = what left the supply: Σ mints − supply, both as indexed.
    return { supply: c.supply, indexedSupply, minted, burned: minted - indexedSupply, retired: c.retired, book };
  }, [chain.data, history.data]);
  return { data, error: chain.error ?? history.error };
}
