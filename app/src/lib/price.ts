/**
 * Order-book unit and price math, exactly as the contract does it (contracts/orderbook):
 * an order's size is in lots of `lotSize` PCC wei; a price is an integer tick; one lot at tick t
 * costs t × quotePerTickLot quote units. No rounding anywhere except the taker fee (rounded down).
 */
import { formatAmount, parseAmount } from "./format";

export interface BookUnits {
  lotSize: bigint; // PCC wei per lot
  quotePerTickLot: bigint; // quote units per tick per lot
  quoteDecimals: number;
}

export const PCC_DECIMALS = 18;
const ONE_PCC = 10n ** 18n;

/** Quote units for `lots` at `tick`. */
export function quoteFor(lots: bigint, tick: bigint, units: BookUnits): bigint {
  return lots * tick * units.quotePerTickLot;
}

/** Taker fee on a quote amount, rounded down like the contract. */
export function feeOn(quote: bigint, feeBps: number | bigint): bigint {
  return (quote * BigInt(feeBps)) / 10_000n;
}

/** Quote units per whole PCC at `tick` (may be fractional: returned as a decimal string). */
export function tickToPrice(tick: bigint, units: BookUnits, digits = 6): string {
  // price (quote units per PCC) = tick × quotePerTickLot × 1e18 / lotSize, shown with extra precision
  const scaled = (tick * units.quotePerTickLot * ONE_PCC * 10n ** 6n) / units.lotSize;
  return formatAmount(scaled, units.quoteDecimals + 6, digits);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: PriceError };
export type PriceError = "notANumber" | "zero" | "notOnTick" | "notWholeLots" | "tooLarge";

/** A user's price (quote tokens per PCC, decimal) as a tick; it must fall exactly on a tick. */
export function priceToTick(text: string, units: BookUnits, maxTick = 2n ** 24n - 1n): Parsed<bigint> {
  const quotePerPcc = parseAmount(text, units.quoteDecimals + 18);
  if (quotePerPcc === undefined) return { ok: false, error: "notANumber" };
  if (quotePerPcc === 0n) return { ok: false, error: "zero" };
  // quotePerPcc has quoteDecimals+18 decimals: quote units per PCC × 1e18.
  // tick = quoteUnitsPerPcc × lotSize / (1e18 × quotePerTickLot)
  const numerator = quotePerPcc * units.lotSize;
  const denominator = ONE_PCC * ONE_PCC * units.quotePerTickLot;
  if (numerator % denominator !== 0n) return { ok: false, error: "notOnTick" };
  const tick = numerator / denominator;
  if (tick === 0n) return { ok: false, error: "notOnTick" };
  if (tick > maxTick) return { ok: false, error: "tooLarge" };
  return { ok: true, value: tick };
}

/** A user's amount in PCC (decimal) as whole lots. */
export function amountToLots(text: string, units: BookUnits): Parsed<bigint> {
  const wei = parseAmount(text, PCC_DECIMALS);
  if (wei === undefined) return { ok: false, error: "notANumber" };
  if (wei === 0n) return { ok: false, error: "zero" };
  if (wei % units.lotSize !== 0n) return { ok: false, error: "notWholeLots" };
  const lots = wei / units.lotSize;
  if (lots >= 2n ** 64n) return { ok: false, error: "tooLarge" };
  return { ok: true, value: lots };
}

/** PCC wei of `lots`. */
export function lotsToWei(lots: bigint, units: BookUnits): bigint {
  return lots * units.lotSize;
}

/** The smallest price step in quote tokens per PCC, as a decimal string. */
export function tickStep(units: BookUnits): string {
  return tickToPrice(1n, units);
}

export interface DecodedOrderId {
  owner: `0x${string}`;
  side: 0 | 1;
  tick: bigint;
  epoch: bigint;
  index: bigint;
}

/** Splits an order id: owner << 96 | side << 88 | tick << 64 | epoch << 32 | index. */
export function decodeOrderId(id: bigint): DecodedOrderId {
  const mask = (bits: bigint) => (1n << bits) - 1n;
  const owner = `0x${(id >> 96n).toString(16).padStart(40, "0")}` as `0x${string}`;
  return {
    owner,
    side: Number((id >> 88n) & mask(8n)) as 0 | 1,
    tick: (id >> 64n) & mask(24n),
    epoch: (id >> 32n) & mask(32n),
    index: id & mask(32n),
  };
}

/** What placing an order escrows or pays at most: PCC wei for an ask; quote units (+ worst-case fee) for a bid. */
export function requiredFunds(side: 0 | 1, lots: bigint, tick: bigint, units: BookUnits, feeBps: number): bigint {
  if (side === 1) return lotsToWei(lots, units);
  const quote = quoteFor(lots, tick, units);
  return quote + feeOn(quote, feeBps);
}

/**
 * A depth ladder's rows top to bottom, as order books are read: asks from the highest price down
 * to the best (lowest) ask, then the spread, then bids from the best (highest) bid down — so both
 * best prices stand next to the spread, whatever order the levels came in.
 */
export function ladderRows<L extends { tick: number | bigint }>(bids: readonly L[], asks: readonly L[]): { asks: L[]; bids: L[] } {
  const highFirst = (a: L, b: L) => (BigInt(b.tick) > BigInt(a.tick) ? 1 : BigInt(b.tick) < BigInt(a.tick) ? -1 : 0);
  return { asks: [...asks].sort(highFirst), bids: [...bids].sort(highFirst) };
}
