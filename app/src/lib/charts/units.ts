/**
 * Chain amounts as the plain numbers a canvas chart draws. Exact integer math first (viem's
 * formatUnits gives the exact decimal), a float only at the end; figures people read as text
 * (tooltips, data attributes) stay with their exact decimals.
 */
import { formatUnits } from "viem";
import type { BookUnits } from "../price";

const ONE_PCC = 10n ** 18n;
/** Extra decimals kept for prices that are not whole quote units (as lib/price.ts tickToPrice does). */
const PRICE_EXTRA = 6;

/** PCC wei (1 PCC = 1 kg CO2e) as kg. */
export function kgNumber(wei: bigint): number {
  return Number(formatUnits(wei, 18));
}

/** Quote units per PCC at `tick`, as an exact decimal string (no grouping). */
export function priceDecimal(tick: bigint | number, units: BookUnits): string {
  const scaled = (BigInt(tick) * units.quotePerTickLot * ONE_PCC * 10n ** BigInt(PRICE_EXTRA)) / units.lotSize;
  return formatUnits(scaled, units.quoteDecimals + PRICE_EXTRA);
}

/** Quote tokens per kg at `tick`. */
export function priceNumber(tick: bigint | number, units: BookUnits): number {
  return Number(priceDecimal(tick, units));
}

/** Fraction digits that show every tick's price exactly (the tick step's), at most quote decimals + 6. */
export function priceDecimals(units: BookUnits): number {
  const step = priceDecimal(1n, units);
  const frac = step.split(".")[1] ?? "";
  return frac.replace(/0+$/, "").length;
}

/** PCC wei of `lots` as kg. */
export function lotsKg(lots: bigint, units: BookUnits): number {
  return kgNumber(lots * units.lotSize);
}
