/**
 * A pre-filled order for the market page, carried in its query string so the dashboard can link
 * "buy what you are short" and "sell your surplus": /market?side=buy&amount=12&price=0.01000&type=ioc.
 * The order form reads it once; every value is checked again by the form before anything is signed.
 */
export type Side = 0 | 1;
export type OrderKind = 0 | 1 | 2;

export interface OrderPrefill {
  side?: Side;
  /** kg (PCC), a plain decimal. */
  amount?: string;
  /** quote tokens per kg, a plain decimal. */
  price?: string;
  kind?: OrderKind;
}

const KINDS: Record<string, OrderKind> = { limit: 0, ioc: 1, post: 2 };
const KIND_NAMES = ["limit", "ioc", "post"] as const;
const DECIMAL = /^\d+(\.\d+)?$/;

export function prefillHref(p: OrderPrefill): string {
  const qs = new URLSearchParams();
  if (p.side !== undefined) qs.set("side", p.side === 0 ? "buy" : "sell");
  if (p.amount) qs.set("amount", p.amount);
  if (p.price) qs.set("price", p.price);
  if (p.kind !== undefined) qs.set("type", KIND_NAMES[p.kind]);
  const s = qs.toString();
  return s ? `/market?${s}` : "/market";
}

/** The pre-filled order in `params` (unknown or malformed values are ignored). */
export function readPrefill(params: { get(name: string): string | null }): OrderPrefill {
  const out: OrderPrefill = {};
  const side = params.get("side");
  if (side === "buy") out.side = 0;
  if (side === "sell") out.side = 1;
  const amount = params.get("amount");
  if (amount && DECIMAL.test(amount)) out.amount = amount;
  const price = params.get("price");
  if (price && DECIMAL.test(price)) out.price = price;
  const type = params.get("type");
  if (type && Object.hasOwn(KINDS, type)) out.kind = KINDS[type];
  return out;
}
