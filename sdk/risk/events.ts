/**
 * Decoded logs → `RiskEvent`s, for any decoder: ethers' `Result` and viem's/Ponder's `args`
 * objects both give the event's fields by name (ethers as bigint, viem as number for small uints),
 * so every field is coerced here. The audit CLI (audit/risk.ts) and the indexer share it.
 */
import type { CancelReason, OrderKind, Side } from "../orderbook.js";
import type { EventPosition, RiskEvent } from "./types.js";

/** Field access by name: a plain object, or an ethers `Result`. */
export type LogArgs = Readonly<Record<string, unknown>>;

const big = (v: unknown): bigint => BigInt(v as bigint | number | string);
const num = (v: unknown): number => Number(v as bigint | number);
const address = (v: unknown): string => String(v).toLowerCase();

/**
 * The risk input for one decoded log. `source` says which contract emitted it: the order book,
 * the PCC token or the book's quote token. Events the rules do not use give undefined.
 */
export function riskEventFromLog(source: "book" | "pcc" | "quote", name: string, args: LogArgs, at: EventPosition): RiskEvent | undefined {
  const position = { blockNumber: at.blockNumber, logIndex: at.logIndex, txHash: at.txHash, timestamp: at.timestamp };
  if (source !== "book") {
    if (name !== "Transfer") return undefined;
    return { kind: "transfer", ...position, token: source, from: address(args.from), to: address(args.to), amount: big(args.value) };
  }
  switch (name) {
    case "OrderPlaced":
      return { kind: "placed", ...position, orderId: big(args.orderId), owner: address(args.owner), lots: big(args.lots), expiry: big(args.expiry), orderKind: num(args.kind) as OrderKind };
    case "Trade":
      return {
        kind: "trade",
        ...position,
        taker: address(args.taker),
        takerSide: num(args.takerSide) as Side,
        tick: num(args.tick),
        epoch: big(args.epoch),
        fromPosition: big(args.fromPosition),
        lots: big(args.lots),
        quoteAmount: big(args.quoteAmount),
        fee: big(args.fee),
      };
    case "OrderCancelled":
      return { kind: "cancelled", ...position, orderId: big(args.orderId), owner: address(args.owner), reason: num(args.reason) as CancelReason, cancelledLots: big(args.cancelledLots), refund: big(args.refund) };
    case "Claimed":
      return { kind: "claimed", ...position, orderId: big(args.orderId), owner: address(args.owner), lots: big(args.lots), amount: big(args.amount) };
    case "ReferencePriceSet":
      return { kind: "reference", ...position, referenceTick: num(args.referenceTick), period: num(args.period), fromClose: Boolean(args.fromClose) };
    default:
      return undefined;
  }
}

/** Chain order: block number, then log index. */
export function sortRiskEvents<T extends EventPosition>(events: T[]): T[] {
  return events.sort((x, y) => x.blockNumber - y.blockNumber || x.logIndex - y.logIndex);
}
