"use client";
/** The order book's fixed units and its quote token (symbol, decimals), read once per chain. */
import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import { readContracts } from "wagmi/actions";
import { erc20Abi } from "viem";
import { abis } from "@/lib/contracts";
import type { QuoteToken } from "@/lib/amounts";
import type { BookUnits } from "@/lib/price";
import { usePcx } from "./usePcx";

export interface BookInfo {
  units: BookUnits;
  quote: QuoteToken & { address: `0x${string}` };
}

export function useBookInfo() {
  const config = useConfig();
  const { addresses, chainId } = usePcx();
  const book = addresses.OrderBook;
  return useQuery({
    queryKey: ["book-info", chainId, book],
    enabled: Boolean(book),
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async (): Promise<BookInfo> => {
      const ob = { address: book!, abi: abis.OrderBook } as const;
      const [lotSize, quotePerTickLot, quote] = await readContracts(config, {
        allowFailure: false,
        contracts: [
          { ...ob, functionName: "lotSize" },
          { ...ob, functionName: "quotePerTickLot" },
          { ...ob, functionName: "quote" },
        ] as const,
      });
      const [decimals, symbol] = await readContracts(config, {
        allowFailure: false,
        contracts: [
          { address: quote, abi: erc20Abi, functionName: "decimals" },
          { address: quote, abi: erc20Abi, functionName: "symbol" },
        ] as const,
      });
      return { units: { lotSize, quotePerTickLot, quoteDecimals: decimals }, quote: { address: quote, symbol, decimals } };
    },
  });
}
