/**
 * The order book rebuilt from its events with the plainest possible model — one FIFO queue of
 * orders per (side, tick, epoch), each Trade walked maker by maker — independent of the
 * contract's fill rule (cumulative filled lots + cancel tree). From it: every order's fill and
 * claims, every level's queue figures, the best prices, the fees owed to the treasury, and what
 * the book owes in each token. checkOrderBook compares all of that with the contract's views and
 * with the book's actual token balances (escrow solvency, to the unit).
 *
 * Event-level rules checked while replaying (each a named check):
 *   OrderPlaced.start = raw lots already queued in the level's epoch;
 *   Trade.fromPosition = live lots already filled in the level's epoch; Trade.lots ≤ live size;
 *   Trade.quoteAmount = lots × tick × quotePerTickLot; Trade.fee = ⌊quoteAmount × feeBps / 10,000⌋
 *   with the fee in force (FeeChanged);
 *   Claimed.lots ≤ filled − claimed; Claimed.amount = lots × lotSize (bid) or quote of lots (ask);
 *   OrderCancelled.cancelledLots = lots − filled; OrderCancelled.refund = escrow of those lots.
 */
import { erc20Abi } from "viem";
import { decodeOrderId, Side } from "../../sdk/orderbook.js";
import type { CheckList } from "../checks.js";
import { atBlock, type AuditTarget, type ContractEvents } from "../context.js";
const BPS = 10_000n;

export interface RebuiltOrder {
  id: bigint;
  owner: string;
  side: Side;
  tick: bigint;
  epoch: bigint;
  lots: bigint;
  filled: bigint;
  claimed: bigint;
  cancelled: boolean;
}

interface LevelEpoch {
  orders: RebuiltOrder[];
  /** First order that may still take fills (FIFO cursor). */
  cursor: number;
  raw: bigint;
  filled: bigint;
  cancelled: bigint;
}

/** One rule broken by an event, found while replaying. */
export interface EventFinding {
  figure: string;
  subject: string;
  expected: bigint;
  actual: bigint;
}

export interface OrderBookState {
  orders: Map<bigint, RebuiltOrder>;
  /** key `${side}/${tick}` → epoch → queue. */
  levels: Map<string, Map<bigint, LevelEpoch>>;
  feesAccrued: bigint;
  feesWithdrawn: bigint;
  trades: number;
  findings: EventFinding[];
  /** Every (event, rule) the replay checked, to report how much was verified. */
  eventChecks: number;
}

export interface BookUnits {
  lotSize: bigint;
  quotePerTickLot: bigint;
}

const levelKey = (side: Side | number, tick: bigint) => `${side}/${tick}`;

export function rebuildOrderBook(events: readonly ContractEvents<"OrderBook">[], units: BookUnits): OrderBookState {
  const state: OrderBookState = { orders: new Map(), levels: new Map(), feesAccrued: 0n, feesWithdrawn: 0n, trades: 0, findings: [], eventChecks: 0 };
  const expect = (figure: string, subject: string, expected: bigint, actual: bigint) => {
    state.eventChecks++;
    if (expected !== actual) state.findings.push({ figure, subject, expected, actual });
  };
  const levelEpoch = (side: Side | number, tick: bigint, epoch: bigint): LevelEpoch => {
    let epochs = state.levels.get(levelKey(side, tick));
    if (!epochs) state.levels.set(levelKey(side, tick), (epochs = new Map()));
    let level = epochs.get(epoch);
    if (!level) epochs.set(epoch, (level = { orders: [], cursor: 0, raw: 0n, filled: 0n, cancelled: 0n }));
    return level;
  };
  const quoteOf = (lots: bigint, tick: bigint) => lots * tick * units.quotePerTickLot;
  let feeBps = 0n; // the constructor starts without a fee; only FeeChanged moves it

  for (const e of events) {
    switch (e.eventName) {
      case "FeeChanged":
        feeBps = e.args.feeBps;
        break;
      case "OrderPlaced": {
        const id = e.args.orderId;
        const decoded = decodeOrderId(id);
        const order: RebuiltOrder = {
          id,
          owner: e.args.owner.toLowerCase(),
          side: decoded.side,
          tick: decoded.tick,
          epoch: decoded.epoch,
          lots: e.args.lots,
          filled: 0n,
          claimed: 0n,
          cancelled: false,
        };
        const level = levelEpoch(order.side, order.tick, order.epoch);
        expect("OrderPlaced.start", `order ${id}`, level.raw, e.args.start);
        expect("OrderPlaced.owner = id's owner", `order ${id}`, BigInt(decoded.owner), BigInt(order.owner));
        level.orders.push(order);
        level.raw += order.lots;
        state.orders.set(id, order);
        break;
      }
      case "Trade": {
        state.trades++;
        const tick = BigInt(e.args.tick); // uint24: a number from the decoder
        const makerSide = e.args.takerSide === Side.Bid ? Side.Ask : Side.Bid;
        const level = levelEpoch(makerSide, tick, BigInt(e.args.epoch));
        const lots = e.args.lots;
        const subject = `trade in block ${e.blockNumber} log ${e.logIndex} (${makerSide === Side.Ask ? "asks" : "bids"} at tick ${tick})`;
        expect("Trade.fromPosition", subject, level.filled, e.args.fromPosition);
        const quote = quoteOf(lots, tick);
        expect("Trade.quoteAmount", subject, quote, e.args.quoteAmount);
        expect("Trade.fee", subject, (quote * feeBps) / BPS, e.args.fee);
        state.feesAccrued += e.args.fee;
        // Walk the makers in queue order, as a FIFO matching engine would.
        let left = lots;
        while (left > 0n && level.cursor < level.orders.length) {
          const maker = level.orders[level.cursor]!;
          const open = maker.cancelled ? 0n : maker.lots - maker.filled;
          const take = open < left ? open : left;
          maker.filled += take;
          left -= take;
          if (maker.cancelled || maker.filled === maker.lots) level.cursor++;
        }
        expect("Trade.lots within the level's live size", subject, 0n, left);
        level.filled += lots - left;
        break;
      }
      case "Claimed": {
        const id = e.args.orderId;
        const order = state.orders.get(id);
        const lots = e.args.lots;
        if (!order) {
          expect("Claimed of a placed order", `order ${id}`, 1n, 0n);
          break;
        }
        expect("Claimed.lots ≤ unclaimed fill", `order ${id}`, 1n, lots <= order.filled - order.claimed ? 1n : 0n);
        expect("Claimed.amount", `order ${id}`, order.side === Side.Bid ? lots * units.lotSize : quoteOf(lots, order.tick), e.args.amount);
        order.claimed += lots;
        break;
      }
      case "OrderCancelled": {
        const id = e.args.orderId;
        const order = state.orders.get(id);
        if (!order) {
          expect("OrderCancelled of a placed order", `order ${id}`, 1n, 0n);
          break;
        }
        const removed = order.lots - order.filled;
        expect("OrderCancelled.cancelledLots", `order ${id}`, removed, e.args.cancelledLots);
        expect("OrderCancelled.refund", `order ${id}`, order.side === Side.Bid ? quoteOf(removed, order.tick) : removed * units.lotSize, e.args.refund);
        order.cancelled = true;
        levelEpoch(order.side, order.tick, order.epoch).cancelled += removed;
        break;
      }
      case "FeesWithdrawn":
        state.feesWithdrawn += e.args.amount;
        break;
    }
  }
  return state;
}

/** What the book owes, per token, according to the rebuilt orders. */
export function bookObligations(state: OrderBookState, units: BookUnits) {
  let pcc = 0n; // unfilled asks' escrow + bids' unclaimed fills
  let quote = state.feesAccrued - state.feesWithdrawn; // fees owed to the treasury
  let openOrders = 0;
  for (const o of state.orders.values()) {
    const unfilled = o.cancelled ? 0n : o.lots - o.filled;
    const unclaimed = o.filled - o.claimed;
    if (o.side === Side.Ask) {
      pcc += unfilled * units.lotSize;
      quote += unclaimed * o.tick * units.quotePerTickLot;
    } else {
      quote += unfilled * o.tick * units.quotePerTickLot;
      pcc += unclaimed * units.lotSize;
    }
    if (isOpen(o)) openOrders++;
  }
  return { pcc, quote, openOrders };
}

/** The contract keeps an order until it is cancelled or its whole size is claimed. */
function isOpen(o: RebuiltOrder): boolean {
  return !o.cancelled && o.claimed < o.lots;
}

export async function checkOrderBook(target: AuditTarget, state: OrderBookState, units: BookUnits, checks: CheckList): Promise<void> {
  const book = target.contracts.OrderBook;
  if (!book) throw new Error("no OrderBook address to check the book against");
  const at = atBlock(target);
  for (const f of state.findings) checks.equal("orderbook", f.figure, f.subject, f.expected, f.actual);
  checks.equal("orderbook", "event rules broken while replaying", `OrderBook (${state.eventChecks} rule checks over ${state.orders.size} orders, ${state.trades} trades)`, 0n, BigInt(state.findings.length));

  // Every order, open or closed, against getOrder.
  for (const o of state.orders.values()) {
    const info = await book.read.getOrder([o.id], at);
    const subject = `order ${o.id} (${o.side === Side.Ask ? "ask" : "bid"} ${o.lots} lots at tick ${o.tick})`;
    checks.equal("orderbook", "getOrder.open", subject, isOpen(o), info.open);
    if (isOpen(o)) {
      checks.equal("orderbook", "getOrder.filled", subject, o.filled, info.filled);
      checks.equal("orderbook", "getOrder.claimed", subject, o.claimed, info.claimed);
      checks.equal("orderbook", "getOrder.lots", subject, o.lots, info.lots);
    }
  }

  // Every level's current epoch against levelState; best prices from the live levels.
  let bestBid = 0n;
  let bestAsk = 0n;
  for (const [key, epochs] of state.levels) {
    const [side, tick] = key.split("/").map(BigInt) as [bigint, bigint];
    const epoch = [...epochs.keys()].reduce((a, b) => (b > a ? b : a));
    const level = epochs.get(epoch)!;
    const live = level.raw - level.filled - level.cancelled;
    const [epochOnChain, orders, queued, filled, cancelled, liveOnChain] = await book.read.levelState([Number(side), Number(tick)], at);
    const subject = `${side === BigInt(Side.Ask) ? "ask" : "bid"} level at tick ${tick}, epoch ${epoch}`;
    checks.equal("orderbook", "levelState.epoch", subject, epoch, BigInt(epochOnChain));
    checks.equal("orderbook", "levelState.orders", subject, BigInt(level.orders.length), BigInt(orders));
    checks.equal("orderbook", "levelState.queued", subject, level.raw, queued);
    checks.equal("orderbook", "levelState.filled", subject, level.filled, filled);
    checks.equal("orderbook", "levelState.cancelled", subject, level.cancelled, cancelled);
    checks.equal("orderbook", "levelState.live", subject, live, liveOnChain);
    if (live > 0n && side === BigInt(Side.Bid) && tick > bestBid) bestBid = tick;
    if (live > 0n && side === BigInt(Side.Ask) && (bestAsk === 0n || tick < bestAsk)) bestAsk = tick;
  }
  const [bidExists, bidTick] = await book.read.bestBid(at);
  const [askExists, askTick] = await book.read.bestAsk(at);
  checks.equal("orderbook", "bestBid", "OrderBook", bestBid, bidExists ? BigInt(bidTick) : 0n);
  checks.equal("orderbook", "bestAsk", "OrderBook", bestAsk, askExists ? BigInt(askTick) : 0n);
  checks.equal("orderbook", "market.accruedFees (Σ Trade.fee − Σ FeesWithdrawn)", "OrderBook", state.feesAccrued - state.feesWithdrawn, (await book.read.market(at)).accruedFees);

  // Solvency: what the book holds in each token is exactly what it owes.
  const owed = bookObligations(state, units);
  const pccHeld = await target.contracts.CarbonCredit.read.balanceOf([book.address], at);
  const quoteHeld = await target.client.readContract({ address: await book.read.quote(at), abi: erc20Abi, functionName: "balanceOf", args: [book.address], ...at });
  checks.equal("orderbook", "escrow PCC: balance = unfilled asks + unclaimed bid fills", "OrderBook", owed.pcc, pccHeld);
  checks.equal("orderbook", "escrow quote: balance = unfilled bids + unclaimed ask proceeds + fees", "OrderBook", owed.quote, quoteHeld);
}
