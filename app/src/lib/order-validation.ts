/** Checks an order before any wallet prompt; returns an i18n message key for the first problem, or undefined. */
import type { Parsed } from "./price";

export interface OrderInput {
  side: 0 | 1;
  tick: Parsed<bigint>;
  lots: Parsed<bigint>;
  kind: 0 | 1 | 2;
  expiryMinutes: string;
  minLots: number;
  band: { low: bigint; high: bigint };
  paused: boolean;
  balance: bigint;
  required: bigint | undefined;
}

export function validateOrder(o: OrderInput): string | undefined {
  if (o.paused) return "market.error.paused";
  if (!o.tick.ok) return `market.error.price.${o.tick.error}`;
  if (!o.lots.ok) return `market.error.amount.${o.lots.error}`;
  if (o.lots.value < BigInt(Math.max(1, o.minLots))) return "market.error.tooSmall";
  if (o.tick.value < o.band.low || o.tick.value > o.band.high) return "market.error.outsideBand";
  if (o.expiryMinutes.trim() !== "") {
    if (o.kind === 1) return "market.error.iocExpiry";
    const minutes = Number(o.expiryMinutes);
    if (!Number.isFinite(minutes) || minutes <= 0) return "market.error.expiry";
  }
  if (o.required === undefined || o.required > o.balance) return "form.insufficientBalance";
  return undefined;
}
