"use client";
/** The order book's best bid and ask ticks (0 = none), for the dashboard's "buy" and "sell" links. */
import { abis } from "@/lib/contracts";
import { usePcx } from "./usePcx";
import { useChainReads } from "./useChainReads";

export function useBestPrices() {
  const { addresses } = usePcx();
  return useChainReads(
    "best-prices",
    [addresses.OrderBook],
    async ({ read }) => {
      const [m] = await read([{ address: addresses.OrderBook!, abi: abis.OrderBook, functionName: "market" }] as const);
      return { bestBid: BigInt(m.bestBid), bestAsk: BigInt(m.bestAsk), paused: m.paused };
    },
    { enabled: Boolean(addresses.OrderBook) },
  );
}
