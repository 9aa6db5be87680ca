/**
 * Order-book activity for the audit's busy history, through the book's public functions as its
 * users would call them: resting asks and bids over several ticks, a post-only order, takers
 * crossing several ticks with partial fills, an IOC remainder, a GTC bid that trades then rests,
 * self-trade prevention, a cancel with a fill to pay out, a cancel by a stranger after expiry,
 * claims, a fee withdrawal in the middle, and fills left unclaimed so the book holds escrow for
 * both sides at the end.
 */
import { Contract, MaxUint256, type InterfaceAbi, type JsonRpcSigner } from "ethers";
import { type PcxAddresses } from "../../sdk/deployment.js";
import { pcxAbis } from "../../sdk/contracts.js";
import { decodeLog } from "../events.js";
import { OrderKind, Side } from "../../sdk/orderbook.js";

export interface BookActivity {
  orderIds: bigint[];
  trades: number;
}

export async function tradeOnTheBook(
  addresses: PcxAddresses,
  people: JsonRpcSigner[],
  send: (tx: Promise<{ wait(): Promise<unknown> }>) => Promise<void>,
  now: () => Promise<bigint>,
  jumpTo: (ts: bigint) => Promise<void>,
): Promise<BookActivity> {
  if (!addresses.OrderBook || !addresses.TestUSD) throw new Error("the audit history needs the order book deployed (audit/test/local-node.ts)");
  const bookAbi = pcxAbis.OrderBook;
  const book = (who: JsonRpcSigner) => new Contract(addresses.OrderBook!, bookAbi, who);
  const pcc = (who: JsonRpcSigner) => new Contract(addresses.CarbonCredit!, pcxAbis.CarbonCredit, who);
  const usd = (who: JsonRpcSigner) => new Contract(addresses.TestUSD!, pcxAbis.TestUSD, who);
  const [s0, s1, s2, s3, s4, s5, b6, b7, b8, b9, b10, stranger] = people as [JsonRpcSigner, ...JsonRpcSigner[]] & JsonRpcSigner[];
  for (const p of [s0, s1, s2, s3, s4, s5]) await send(pcc(p!).approve(addresses.OrderBook, MaxUint256));
  for (const p of [s5, b6, b7, b8, b9, b10]) {
    await send(usd(p!).faucet());
    await send(usd(p!).approve(addresses.OrderBook, MaxUint256));
  }
  const orderIds: bigint[] = [];
  let trades = 0;
  /** Places an order and returns the id of what rests (0n when nothing does). */
  const place = async (who: JsonRpcSigner, side: Side, tick: number, lots: number, kind: OrderKind = OrderKind.GoodTillCancel, expiry = 0n): Promise<bigint> => {
    const receipt = await (await book(who).placeOrder(side, tick, lots, kind, expiry, 0)).wait();
    let id = 0n;
    for (const log of receipt.logs) {
      const parsed = decodeLog(pcxAbis.OrderBook, log);
      if (parsed?.eventName === "OrderPlaced") id = parsed.args.orderId;
      if (parsed?.eventName === "Trade") trades++;
    }
    if (id !== 0n) orderIds.push(id);
    return id;
  };
  const { Ask, Bid } = Side;

  // Resting asks at 1000 (three makers), 1001 (two), a post-only at 1002, two with an expiry.
  const a0 = await place(s0!, Ask, 1000, 5);
  await place(s1!, Ask, 1000, 3);
  await place(s2!, Ask, 1000, 4);
  const a3 = await place(s3!, Ask, 1001, 6);
  await place(s4!, Ask, 1001, 2);
  await place(s0!, Ask, 1002, 2, OrderKind.PostOnly);
  const expiry = (await now()) + 20n;
  await place(s5!, Ask, 1003, 7, OrderKind.GoodTillCancel, expiry);
  const a6 = await place(s2!, Ask, 1005, 3, OrderKind.GoodTillCancel, expiry);
  // Resting bids at 995 (two makers) and 990.
  const b0 = await place(b6!, Bid, 995, 4);
  await place(b7!, Bid, 995, 3);
  await place(b8!, Bid, 990, 5);

  // A buyer sweeps tick 1000 and part of 1001 (IOC, nothing rests).
  await place(b9!, Bid, 1001, 14, OrderKind.ImmediateOrCancel);
  // The partly filled ask at 1001 is cancelled: its fill is paid out, its rest refunded.
  await send(book(s3!).cancel(a3));
  await send(book(s0!).claim(a0));
  // A seller sweeps tick 995 and part of 990 (IOC).
  await place(s4!, Ask, 990, 9, OrderKind.ImmediateOrCancel);
  await send(book(b6!).claim(b0));
  // Anyone may send the accrued fees to the treasury.
  await send(book(stranger!).withdrawFees());
  // A GTC bid takes what is left at 1001 and rests its remainder there.
  await place(b10!, Bid, 1001, 5);
  // A bid meeting its owner's own ask at 1003 cancels that ask (self-trade prevention) after
  // taking the post-only ask at 1002, and rests the rest.
  await place(s5!, Bid, 1003, 4);
  // After the expiry a stranger cancels the expired ask.
  await jumpTo((await now()) + 25n);
  await send(book(stranger!).cancel(a6));
  return { orderIds, trades };
}
