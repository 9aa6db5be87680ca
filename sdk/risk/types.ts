/**
 * The input and output types of the market risk signals (docs/market-risk.md). Pure data: no
 * ethers or viem, so the audit CLI (events from RPC) and the indexer (events from its tables)
 * feed the same rules. Addresses are lower-case 0x strings; amounts are bigint; ticks, block
 * numbers and timestamps (unix seconds) are numbers.
 */
import type { CancelReason, OrderKind, Side } from "../orderbook.js";

/** Where an event happened, for ordering and for evidence. */
export interface EventPosition {
  blockNumber: number;
  logIndex: number;
  txHash: string;
  /** Block timestamp, unix seconds. */
  timestamp: number;
}

/** `OrderPlaced`: side and tick are decoded from the id (sdk/orderbook.ts decodeOrderId). */
export interface PlacedEvent extends EventPosition {
  kind: "placed";
  orderId: bigint;
  owner: string;
  lots: bigint;
  expiry: bigint;
  orderKind: OrderKind;
}

/** `Trade`: one taker against one price level (the makers follow from the FIFO queue). */
export interface TradeEvent extends EventPosition {
  kind: "trade";
  taker: string;
  takerSide: Side;
  tick: number;
  epoch: bigint;
  fromPosition: bigint;
  lots: bigint;
  quoteAmount: bigint;
  fee: bigint;
}

/** `OrderCancelled`. */
export interface CancelledEvent extends EventPosition {
  kind: "cancelled";
  orderId: bigint;
  owner: string;
  reason: CancelReason;
  cancelledLots: bigint;
  refund: bigint;
}

/** `Claimed`. */
export interface ClaimedEvent extends EventPosition {
  kind: "claimed";
  orderId: bigint;
  owner: string;
  lots: bigint;
  amount: bigint;
}

/** `ReferencePriceSet` (0 = band off). */
export interface ReferenceEvent extends EventPosition {
  kind: "reference";
  referenceTick: number;
  period: number;
  fromClose: boolean;
}

/** An ERC-20 `Transfer` of PCC or of the quote token (mints and burns included; see ignore lists). */
export interface TransferEvent extends EventPosition {
  kind: "transfer";
  token: "pcc" | "quote";
  from: string;
  to: string;
  amount: bigint;
}

export type RiskEvent = PlacedEvent | TradeEvent | CancelledEvent | ClaimedEvent | ReferenceEvent | TransferEvent;

/** One maker filled by one taker: a Trade split by the FIFO queue (sdk/risk/replay.ts). */
export interface Fill {
  /** Index of the Trade event in the input (fills of one Trade share it). */
  tradeIndex: number;
  txHash: string;
  blockNumber: number;
  logIndex: number;
  timestamp: number;
  taker: string;
  maker: string;
  makerOrderId: bigint;
  /** The buyer and the seller of this fill. */
  buyer: string;
  seller: string;
  takerSide: Side;
  tick: number;
  lots: bigint;
  quote: bigint;
}

export type SignalKind = "wash" | "spoofing" | "offReference" | "concentration";

/** One signal that fired: a score in [0, 1], and what made it fire. */
export interface Flag {
  signal: SignalKind;
  /** 0 … 1; a flag is emitted only at or above the signal's threshold. */
  score: number;
  /** One line a person can read. */
  summary: string;
  accounts: string[];
  txHashes: string[];
  orderIds: bigint[];
  /** Rule-specific figures (volume shares, distances, counts, the loop's path). */
  details: Record<string, string | number | boolean | string[]>;
}

/** Thresholds and windows; every default is explained in docs/market-risk.md. */
export interface RiskConfig {
  /** Addresses that never count as a funding link (the book, the tokens, PCX contracts, 0x0). */
  ignore: string[];
  wash: {
    /** Longest transfer path (hops) that links two accounts. */
    maxHops: number;
    /** A sender with more distinct recipients than this is a hub (faucet, exchange), not a link. */
    hubFanout: number;
    /** Flag a linked pair at or above this score. */
    threshold: number;
  };
  spoofing: {
    /** Burst window, and the longest order life that counts as place-and-cancel (seconds). */
    windowSec: number;
    /** Fewest owner-cancelled orders in one window. */
    minOrders: number;
    /** Cancelled lots must be at least this many times the lots traded around the burst. */
    cancelToTradeRatio: number;
    /** "Near the best price": within this many bps of the same side's best price when placed. */
    nearBps: number;
    threshold: number;
  };
  offReference: {
    /** Rolling VWAP over the trades of the last `vwapWindowSec` seconds. */
    vwapWindowSec: number;
    /** Fewest earlier trades for a VWAP to count. */
    minVwapTrades: number;
    /** Flag a trade at least this far (bps) from its reference(s). */
    flagBps: number;
    /** Distance that scores 1. */
    fullScoreBps: number;
  };
  concentration: {
    /** Bucket length in seconds; Infinity = the whole range as one window. */
    windowSec: number;
    /** Flag an account whose share of one side's volume or time-weighted resting depth is at least this. */
    threshold: number;
    /** A side with fewer distinct accounts in the window is too thin to judge. */
    minAccounts: number;
  };
}

export const DEFAULT_RISK_CONFIG: RiskConfig = {
  ignore: ["0x0000000000000000000000000000000000000000"],
  wash: { maxHops: 3, hubFanout: 8, threshold: 0.5 },
  spoofing: { windowSec: 600, minOrders: 5, cancelToTradeRatio: 5, nearBps: 100, threshold: 0.5 },
  offReference: { vwapWindowSec: 86_400, minVwapTrades: 3, flagBps: 500, fullScoreBps: 2_000 },
  concentration: { windowSec: Number.POSITIVE_INFINITY, threshold: 0.6, minAccounts: 3 },
};

/** A partial config merged over the defaults. */
export type RiskConfigInput = { ignore?: string[] } & { [K in Exclude<keyof RiskConfig, "ignore">]?: Partial<RiskConfig[K]> };

export function riskConfig(input: RiskConfigInput = {}): RiskConfig {
  const d = DEFAULT_RISK_CONFIG;
  return {
    ignore: [...new Set([...d.ignore, ...(input.ignore ?? [])].map((a) => a.toLowerCase()))],
    wash: { ...d.wash, ...input.wash },
    spoofing: { ...d.spoofing, ...input.spoofing },
    offReference: { ...d.offReference, ...input.offReference },
    concentration: { ...d.concentration, ...input.concentration },
  };
}
