"use client";
/** The order book's best bid and ask ticks (0 = none), for the dashboard's "buy" and "sell" links. */
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { abis } from "@/lib/contracts";
import { usePcx } from "./usePcx";

export function useBestPrices() {
  const client = usePublicClient();
  const { addresses, chainId } = usePcx();
  return useQuery({
    queryKey: ["best-prices", chainId, addresses.OrderBook],
    enabled: Boolean(client && addresses.OrderBook),
    queryFn: async () => {
      const m = await client!.readContract({ address: addresses.OrderBook!, abi: abis.OrderBook, functionName: "market" });
      return { bestBid: BigInt(m.bestBid), bestAsk: BigInt(m.bestAsk), paused: m.paused };
    },
  });
}
