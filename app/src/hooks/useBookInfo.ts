"use client";
/** The order book's fixed units, its credit token and its quote token (symbol, decimals), read once per chain. */
import { erc20Abi, type Address } from "viem";
import { abis } from "@/lib/contracts";
import type { QuoteToken } from "@/lib/amounts";
import type { BookUnits } from "@/lib/price";
import { usePcx } from "./usePcx";
import { useChainReads } from "./useChainReads";

export interface BookInfo {
  units: BookUnits;
  quote: QuoteToken & { address: Address };
  /** The credit token the book trades (CarbonCredit). */
  pcc: Address;
}

export function useBookInfo() {
  const { addresses } = usePcx();
  const book = addresses.OrderBook;
  return useChainReads(
    "book-info",
    [book],
    async ({ read }): Promise<BookInfo> => {
      const ob = { address: book!, abi: abis.OrderBook } as const;
      const [lotSize, quotePerTickLot, quote, pcc] = await read([
        { ...ob, functionName: "lotSize" },
        { ...ob, functionName: "quotePerTickLot" },
        { ...ob, functionName: "quote" },
        { ...ob, functionName: "pcc" },
      ] as const);
      const [decimals, symbol] = await read([
        { address: quote, abi: erc20Abi, functionName: "decimals" },
        { address: quote, abi: erc20Abi, functionName: "symbol" },
      ] as const);
      return { units: { lotSize, quotePerTickLot, quoteDecimals: decimals }, quote: { address: quote, symbol, decimals }, pcc };
    },
    { enabled: Boolean(book), fixed: true },
  );
}
