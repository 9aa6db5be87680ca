/**
 * Chain-side faults, against a Hardhat node of their own whose mining the tests control:
 *   1. a stuck transaction (automining off) is replaced at the same nonce with higher fees, and
 *      the replacement is what mines;
 *   2. a mined batch leaves the canonical chain before it is final (evm_snapshot / evm_revert,
 *      then other blocks past its height): the confirmer notices, re-broadcasts, and the reading
 *      ends up on the new chain exactly once.
 * Each ends with exact emissions on chain and every reading final in the outbox.
 */
import path from "node:path";
import { Writable } from "node:stream";
import mqtt, { type MqttClient } from "mqtt";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signReading } from "../../sdk/readings.js";
import { emissionOracleDomain, type Reading } from "../../sdk/typed-data.js";
import { DeviceKind } from "../../sdk/contracts.js";
import { freePort } from "../../scripts/lib/processes.js";
import { loadConfig, type OracleConfig } from "../config.js";
import { encodePcxReading, pcxTopic } from "../payload.js";
import { OracleService } from "../service.js";
import { bindDevice, defaultFactor, readingEvents, startLocalChain, type LocalChain } from "./chain-fixture.js";
import { counterValue, issueCredential, tempDir, testWallet, waitFor } from "./helpers.js";

const FACTOR_KEY = "elec.cn.grid";
const FACTOR = defaultFactor(FACTOR_KEY);
let chain: LocalChain;

beforeAll(async () => {
  chain = await startLocalChain("chain-faults");
}, 180_000);
afterAll(async () => chain?.stop());


/** A logger whose JSON lines the test can read. */
function capturingLog() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: "info" }, stream), lines };
}

/** An oracle service on the test chain with its embedded broker, and a meter publishing to it. */
async function startOracle(label: string, overrides: Partial<OracleConfig>, log = pino({ level: "silent" })) {
  const dataDir = tempDir(label);
  const mqttCredentials = path.join(dataDir, "mqtt-credentials.json");
  const meterLogin = await issueCredential(mqttCredentials, `${label}-meter`, [pcxTopic(testWallet(`${label}-meter`).address.toLowerCase())]);
  const config = loadConfig(
    {
      mqttCredentials,
      rpcUrl: chain.rpcUrl,
      deployment: chain.deploymentId,
      mqttPort: await freePort(),
      httpPort: 0,
      dataDir,
      clientId: `pcx-oracle-${label}`,
      batchWaitMs: 50,
      checkpointIntervalS: 1, // each reading here is published ≥ 1 s after the last checkpoint: every one is a checkpoint
      logLevel: "silent",
      ...overrides,
    },
    {},
  );
  const service = await OracleService.start(config, log);
  const publisher: MqttClient = await mqtt.connectAsync(service.mqttUrl, { clientId: meterLogin.username, ...meterLogin });
  const domain = emissionOracleDomain((await chain.provider.getNetwork()).chainId, chain.addresses.EmissionOracle!);
  const meter = testWallet(`${label}-meter`);
  await bindDevice(chain, meter, 0, DeviceKind.Electricity, FACTOR_KEY);
  const device = meter.address.toLowerCase() as `0x${string}`;
  /** Publishes the meter's reading `seq` with register `cumulative` (Wh), stamped now. */
  const publish = async (seq: bigint, cumulative: bigint) => {
    const reading: Reading = { device, seq, timestamp: BigInt(Math.floor(Date.now() / 1000)), cumulative };
    const signed = await signReading(meter, domain, reading);
    await publisher.publishAsync(pcxTopic(device), encodePcxReading(signed.reading, signed.signature), { qos: 1 });
  };
  const accepted = async () => (await readingEvents(chain, [device])).accepted;
  const stop = async () => {
    await publisher.endAsync();
    await service.stop();
  };
  return { service, device, publish, accepted, stop };
}

describe("chain faults", () => {
  it("replaces a stuck transaction with higher fees at the same nonce; the replacement mines", async () => {
    const o = await startOracle("fee-bump", { feeBumpAfterMs: 1_000 });
    try {
      await o.publish(1n, 10_000n);
      await waitFor("the first reading on chain", async () => (await o.accepted()).length === 1);

      await chain.provider.send("evm_setAutomine", [false]);
      await o.publish(2n, 11_000n);
      await waitFor("a fee bump", async () => (await counterValue(o.service.metrics.registry, "pcx_oracle_fee_bumps_total")) >= 1);
      const [stuck] = o.service.outbox.openBatches();
      expect(stuck!.txHashes.length).toBeGreaterThanOrEqual(2);
      expect(stuck!.maxFeePerGas).toBeGreaterThan(0n);
      for (const hash of stuck!.txHashes) expect(await chain.provider.getTransactionReceipt(hash)).toBeNull();

      await chain.provider.send("evm_setAutomine", [true]);
      await chain.provider.send("evm_mine", []);
      await waitFor("the stuck reading final", () => o.service.outbox.counts().accepted === 2);
      const receipts = await Promise.all(stuck!.txHashes.map((h) => chain.provider.getTransactionReceipt(h)));
      const mined = receipts.map((r, i) => (r ? i : -1)).filter((i) => i >= 0);
      expect(mined).toHaveLength(1); // one transaction per nonce
      expect(mined[0]).toBeGreaterThan(0); // a replacement, not the original
      const readings = await o.accepted();
      expect(readings.map((r) => r.seq)).toEqual([1n, 2n]);
      expect(readings[1]!.kg).toBe(1_000n * FACTOR.value);
    } finally {
      await chain.provider.send("evm_setAutomine", [true]);
      await o.stop();
    }
  });

  it("re-broadcasts a batch whose block left the canonical chain before it was final", async () => {
    const { log, lines } = capturingLog();
    const o = await startOracle("reorg", { confirmations: 3 }, log);
    try {
      await o.publish(1n, 50_000n);
      await waitFor("the first reading on chain", async () => (await o.accepted()).length === 1);
      for (let i = 0; i < 3; i++) await chain.provider.send("evm_mine", []);
      await waitFor("the first reading final", () => o.service.outbox.counts().accepted === 1);

      const snapshot = await chain.provider.send("evm_snapshot", []);
      await o.publish(2n, 51_500n);
      await waitFor("the batch mined (1 of 3 confirmations)", () => o.service.outbox.openBatches().some((b) => b.minedBlock !== null));
      const [minedBatch] = o.service.outbox.openBatches();
      const orphanHash = minedBatch!.minedBlockHash!;
      const orphanHeight = minedBatch!.minedBlock!;

      // The block is replaced: back to before it, then other blocks past its height.
      expect(await chain.provider.send("evm_revert", [snapshot])).toBe(true);
      for (let i = 0; i < 3; i++) await chain.provider.send("evm_mine", []);
      expect((await chain.provider.getBlock(orphanHeight))!.hash).not.toBe(orphanHash);

      await waitFor("the reorg noticed", () => lines.some((l) => l.msg === "batch left the canonical chain (reorg)"));
      // The confirmer re-broadcast the same signed transaction; blocks keep coming until it is final.
      await waitFor(
        "the reading final on the new chain",
        async () => {
          if (o.service.outbox.counts().accepted === 2) return true;
          await chain.provider.send("evm_mine", []);
          return false;
        },
      );
      const receipt = await chain.provider.getTransactionReceipt(minedBatch!.txHashes[0]!);
      expect(receipt!.blockHash).not.toBe(orphanHash);
      const readings = await o.accepted();
      expect(readings.map((r) => r.seq)).toEqual([1n, 2n]);
      expect(readings[1]!.kg).toBe(1_500n * FACTOR.value);
    } finally {
      await o.stop();
    }
  });
});
