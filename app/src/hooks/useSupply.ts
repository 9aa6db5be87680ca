"use client";
/**
 * Supply reconciliation from events alone, checked against on-chain balances:
 *   PCC supply = Σ minted − Σ burned (Transfer from/to the zero address)
 *   book PCC escrow = asks' unfilled lots + bids' filled-but-unclaimed lots (× lotSize)
 *   book quote escrow = bids' unfilled quote + asks' filled-but-unclaimed quote + accrued fees
 */
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { erc20Abi, zeroAddress } from "viem";
import { abis } from "@/lib/contracts";
import { usePcx } from "./usePcx";

export function useSupply() {
  const client = usePublicClient();
  const { addresses, chainId } = usePcx();
  return useQuery({
    queryKey: ["supply", chainId, addresses.CarbonCredit],
    enabled: Boolean(client && addresses.CarbonCredit),
    queryFn: async () => {
      const c = client!;
      const token = { address: addresses.CarbonCredit!, abi: abis.CarbonCredit } as const;
      const [supply, mints, burns, retired] = await Promise.all([
        c.readContract({ ...token, functionName: "totalSupply" }),
        c.getContractEvents({ ...token, eventName: "Transfer", args: { from: zeroAddress }, fromBlock: 0n }),
        c.getContractEvents({ ...token, eventName: "Transfer", args: { to: zeroAddress }, fromBlock: 0n }),
        c.readContract({ ...token, functionName: "totalRetired" }),
      ]);
      const minted = mints.reduce((s, l) => s + (l.args.value ?? 0n), 0n);
      const burned = burns.reduce((s, l) => s + (l.args.value ?? 0n), 0n);
      let book: { pccHeld: bigint; pccOwed: bigint; quoteHeld: bigint; quoteOwed: bigint; openOrders: number } | undefined;
      if (addresses.OrderBook) {
        const ob = { address: addresses.OrderBook, abi: abis.OrderBook } as const;
        const [lotSize, qptl, quote, market, placed] = await Promise.all([
          c.readContract({ ...ob, functionName: "lotSize" }),
          c.readContract({ ...ob, functionName: "quotePerTickLot" }),
          c.readContract({ ...ob, functionName: "quote" }),
          c.readContract({ ...ob, functionName: "market" }),
          c.getContractEvents({ ...ob, eventName: "OrderPlaced", fromBlock: 0n }),
        ]);
        const ids = [...new Set(placed.map((l) => l.args.orderId!))];
        const orders = (await Promise.all(ids.map((id) => c.readContract({ ...ob, functionName: "getOrder", args: [id] })))).filter((o) => o.open);
        let pccOwed = 0n;
        let quoteOwed = BigInt(market.accruedFees);
        for (const o of orders) {
          const unfilled = o.lots - o.filled;
          const unclaimed = o.filled - o.claimed;
          const perLotQuote = BigInt(o.tick) * qptl;
          if (o.side === 1) {
            pccOwed += unfilled * lotSize;
            quoteOwed += unclaimed * perLotQuote;
          } else {
            quoteOwed += unfilled * perLotQuote;
            pccOwed += unclaimed * lotSize;
          }
        }
        const [pccHeld, quoteHeld] = await Promise.all([
          c.readContract({ ...token, functionName: "balanceOf", args: [addresses.OrderBook] }),
          c.readContract({ address: quote, abi: erc20Abi, functionName: "balanceOf", args: [addresses.OrderBook] }),
        ]);
        book = { pccHeld, pccOwed, quoteHeld, quoteOwed, openOrders: orders.length };
      }
      return { supply, minted, burned, retired, book };
    },
  });
}
