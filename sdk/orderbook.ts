/**
 * Order book units and ids, shared by the app, scripts and tests (see docs/orderbook.md).
 * - An order's size is in lots of `lotSize` PCC wei (deployed: 10^18 = 1 PCC = 1 kg CO2e).
 * - A price is an integer tick 1 .. 2^24-1; one lot at tick t costs t × quotePerTickLot quote
 *   units (deployed: 10, i.e. one tick = 0.00001 of a 6-decimal quote token per kg).
 * - Order ids encode owner, side, tick, epoch and queue index.
 */
import { CancelReason, OrderKind, Side } from "./generated/enums.js";

export const ORDER_BOOK_DEFAULTS = {
  lotSize: 10n ** 18n,
  quotePerTickLot: 10n,
  quoteDecimals: 6,
} as const;

export const MAX_TICK = (1 << 24) - 1;

/** `IOrderBook.Side`, `OrderKind`, `CancelReason`: generated from the build. */
export { CancelReason, OrderKind, Side };

export interface BookUnits {
  lotSize: bigint;
  quotePerTickLot: bigint;
}

/** Quote units for `lots` at `tick` — exact, as the contract computes it. */
export function quoteForLots(lots: bigint, tick: bigint, units: BookUnits = ORDER_BOOK_DEFAULTS): bigint {
  return lots * tick * units.quotePerTickLot;
}

/** PCC wei for `lots`. */
export function pccForLots(lots: bigint, units: BookUnits = ORDER_BOOK_DEFAULTS): bigint {
  return lots * units.lotSize;
}

/**
 * Quote units per whole PCC at `tick` (for display: divide by 10^quoteDecimals).
 * With the defaults, tick 8,000 = 80,000 units = 0.08 tUSD per kg = 80 tUSD per tonne.
 */
export function quotePerPcc(tick: bigint, units: BookUnits = ORDER_BOOK_DEFAULTS): bigint {
  return (tick * units.quotePerTickLot * 10n ** 18n) / units.lotSize;
}

/**
 * The tick for a price given in quote units per whole PCC, rounded toward the side's safe
 * direction: down for a bid (never pay more), up for an ask (never sell for less).
 */
export function tickForPrice(quoteUnitsPerPcc: bigint, side: Side, units: BookUnits = ORDER_BOOK_DEFAULTS): bigint {
  const perTick = (units.quotePerTickLot * 10n ** 18n) / units.lotSize; // quote units per PCC per tick
  if (perTick === 0n) throw new Error("tick finer than one quote unit per PCC");
  const t = side === Side.Bid ? quoteUnitsPerPcc / perTick : (quoteUnitsPerPcc + perTick - 1n) / perTick;
  if (t < 1n || t > BigInt(MAX_TICK)) throw new RangeError(`price ${quoteUnitsPerPcc} is outside ticks 1..${MAX_TICK}`);
  return t;
}

export interface DecodedOrderId {
  owner: string;
  side: Side;
  tick: bigint;
  epoch: bigint;
  index: bigint;
}

/** Splits an order id into its parts: owner << 96 | side << 88 | tick << 64 | epoch << 32 | index. */
export function decodeOrderId(id: bigint): DecodedOrderId {
  const side = Number((id >> 88n) & 0xffn);
  if (side > 1) throw new RangeError(`order id ${id} has no valid side`);
  return {
    owner: "0x" + (id >> 96n).toString(16).padStart(40, "0"),
    side: side as Side,
    tick: (id >> 64n) & 0xffffffn,
    epoch: (id >> 32n) & 0xffffffffn,
    index: id & 0xffffffffn,
  };
}

/** The id of an order from its parts. */
export function encodeOrderId(o: DecodedOrderId): bigint {
  return (BigInt(o.owner) << 96n) | (BigInt(o.side) << 88n) | (o.tick << 64n) | (o.epoch << 32n) | o.index;
}
