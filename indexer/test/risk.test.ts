/**
 * The indexer's market risk endpoints (/api/risk/*) on a real local chain: the manipulation
 * patterns of audit/risk.test.ts (a wash-trading pair funded by one wallet, with PCC and quote; a
 * spoofing burst; a trade far from the reference; one account buying most of the volume) are
 * played through the book after an honest history, the indexer indexes them, and its report must
 * flag each pattern as the audit's RPC-fed `audit risk` does (same rules, same flags), name no
 * honest household, serve an unflagged account as score 0, page the flags, and recompute only
 * when a PCX event was indexed. Also the endpoints the app reads its market history from.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Contract, type InterfaceAbi } from "ethers";
import { loadAddresses, type PcxAddresses } from "../../sdk/deployment.js";
import { pcxAbis } from "../../sdk/contracts.js";
import { startDeployedNode, type LocalNode } from "../../audit/test/local-node.js";
import { playRiskPatterns } from "../../audit/test/risk-patterns.js";
import { openTarget } from "../../audit/context.js";
import { runRisk } from "../../audit/risk.js";
import { startIndexer, type RunningIndexer } from "./indexer-process.js";

const KG = 10n ** 18n;

describe("indexer risk signals", () => {
  let node: LocalNode;
  let ix: RunningIndexer;
  let addresses: PcxAddresses;
  let honest: string[];
  let p: Record<string, string> = {};
  let tx: Record<string, string[]> = {};
  let spoofIds: bigint[] = [];
  const head = async () => Number(await node.provider.send("eth_blockNumber", []));

  beforeAll(async () => {
    node = await startDeployedNode();
    addresses = loadAddresses(node.deploymentId);
    ix = await startIndexer({ label: "risk", rpcUrl: node.url, deploymentId: node.deploymentId });
    ({ honest, p, tx, spoofIds } = await playRiskPatterns(node, addresses));
    await ix.waitFor(await head());
  });
  afterAll(async () => {
    await ix?.stop();
    await node?.stop();
  });

  it("flags each pattern from the indexed tables exactly as the RPC-fed audit does", async () => {
    const summary = await ix.client.riskSummary({ window: "all" });
    expect(summary.trades).toBeGreaterThan(5);
    expect(summary.flags.wash).toBe(1);
    expect(summary.flags.spoofing).toBeGreaterThanOrEqual(1);
    expect(summary.flags.offReference).toBe(1);
    expect(summary.flags.concentration).toBeGreaterThanOrEqual(1);
    expect(summary.unattributedLots).toBe("0");
    expect(Number(summary.generatedAtBlock)).toBe(await head());

    const flags = await ix.client.collect(ix.client.riskFlags, { window: "all" });
    const target = await openTarget({ rpc: node.url, deploymentId: node.deploymentId });
    const audit = await runRisk(target);
    target.provider.destroy();
    const shape = (f: { signal: string; score: number; accounts: string[]; txHashes: string[]; orderIds: (bigint | string)[] }) => ({
      signal: f.signal, score: f.score, accounts: f.accounts, txHashes: f.txHashes, orderIds: f.orderIds.map(String),
    });
    expect(flags.map(shape)).toEqual(audit.flags.map(shape));

    const wash = flags.find((f) => f.signal === "wash")!;
    expect(wash.accounts).toEqual(expect.arrayContaining([p.A, p.B, p.W]));
    expect(wash.txHashes).toEqual(expect.arrayContaining([...tx.wash!, tx.washFunding![0], tx.washFunding![2]]));
    expect(wash.details).toMatchObject({ fundingOrigin: p.W, roundTrip: true });
    const spoof = flags.find((f) => f.signal === "spoofing")!;
    expect(spoof.accounts).toEqual([p.S]);
    expect(spoof.orderIds).toEqual(spoofIds.map(String));
    expect(flags.find((f) => f.signal === "offReference")!.txHashes).toEqual(tx.offReference);
    expect(flags.filter((f) => f.signal === "concentration" && f.details.measure === "buyVolume").map((f) => f.accounts)).toEqual([[p.C]]);
  });

  it("serves an account's flags, and an honest household as score 0 with no flags", async () => {
    const a = await ix.client.riskAccount(p.A!, { window: "all" });
    expect(a.score).toBeGreaterThanOrEqual(0.5);
    expect(a.scores.wash).toBeGreaterThanOrEqual(0.5);
    expect(a.flags.map((f) => f.signal)).toContain("wash");
    const s = await ix.client.riskAccount(p.S!.toUpperCase().replace("0X", "0x"), { window: "all" });
    expect(s.flags.map((f) => f.signal)).toContain("spoofing");
    for (const h of honest) {
      const r = await ix.client.riskAccount(h, { window: "all" });
      expect(r).toMatchObject({ account: h, score: 0, flags: [] });
    }
  });

  it("pages and filters the flags", async () => {
    const all = await ix.client.collect(ix.client.riskFlags, { window: "all" });
    const first = await ix.client.riskFlags({ window: "all", limit: 1 });
    expect(first.items).toEqual(all.slice(0, 1));
    expect(first.nextCursor).toBe("1");
    const second = await ix.client.riskFlags({ window: "all", limit: 1, cursor: first.nextCursor! });
    expect(second.items).toEqual(all.slice(1, 2));
    const spoofing = await ix.client.riskFlags({ window: "all", signal: "spoofing" });
    expect(spoofing.items.length).toBeGreaterThan(0);
    expect(spoofing.items.every((f) => f.signal === "spoofing")).toBe(true);
    expect((await ix.client.riskFlags({ window: "all", minScore: 1.01 }).catch((e: Error) => e)) instanceof Error).toBe(true);
    // The default window is the trailing 30 days: the whole (young) market here.
    expect((await ix.client.riskSummary()).trades).toBe((await ix.client.riskSummary({ window: "all" })).trades);
  });

  it("recomputes only when a PCX event is indexed; /api/progress moves only then", async () => {
    const before = await ix.client.riskSummary({ window: "all" });
    const progress = await ix.client.progress();
    expect(progress.lastBlock).toBe(before.generatedAtBlock);
    await ix.client.riskSummary({ window: "all" });
    // An empty block: the indexer's head moves, its PCX progress does not, and nothing is recomputed.
    await node.provider.send("evm_mine", []);
    await ix.waitFor(await head());
    expect(await ix.client.progress()).toEqual(progress);
    const again = await ix.client.riskSummary({ window: "all" });
    expect(again.computations).toBe(before.computations);
    // A PCC transfer is a PCX event: progress moves, the report is recomputed at that block.
    const signer = await node.provider.getSigner(2);
    const pcc = new Contract(addresses.CarbonCredit!, pcxAbis.CarbonCredit, signer);
    await (await pcc.transfer(honest[5], 1n * KG)).wait();
    await ix.waitFor(await head());
    const moved = await ix.client.progress();
    expect(BigInt(moved.lastOrd)).toBeGreaterThan(BigInt(progress.lastOrd));
    const after = await ix.client.riskSummary({ window: "all" });
    expect(after.computations).toBe(before.computations + 1);
    expect(after.generatedAtBlock).toBe(moved.lastBlock);
  });

  it("serves the market history the app reads: claims, unclaimed orders, the taker's trades", async () => {
    const claims = await ix.client.collect(ix.client.claims, {});
    const chainClaims = await new Contract(addresses.OrderBook!, pcxAbis.OrderBook, node.provider).queryFilter("Claimed", 0);
    expect(claims.length).toBe(chainClaims.length);
    const someOwner = claims[0]?.owner;
    if (someOwner) expect((await ix.client.collect(ix.client.claims, { owner: someOwner })).every((c) => c.owner === someOwner)).toBe(true);
    const unclaimed = await ix.client.collect(ix.client.orders, { unclaimed: 1 });
    expect(unclaimed.every((o) => BigInt(o.filled) > BigInt(o.claimedLots))).toBe(true);
    const book = new Contract(addresses.OrderBook!, pcxAbis.OrderBook, node.provider);
    for (const o of unclaimed.slice(0, 10)) {
      const chain = (await book.getOrder(o.id)) as { filled: bigint; claimed: bigint };
      expect([BigInt(o.filled), BigInt(o.claimedLots)]).toEqual([chain.filled, chain.claimed]);
    }
    const takerTrades = await ix.client.trades({ taker: p.C!, limit: 5 });
    expect(takerTrades.items.every((t) => t.taker === p.C)).toBe(true);
    expect(takerTrades.items.length).toBeGreaterThan(0);
  });
});
