/**
 * The market-manipulation patterns the risk tests play on a real local chain (audit/risk.test.ts
 * for `audit risk`, indexer/test/risk.test.ts for the indexer's /api/risk/*): first an honest
 * history (every account gets PCC; twelve households give neighbours PCC and trade the audit's
 * order-book history), then, through the book's public functions,
 *   1. wash trading: W funds A (PCC and quote) and B (quote); A and B trade 10 lots back and forth;
 *   2. spoofing: S layers 120 lots of bids under the best bid, sells 2 lots, cancels the layer;
 *   3. off reference: with the reference at 1,000 (band ±20 %), X sells 2 lots to Y at 1,150;
 *   4. concentration: three households offer 50 lots each; C buys all 150 (¾ of all volume).
 */
import { Contract, id, MaxUint256, type ContractTransactionResponse, type InterfaceAbi, type JsonRpcSigner } from "ethers";
import { type PcxAddresses } from "../../sdk/deployment.js";
import { pcxAbis } from "../../sdk/contracts.js";
import { decodeLog } from "../events.js";
import { OrderKind, Side } from "../../sdk/orderbook.js";
import type { LocalNode } from "./local-node.js";
import { tradeOnTheBook } from "./simulate-book.js";

const KG = 10n ** 18n;

export interface RiskPatterns {
  /** The twelve honest households (lower case). */
  honest: string[];
  /** The last block of the honest history. */
  honestEnd: number;
  /** The actors W, A, B, S, C, X, Y (lower case). */
  p: Record<string, string>;
  /** Transaction hashes per pattern: washFunding, wash, spoofSale, spoofCancels, offReference, concentration. */
  tx: Record<string, string[]>;
  /** The spoofer's cancelled orders. */
  spoofIds: bigint[];
}

export async function playRiskPatterns(node: LocalNode, addresses: PcxAddresses): Promise<RiskPatterns> {
  const signers = await Promise.all(Array.from({ length: 20 }, (_, i) => node.provider.getSigner(i)));
  const admin = signers[0]!;
  const bookAbi = pcxAbis.OrderBook;
  const book = (who: JsonRpcSigner) => new Contract(addresses.OrderBook!, bookAbi, who);
  const pcc = (who: JsonRpcSigner) => new Contract(addresses.CarbonCredit!, pcxAbis.CarbonCredit, who);
  const usd = (who: JsonRpcSigner) => new Contract(addresses.TestUSD!, pcxAbis.TestUSD, who);
  const send = async (t: Promise<{ wait(): Promise<unknown> }>) => void (await (await t).wait());
  const sent = async (t: Promise<ContractTransactionResponse>) => (await (await t).wait())!.hash;
  const now = async () => BigInt(((await node.provider.send("eth_getBlockByNumber", ["latest", false])) as { timestamp: string }).timestamp);
  const jumpTo = async (ts: bigint) => {
    await node.provider.send("evm_setNextBlockTimestamp", [Number(ts)]);
    await node.provider.send("evm_mine", []);
  };

  // Every account gets an allowance-sized PCC balance (minted: the zero address is no funder).
  await send(pcc(admin).grantRole(id("MINTER_ROLE"), await admin.getAddress()));
  for (const s of signers.slice(1)) await send(pcc(admin).mint(await s.getAddress(), 400n * KG));

  // Ordinary trading: households give neighbours PCC, then the audit's order-book history.
  const people = signers.slice(2, 14);
  const honest = await Promise.all(people.map(async (s) => (await s.getAddress()).toLowerCase()));
  for (let i = 0; i < 6; i++) await send(pcc(people[i]!).transfer(honest[11 - i], (40n + BigInt(i) * 10n) * KG));
  await tradeOnTheBook(addresses, people, send, now, jumpTo);
  // Straight from the node: ethers caches getBlockNumber for a moment.
  const honestEnd = Number(await node.provider.send("eth_blockNumber", []));

  const [W, A, B, S, C, X] = signers.slice(14) as JsonRpcSigner[];
  const Y = signers[1]!;
  const p: Record<string, string> = {};
  for (const [name, s] of Object.entries({ W, A, B, S, C, X, Y })) p[name] = (await s!.getAddress()).toLowerCase();
  for (const s of [W, A, B, S, C, X, Y]) {
    await send(pcc(s!).approve(addresses.OrderBook, MaxUint256));
    await send(usd(s!).approve(addresses.OrderBook, MaxUint256));
  }
  for (const s of [W, S, C, Y]) await send(usd(s!).faucet());
  const place = async (who: JsonRpcSigner, side: Side, tick: number, lots: number, kind: OrderKind = OrderKind.GoodTillCancel) => {
    const receipt = (await (await book(who).placeOrder(side, tick, lots, kind, 0, 0)).wait())!;
    let orderId = 0n;
    for (const log of receipt.logs) {
      const parsed = decodeLog(pcxAbis.OrderBook, log);
      if (parsed?.eventName === "OrderPlaced") orderId = parsed.args.orderId;
    }
    return { hash: receipt.hash, orderId };
  };
  const tx: Record<string, string[]> = {};
  const spoofIds: bigint[] = [];

  // 1. Wash trading.
  tx.washFunding = [
    await sent(pcc(W!).transfer(p.A, 50n * KG)),
    await sent(usd(W!).transfer(p.A, 2_000_000n)),
    await sent(usd(W!).transfer(p.B, 2_000_000n)),
  ];
  await place(A!, Side.Ask, 1004, 10);
  const leg1 = await place(B!, Side.Bid, 1004, 10, OrderKind.ImmediateOrCancel);
  await place(B!, Side.Ask, 1004, 10);
  const leg2 = await place(A!, Side.Bid, 1004, 10, OrderKind.ImmediateOrCancel);
  tx.wash = [leg1.hash, leg2.hash];

  // 2. Spoofing: bids just under the best bid (1003), a 2-lot sale into it, then the cancels.
  for (const tick of [1002, 1000, 999, 998, 997, 996]) spoofIds.push((await place(S!, Side.Bid, tick, 20)).orderId);
  tx.spoofSale = [(await place(S!, Side.Ask, 1003, 2, OrderKind.ImmediateOrCancel)).hash];
  tx.spoofCancels = [];
  for (const orderId of spoofIds) tx.spoofCancels.push(await sent(book(S!).cancel(orderId)));

  // 3. Off reference.
  await send(book(admin).setAutoReference(false));
  await send(book(admin).setReferenceTick(1000));
  await place(X!, Side.Ask, 1150, 2);
  tx.offReference = [(await place(Y, Side.Bid, 1150, 2, OrderKind.ImmediateOrCancel)).hash];

  // 4. Concentration.
  for (const [i, tick] of [1002, 1003, 1004].entries()) await place(people[i]!, Side.Ask, tick, 50);
  tx.concentration = [(await place(C!, Side.Bid, 1004, 150, OrderKind.ImmediateOrCancel)).hash];

  return { honest, honestEnd, p, tx, spoofIds };
}
