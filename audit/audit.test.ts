/**
 * End to end: a busy simulated history on a local Hardhat node must audit clean; then state is
 * broken on purpose with hardhat_setStorageAt (a token balance, the order book's quote escrow, an
 * emissions total, a deficit) and the audit
 * must fail, naming the figure and the account/period, until the slot is restored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AbiCoder, keccak256, toBeHex, zeroPadValue } from "ethers";
import { createPublicClient, getContract, http, type PublicClient } from "viem";
import { pcxAbis } from "../sdk/contracts.js";
import { toAddress } from "./context.js";
import { runAuditCli, startDeployedNode, type LocalNode } from "./test/local-node.js";
import { simulateHistory, type History } from "./test/simulate.js";
import type { Check } from "./checks.js";
import { demoCertifierWallet } from "../sdk/demo.js";

const coder = AbiCoder.defaultAbiCoder();

interface JsonReport {
  clean: boolean;
  fromBlock: number;
  checks: Check[];
  mismatches: Check[];
  observations: string[];
  eventCounts: Record<string, number>;
}

/** Storage key of mapping(address => …) at `slot`. */
function mappingKey(account: string, slot: number): string {
  return keccak256(coder.encode(["address", "uint256"], [account, slot]));
}
/** Storage key of mapping(address => mapping(uint32 => …)) at `slot`. */
function nestedKey(account: string, period: number, slot: number): string {
  return keccak256(coder.encode(["uint256", "bytes32"], [period, mappingKey(account, slot)]));
}

/** Finds which declared slot holds a mapping by matching a known non-zero value (layout-agnostic). */
async function findSlot(node: LocalNode, address: string, value: bigint, keyOf: (slot: number) => string): Promise<string> {
  for (let slot = 0; slot < 32; slot++) {
    const key = keyOf(slot);
    if (BigInt(await node.provider.getStorage(address, key)) === value) return key;
  }
  throw new Error(`no slot of ${address} holds ${value}`);
}

async function setStorage(node: LocalNode, address: string, key: string, value: bigint): Promise<void> {
  await node.provider.send("hardhat_setStorageAt", [address, key, zeroPadValue(toBeHex(value), 32)]);
  await node.provider.send("evm_mine", []);
}

describe("audit CLI on a busy local history", () => {
  let node: LocalNode;
  let history: History;
  let cliArgs: string[];
  let client: PublicClient;
  /** A deployed contract's typed views (viem). */
  const view = <N extends "CarbonCredit" | "TestUSD" | "EmissionOracle" | "CarbonBudget" | "Registry">(name: N) =>
    getContract({ address: toAddress(history.addresses[name] ?? ""), abi: pcxAbis[name], client });

  beforeAll(async () => {
    node = await startDeployedNode();
    history = await simulateHistory(node.provider, node.deploymentId);
    cliArgs = ["--rpc", node.url, "--deployment", node.deploymentId];
    client = createPublicClient({ transport: http(node.url) });
  });
  afterAll(async () => {
    await node?.stop();
  });

  it("reports a clean chain and exits 0", async () => {
    const { code, stdout, stderr } = await runAuditCli([...cliArgs, "--json"]);
    expect(stderr).toBe("");
    const report = JSON.parse(stdout) as JsonReport;
    expect(stderr).toBe("");
    expect(report.mismatches).toEqual([]);
    expect(report.clean).toBe(true);
    expect(code).toBe(0);
    // Without --from-block, reading starts at the deployment's first block (Ignition journal), not 0.
    expect(report.fromBlock).toBeGreaterThan(0);
    // The history really exercised every domain.
    expect(report.eventCounts.ReadingAccepted).toBeGreaterThan(50);
    expect(report.eventCounts.ReadingRejected).toBe(5);
    expect(report.eventCounts.Settled).toBe(2 * history.households.length);
    expect(report.eventCounts.RewardClaimed).toBeGreaterThan(1);
    expect(report.eventCounts.DeficitPaid).toBeGreaterThan(0);
    expect(report.eventCounts.Retired).toBe(4);
    expect(report.eventCounts.OrderPlaced).toBe(13);
    expect(report.eventCounts.Trade).toBe(6); // one per price level a taker crossed
    expect(report.eventCounts.OrderCancelled).toBe(3); // by the owner, by self-trade, after expiry
    expect(report.eventCounts.FeesWithdrawn).toBe(1);
    // Measurement trust: certified meters, one silent meter estimated and paid off, withheld rewards explained.
    expect(report.eventCounts.DeviceCertified).toBe(report.eventCounts.DeviceBound);
    expect(report.eventCounts.GapEstimated).toBe(1);
    expect(report.eventCounts.EstimatePaidOff).toBe(1);
    const figures = new Set(report.checks.map((c) => c.figure));
    for (const f of [
      "balanceOf", "emissionsOf", "deficitOf", "rewardsPaid", "rewards paid within rewardBudget", "settlement.emissions", "ReadingAccepted.kgCO2e (delta x factor value)",
      "getOrder.filled", "levelState.live", "bestBid", "bestAsk", "market.accruedFees (Σ Trade.fee − Σ FeesWithdrawn)",
      "escrow PCC: balance = unfilled asks + unclaimed bid fills", "escrow quote: balance = unfilled bids + unclaimed ask proceeds + fees",
      "certified by a named certifier", "certifier not revoked at binding", "GapEstimated.kgCO2e (figure x uncovered / period)",
      "EstimatePaidOff.kgCO2e <= the reading's kgCO2e", "estimatedOf", "Settled.rewardEntitlement (reward rule, window, no debt, no gap)",
      "Settled.baselineAfter (baseline rule, capped at the allowance)", "RewardClaimed with no deficit open",
    ]) {
      expect(figures).toContain(f);
    }
    // Rewards were scaled to the small budget of the second period: paid equals the budget, not the entitlement.
    const paid = report.checks.find((c) => c.figure === "rewardsPaid" && c.subject === `period ${history.periods[1]}`)!;
    expect(BigInt(paid.actual)).toBeLessThanOrEqual(40n * 10n ** 18n);
    expect(BigInt(paid.actual)).toBeGreaterThan(39n * 10n ** 18n);

    // Observations: the replayed batch, and the roles Ignition granted.
    expect(report.observations).toContain(`readings: ${report.eventCounts.ReadingAccepted} accepted, 5 rejected (StaleSeq: 5)`);
    expect(report.observations).toContain(`enrolled accounts: ${history.households.length}; without a device: 0; with devices that never reported: 0`);
    expect(report.observations.some((o) => /^CarbonCredit: granted MINTER_ROLE to 0x[0-9a-fA-F]{40}/.test(o))).toBe(true);
    expect(report.observations.some((o) => o.startsWith("WARNING"))).toBe(false);
    expect(report.observations.some((o) => /^ESTIMATED: 1 gap estimate/.test(o))).toBe(true);
    expect(report.observations.some((o) => o.startsWith(`devices: ${report.eventCounts.DeviceBound} bound, ${report.eventCounts.DeviceBound} certified meters`))).toBe(true);

    const human = await runAuditCli(cliArgs);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/CLEAN: \d+ figures/);
  });

  it("raises no market risk signal on the busy history (households trading, gifting and retiring credits)", async () => {
    const { code, stdout, stderr } = await runAuditCli(["risk", ...cliArgs, "--json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const risk = JSON.parse(stdout) as { flags: unknown[]; summary: { trades: number; unattributedLots: string } };
    expect(risk.summary.trades).toBe(6);
    expect(risk.summary.unattributedLots).toBe("0");
    expect(risk.flags).toEqual([]);
  });

  it("names a tampered token balance", async () => {
    const victim = history.households[3]!;
    const balance = await view("CarbonCredit").read.balanceOf([toAddress(victim)]);
    expect(balance).toBeGreaterThan(0n);
    const key = await findSlot(node, history.addresses.CarbonCredit!, balance, (slot) => mappingKey(victim, slot));
    await setStorage(node, history.addresses.CarbonCredit!, key, balance + 7n);
    try {
      const { code, stdout } = await runAuditCli([...cliArgs, "--json"]);
      const report = JSON.parse(stdout) as JsonReport;
      expect(code).toBe(1);
      expect(report.clean).toBe(false);
      expect(report.mismatches).toEqual([
        { domain: "token", figure: "balanceOf", subject: victim.toLowerCase(), expected: balance.toString(), actual: (balance + 7n).toString(), ok: false },
      ]);
      const human = await runAuditCli(cliArgs);
      expect(human.code).toBe(1);
      expect(human.stdout).toContain("1 MISMATCH(ES)");
      expect(human.stdout).toContain(victim.toLowerCase());
    } finally {
      await setStorage(node, history.addresses.CarbonCredit!, key, balance);
    }
    expect((await runAuditCli(cliArgs)).code).toBe(0);
  });

  it("names order-book escrow the book cannot account for", async () => {
    const book = history.addresses.OrderBook!;
    const held = await view("TestUSD").read.balanceOf([book]);
    expect(held).toBeGreaterThan(0n); // resting bids, unclaimed ask proceeds and fees
    const key = await findSlot(node, history.addresses.TestUSD!, held, (slot) => mappingKey(book, slot));
    await setStorage(node, history.addresses.TestUSD!, key, held - 1n);
    try {
      const { code, stdout } = await runAuditCli([...cliArgs, "--json"]);
      const report = JSON.parse(stdout) as JsonReport;
      expect(code).toBe(1);
      expect(report.mismatches).toEqual([
        { domain: "orderbook", figure: "escrow quote: balance = unfilled bids + unclaimed ask proceeds + fees", subject: "OrderBook", expected: held.toString(), actual: (held - 1n).toString(), ok: false },
      ]);
    } finally {
      await setStorage(node, history.addresses.TestUSD!, key, held);
    }
  });

  it("names a tampered emissions total (account and period)", async () => {
    const victim = history.households[6]!;
    const period = history.periods[0];
    const emissions = await view("EmissionOracle").read.emissionsOf([toAddress(victim), period]);
    expect(emissions).toBeGreaterThan(0n);
    const key = await findSlot(node, history.addresses.EmissionOracle!, emissions, (slot) => nestedKey(victim, period, slot));
    await setStorage(node, history.addresses.EmissionOracle!, key, emissions - 10n ** 18n);
    try {
      const { code, stdout } = await runAuditCli([...cliArgs, "--json"]);
      const report = JSON.parse(stdout) as JsonReport;
      expect(code).toBe(1);
      expect(report.mismatches).toEqual([
        { domain: "emissions", figure: "emissionsOf", subject: `${victim.toLowerCase()} period ${period}`, expected: emissions.toString(), actual: (emissions - 10n ** 18n).toString(), ok: false },
      ]);
    } finally {
      await setStorage(node, history.addresses.EmissionOracle!, key, emissions);
    }
  });

  it("names a tampered deficit", async () => {
    const deficits = await Promise.all(history.households.map(async (h) => [h, await view("CarbonBudget").read.deficitOf([toAddress(h)])] as const));
    const [victim, deficit] = deficits.find(([, d]) => d > 0n)!;
    const key = await findSlot(node, history.addresses.CarbonBudget!, deficit, (slot) => mappingKey(victim, slot));
    await setStorage(node, history.addresses.CarbonBudget!, key, 0n);
    try {
      const { code, stdout } = await runAuditCli([...cliArgs, "--json"]);
      const report = JSON.parse(stdout) as JsonReport;
      expect(code).toBe(1);
      expect(report.mismatches).toEqual([
        { domain: "budget", figure: "deficitOf", subject: victim.toLowerCase(), expected: deficit.toString(), actual: "0", ok: false },
      ]);
    } finally {
      await setStorage(node, history.addresses.CarbonBudget!, key, deficit);
    }
  });

  it("prints a retirement certificate and a device's reading trail with transaction hashes", async () => {
    const cert = await runAuditCli([...cliArgs, "certificate", "2"]);
    expect(cert.code).toBe(0);
    expect(cert.stdout).toContain("PCX RETIREMENT CERTIFICATE No. 2");
    expect(cert.stdout).toContain("Household 1");
    expect(cert.stdout).toContain(history.households[1]!);
    expect(cert.stdout).toMatch(/Transaction: +0x[0-9a-f]{64}/);

    const device = history.devices[0]!;
    const trail = await runAuditCli([...cliArgs, "device", device]);
    expect(trail.code).toBe(0);
    expect(trail.stdout).toContain(`owner ${history.households[0]}`);
    const accepted = trail.stdout.split("\n").filter((l) => l.includes("\taccepted\t0x"));
    expect(accepted.length).toBe(6); // 3 rounds in p0, its heartbeat, 1 round in p1, its heartbeat
    expect(trail.stdout).toContain("rejected: StaleSeq");
    expect(trail.stdout).toContain(`certified by ${demoCertifierWallet().address}`);
    expect(trail.stdout).toContain("required meter");

    // The meter that went silent in p1: its estimate and the pay-off by its next reading.
    const silent = history.devices[history.devices.length - 1]!;
    const silentTrail = await runAuditCli([...cliArgs, "device", silent]);
    expect(silentTrail.code).toBe(0);
    expect(silentTrail.stdout).toMatch(/ESTIMATED: silent \d+ s/);
    expect(silentTrail.stdout).toMatch(/paid off an estimate \([\d.,]+ kg still owed\)/);
  });

  it("names a binding whose certifier was never named (a household-made meter key smuggled into the events)", async () => {
    // A certification record pointing at a key no CertifierAdded named: the audit refuses it.
    const device = history.devices[0]!; // household 0's electricity meter: a required meter
    const c = await view("Registry").read.certification([toAddress(device)]);
    const word = (certifier: string) => BigInt(certifier) | (BigInt(c.validUntil) << 160n) | ((c.required ? 1n : 0n) << 240n);
    const key = await findSlot(node, history.addresses.Registry!, word(c.certifier), (slot) => mappingKey(device, slot));
    await setStorage(node, history.addresses.Registry!, key, word("0x" + "ab".repeat(20)));
    const { code, stdout } = await runAuditCli([...cliArgs, "--json"]);
    const report = JSON.parse(stdout) as JsonReport;
    expect(code).toBe(1);
    expect(report.mismatches.map((m) => m.figure)).toEqual(["certification.certifier"]);
    expect(report.mismatches[0]!.subject).toContain(`device ${device.toLowerCase()}`);
    await setStorage(node, history.addresses.Registry!, key, word(c.certifier));
    expect((await runAuditCli(cliArgs)).code).toBe(0);
  });
});
