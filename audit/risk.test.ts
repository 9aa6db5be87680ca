/**
 * End to end: the market risk signals (`audit risk`) on a real local chain. First the audit's
 * ordinary order-book history (audit/test/simulate-book.ts, twelve households, with PCC gifts
 * between neighbours) must raise nothing; then four manipulations are played through the book's
 * public functions — a wash-trading pair funded by one wallet, a spoofing burst, a trade far from
 * the reference price (inside the band), an account buying most of the volume — and each must be
 * flagged with its evidence, and nobody else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAddresses, type PcxAddresses } from "../sdk/deployment.js";
import { runAuditCli, startDeployedNode, type LocalNode } from "./test/local-node.js";
import { playRiskPatterns } from "./test/risk-patterns.js";
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


describe("audit risk on a local chain", () => {
  let node: LocalNode;
  let addresses: PcxAddresses;
  let honestEnd: number;
  let honest: string[];
  let p: Record<string, string> = {};
  let tx: Record<string, string[]> = {};
  let spoofIds: bigint[] = [];

  beforeAll(async () => {
    node = await startDeployedNode();
    addresses = loadAddresses(node.deploymentId);
    ({ honest, honestEnd, p, tx, spoofIds } = await playRiskPatterns(node, addresses));
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
