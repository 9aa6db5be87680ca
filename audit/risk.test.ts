/**
 * End to end: the market risk signals (`audit risk`) on a real local chain. First the audit's
 * ordinary order-book history (audit/test/simulate-book.ts, twelve households, with PCC gifts
 * between neighbours) must raise nothing; then four manipulations are played through the book's
 * public functions — a wash-trading pair funded by one wallet, a spoofing burst, a trade far from
 * the reference price (inside the band), an account buying most of the volume — and each must be
 * flagged with its evidence, and nobody else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Contract, id, MaxUint256, type ContractTransactionResponse, type InterfaceAbi, type JsonRpcSigner } from "ethers";
import { loadAbi, loadAddresses, type PcxAddresses } from "../sdk/deployment.js";
import { OrderKind, Side } from "../sdk/orderbook.js";
import { runAuditCli, startDeployedNode, type LocalNode } from "./test/local-node.js";
import { tradeOnTheBook } from "./test/simulate-book.js";
import { openTarget } from "./context.js";
import { runRisk } from "./risk.js";

interface JsonFlag {
  signal: string;
  score: number;
  accounts: string[];
  txHashes: string[];
  orderIds: string[];
  details: Record<string, unknown>;
}
interface JsonRisk {
  flags: JsonFlag[];
  summary: { trades: number; unattributedLots: string; flags: Record<string, number> };
  accounts: { account: string }[];
}

const KG = 10n ** 18n;

describe("audit risk on a local chain", () => {
  let node: LocalNode;
  let addresses: PcxAddresses;
  let honestEnd: number;
  let honest: string[];
  const p: Record<string, string> = {};
  const tx: Record<string, string[]> = {};
  let spoofIds: bigint[] = [];

  beforeAll(async () => {
    node = await startDeployedNode();
    addresses = loadAddresses(node.deploymentId);
    const signers = await Promise.all(Array.from({ length: 20 }, (_, i) => node.provider.getSigner(i)));
    const admin = signers[0]!;
    const bookAbi = loadAbi("OrderBook") as InterfaceAbi;
    const book = (who: JsonRpcSigner) => new Contract(addresses.OrderBook!, bookAbi, who);
    const pcc = (who: JsonRpcSigner) => new Contract(addresses.CarbonCredit!, loadAbi("CarbonCredit") as InterfaceAbi, who);
    const usd = (who: JsonRpcSigner) => new Contract(addresses.TestUSD!, loadAbi("TestUSD") as InterfaceAbi, who);
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
    honest = await Promise.all(people.map(async (s) => (await s.getAddress()).toLowerCase()));
    for (let i = 0; i < 6; i++) await send(pcc(people[i]!).transfer(honest[11 - i], (40n + BigInt(i) * 10n) * KG));
    await tradeOnTheBook(addresses, people, send, now, jumpTo);
    honestEnd = await node.provider.getBlockNumber();

    const [W, A, B, S, C, X] = signers.slice(14) as JsonRpcSigner[];
    const Y = signers[1]!;
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
        const parsed = book(who).interface.parseLog(log);
        if (parsed?.name === "OrderPlaced") orderId = parsed.args.orderId as bigint;
      }
      return { hash: receipt.hash, orderId };
    };

    // 1. Wash trading: W funds A with PCC and both with quote; A and B trade 10 lots back and forth.
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

    // 2. Spoofing: S layers 120 lots of bids just under the best bid (1003), sells 2 lots into
    //    the best bid, and cancels the layer.
    for (const tick of [1002, 1000, 999, 998, 997, 996]) spoofIds.push((await place(S!, Side.Bid, tick, 20)).orderId);
    tx.spoofSale = [(await place(S!, Side.Ask, 1003, 2, OrderKind.ImmediateOrCancel)).hash];
    tx.spoofCancels = [];
    for (const orderId of spoofIds) tx.spoofCancels.push(await sent(book(S!).cancel(orderId)));

    // 3. Off reference: with the reference at 1,000 (band ±20 %), X sells 2 lots to Y at 1,150.
    await send(book(admin).setAutoReference(false));
    await send(book(admin).setReferenceTick(1000));
    await place(X!, Side.Ask, 1150, 2);
    tx.offReference = [(await place(Y, Side.Bid, 1150, 2, OrderKind.ImmediateOrCancel)).hash];

    // 4. Concentration: three households offer 50 lots each; C buys all 150 (¾ of all volume).
    for (const [i, tick] of [1002, 1003, 1004].entries()) await place(people[i]!, Side.Ask, tick, 50);
    tx.concentration = [(await place(C!, Side.Bid, 1004, 150, OrderKind.ImmediateOrCancel)).hash];
  });
  afterAll(async () => {
    await node?.stop();
  });

  it("raises nothing on the ordinary history", async () => {
    const target = await openTarget({ rpc: node.url, deploymentId: node.deploymentId, toBlock: honestEnd });
    const report = await runRisk(target);
    target.provider.destroy();
    expect(report.summary.trades).toBeGreaterThan(5);
    expect(report.summary.unattributedLots).toBe(0n);
    expect(report.flags).toEqual([]);
  });

  it("flags each manipulation with its evidence, and no honest household", async () => {
    const { code, stdout, stderr } = await runAuditCli(["risk", "--json", "--rpc", node.url, "--deployment", node.deploymentId]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as JsonRisk;
    const of = (signal: string) => report.flags.filter((f) => f.signal === signal);

    const [wash, ...moreWash] = of("wash");
    expect(moreWash).toEqual([]);
    expect(wash!.accounts).toEqual(expect.arrayContaining([p.A, p.B, p.W]));
    expect(wash!.details).toMatchObject({ fundingOrigin: p.W, loopLength: 3, roundTrip: true, balance: 1, volumeShare: 1 });
    expect(wash!.txHashes).toEqual(expect.arrayContaining([...tx.wash!, tx.washFunding![0], tx.washFunding![2]]));

    const [spoof, ...moreSpoof] = of("spoofing");
    expect(moreSpoof).toEqual([]);
    expect(spoof!.accounts).toEqual([p.S]);
    expect(spoof!.orderIds).toEqual(spoofIds.map(String));
    expect(spoof!.details).toMatchObject({ orders: 6, cancelledLots: "120", tradedLots: "2", mainSide: "bids", nearBestShare: 1, oppositeTrades: tx.spoofSale });
    expect(spoof!.txHashes).toEqual(expect.arrayContaining([...tx.spoofCancels!, ...tx.spoofSale!]));

    const [off, ...moreOff] = of("offReference");
    expect(moreOff).toEqual([]);
    expect(off!.txHashes).toEqual(tx.offReference);
    expect(off!.accounts).toEqual([p.Y, p.X]);
    expect(off!.details.referenceTick).toBe(1000);
    expect(off!.details.distanceBps as number).toBeGreaterThan(1_400);
    expect(off!.details.distanceBps as number).toBeLessThanOrEqual(1_500);

    const buyers = of("concentration").filter((f) => f.details.measure === "buyVolume");
    expect(buyers.map((f) => f.accounts)).toEqual([[p.C]]);
    expect(buyers[0]!.score).toBeGreaterThan(0.7);
    expect(buyers[0]!.txHashes).toEqual(expect.arrayContaining(tx.concentration!));

    // Nobody else: every flagged account is one of the manipulators (the spoofer may also show up
    // for holding most of the resting bids while its layer stood — it did).
    const manipulators = new Set(Object.values(p));
    expect(report.accounts.map((a) => a.account).filter((a) => !manipulators.has(a))).toEqual([]);
    for (const h of honest) expect(report.accounts.map((a) => a.account)).not.toContain(h);
  });

  it("prints the flags with their evidence for a person", async () => {
    const { code, stdout } = await runAuditCli(["risk", "--rpc", node.url, "--deployment", node.deploymentId, "--window", "all"]);
    expect(code).toBe(0);
    if (process.env.PCX_RISK_PRINT) console.log(stdout);
    expect(stdout).toMatch(/\[wash\] score 0\.\d\d — /);
    expect(stdout).toContain(`funding: ${p.W} -pcc-> ${p.A} (${tx.washFunding![0]})`);
    expect(stdout).toContain("[spoofing]");
    expect(stdout).toContain(tx.offReference![0]);
    expect(stdout).toContain("Accounts flagged");
  });
});
