/**
 * Integration: simulator → embedded Aedes broker → oracle service → Hardhat node → events.
 * Every raw reading is stored; only checkpoints (here every 2 s per device) go on chain, each
 * committing the raw readings since the previous one. The chain must book exactly the
 * simulator's expected kg CO2e, every raw (device, seq) committed once, no checkpoint twice;
 * operator-attested Tasmota readings are marked as such on chain; on-chain rejections are
 * recorded per reading in the outbox and counted in /metrics.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signReading } from "../../sdk/readings.js";
import { emissionOracleDomain } from "../../sdk/typed-data.js";
import { DeviceKind } from "../../sdk/contracts.js";
import { freePort } from "../../scripts/lib/processes.js";
import { loadConfig } from "../config.js";
import { encodePcxReading, pcxTopic } from "../payload.js";
import { OracleService } from "../service.js";
import { Simulator, type SimDevice } from "../simulator/simulator.js";
import { attachLocalChain, bindDevice, commitmentEvents, coverage, defaultFactor, readingEvents, tally, type ChainHandle } from "./chain-fixture.js";
import { issueCredential, silentLog, tempDir, testWallet, waitFor } from "./helpers.js";

const KINDS = [
  { kind: DeviceKind.Electricity, factorKey: "elec.cn.grid" },
  { kind: DeviceKind.NaturalGas, factorKey: "gas.uk.m3" },
  { kind: DeviceKind.VehicleDistance, factorKey: "car.petrol.km" },
] as const;

let chain: ChainHandle;
let service: OracleService;
/** MQTT logins (device users of the embedded broker), by client. */
const logins: Record<string, { clientId: string; username: string; password: string }> = {};
const plug = testWallet("pipeline-tasmota-plug");


beforeAll(async () => {
  chain = attachLocalChain(inject("rpcUrl"), inject("deploymentId"));
  const dataDir = tempDir("pipeline");
  const adapters = path.join(dataDir, "adapters.json");
  writeFileSync(adapters, JSON.stringify({ devices: [{ register: "tasmota:plug-kitchen", deviceKey: plug.privateKey }] }));
  await bindDevice(chain, plug, 4, DeviceKind.Electricity, "elec.uk.grid", true);
  const mqttCredentials = path.join(dataDir, "mqtt-credentials.json");
  for (const [name, topics] of Object.entries({
    "pipeline-sim": ["pcx/v1/meters/+/reading"],
    "tasmota-plug-kitchen": ["tele/plug-kitchen/SENSOR"],
    "pipeline-out-of-order": [pcxTopic(testWallet("pipeline-out-of-order").address.toLowerCase())],
    "pipeline-late": [pcxTopic(testWallet("pipeline-late").address)], // the test publishes on the checksummed topic
  })) {
    logins[name] = { clientId: name, ...(await issueCredential(mqttCredentials, name, topics)) };
  }
  const config = loadConfig(
    {
      rpcUrl: chain.rpcUrl,
      deployment: chain.deploymentId,
      mqttPort: await freePort(),
      httpPort: 0,
      dataDir,
      adapters,
      mqttCredentials,
      batchWaitMs: 100,
      checkpointIntervalS: 2,
      clientId: "pcx-oracle-pipeline",
      logLevel: "silent",
    },
    {},
  );
  service = await OracleService.start(config, silentLog);
});

afterAll(async () => {
  await service?.stop();
  chain?.provider.destroy();
});

describe("simulator → broker → oracle → chain", () => {
  it("books exactly the simulator's expected emissions through checkpoints, every raw reading committed once", async () => {
    const devices: SimDevice[] = [];
    for (let h = 0; h < 2; h++) {
      for (const k of KINDS) {
        const wallet = testWallet(`pipeline-${h}-${k.kind}`);
        await bindDevice(chain, wallet, h, k.kind, k.factorKey);
        devices.push({ household: h, kind: k.kind, wallet, factorValue: defaultFactor(k.factorKey).value });
      }
    }
    const sim = new Simulator({
      url: service.mqttUrl,
      domain: emissionOracleDomain(31337n, chain.addresses.EmissionOracle!),
      devices,
      speed: 5,
      simStartMs: Date.UTC(2026, 0, 5, 17, 30), // evening: commute and heating peaks
      username: logins["pipeline-sim"]!.username,
      password: logins["pipeline-sim"]!.password,
    });
    await sim.connect();
    await sim.run(120, 8);
    await sim.close();
    const published = sim.published;
    expect(published).toBe(48);
    const summary = sim.summary();
    await waitFor("every device's last reading on chain", async () => {
      for (const d of summary) if (BigInt((await chain.oracle.deviceState(d.device)).lastSeq) !== d.lastSeq) return false;
      return service.outbox.counts().sent === 0;
    });

    const { accepted, rejected } = await readingEvents(chain, summary.map((d) => d.device));
    expect(rejected).toEqual([]);
    // checkpoints only: the first reading of each device, then at most one per device per 2 s
    expect(accepted.length).toBeGreaterThanOrEqual(2 * summary.length);
    expect(accepted.length).toBeLessThan(published);
    const { duplicates } = tally(accepted, []);
    expect(duplicates).toEqual([]);
    const booked = accepted.reduce((s, a) => s + a.kg, 0n);
    expect(sim.expectedWei()).toBeGreaterThan(0n);
    expect(booked).toBe(sim.expectedWei());
    // every raw reading is committed exactly once, by the oracle, one commitment per checkpoint
    const commitments = await commitmentEvents(chain, summary.map((d) => d.device));
    expect(commitments).toHaveLength(accepted.length);
    expect(coverage(commitments, summary.map((d) => ({ device: d.device, lastSeq: d.lastSeq })))).toEqual([]);
    expect(new Set(commitments.map((c) => c.submitter))).toEqual(new Set([service.chain.wallet.address]));
    const counts = service.outbox.counts();
    expect(counts.accepted + counts.raw).toBe(published);

    const metrics = await (await fetch(`http://127.0.0.1:${service.httpPort}/metrics`)).text();
    expect(metrics).toContain(`pcx_oracle_readings_confirmed_total{outcome="accepted"} ${accepted.length}`);
    expect(metrics).toMatch(/pcx_oracle_readings_stored_total 48/);
    expect(metrics).toMatch(/pcx_oracle_raw_readings_total 48/);
    const cps = [...metrics.matchAll(/pcx_oracle_checkpoint_readings_total\{reason="(\w+)"\} (\d+)/g)].reduce((s, m) => s + Number(m[2]), 0);
    expect(cps).toBe(accepted.length);
    expect(metrics).toMatch(/pcx_oracle_batch_gas_used_count [1-9]/);
    const health = await fetch(`http://127.0.0.1:${service.httpPort}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { outbox: { accepted: number; raw: number } }).outbox).toMatchObject({ accepted: accepted.length, raw: published - accepted.length });
  });

  it("posts Tasmota readings operator-attested, across a register reset, with exact Wh", async () => {
    const client = await mqtt.connectAsync(service.mqttUrl, logins["tasmota-plug-kitchen"]);
    const totals = [2.5, 2.75, 0.125]; // kWh; the third follows a Total reset
    for (const total of totals) {
      await client.publishAsync("tele/plug-kitchen/SENSOR", JSON.stringify({ Time: "2026-11-22T21:00:00", ENERGY: { Total: total, Power: 300 } }), { qos: 1 });
      await new Promise((r) => setTimeout(r, 1100)); // distinct timestamps
    }
    await client.endAsync();
    await waitFor("the last tasmota reading on chain", async () => (await chain.oracle.deviceState(plug.address)).lastCumulative === 2_875n);
    const { accepted } = await readingEvents(chain, [plug.address]);
    expect(coverage(await commitmentEvents(chain, [plug.address]), [{ device: plug.address, lastSeq: 3n }])).toEqual([]);
    expect(accepted.every((a) => a.attested)).toBe(true);
    // 2,500 Wh sets the register; +250 Wh; reset → +125 Wh: 375 Wh at the UK factor
    expect(accepted.reduce((s, a) => s + a.kg, 0n)).toBe(375n * defaultFactor("elec.uk.grid").value);
    expect((await chain.oracle.deviceState(plug.address)).lastCumulative).toBe(2_875n);
  });

  it("commits readings that arrive out of order (a broker redelivering after newer messages) once each, in seq order", { timeout: 120_000 }, async () => {
    const meter = testWallet("pipeline-out-of-order");
    await bindDevice(chain, meter, 0, DeviceKind.Electricity, "elec.cn.grid");
    const domain = emissionOracleDomain(31337n, chain.addresses.EmissionOracle!);
    const device = meter.address.toLowerCase() as `0x${string}`;
    const now = Math.floor(Date.now() / 1000);
    const message = async (seq: bigint) => {
      const signed = await signReading(meter, domain, { device, seq, timestamp: BigInt(now - 40 + Number(seq) * 5), cumulative: 7_000n + seq * 300n });
      return encodePcxReading(signed.reading, signed.signature);
    };
    const client = await mqtt.connectAsync(service.mqttUrl, logins["pipeline-out-of-order"]);
    await client.publishAsync(pcxTopic(device), await message(1n), { qos: 1 });
    await waitFor("the first reading on chain", async () => (await readingEvents(chain, [device])).accepted.length === 1);
    // seq 5 first, then the older 2, 3, 4: in one burst, inside the batch window.
    const burst = [await message(5n), await message(2n), await message(3n), await message(4n)];
    for (const payload of burst) await client.publishAsync(pcxTopic(device), payload, { qos: 1 });
    await client.endAsync();
    // (90 s: a planner step that ran inside the burst waits for the missing seqs, at most the gap wait)
    await waitFor("the checkpoint on chain", async () => (await readingEvents(chain, [device])).accepted.length === 2, 90_000);
    const { accepted, rejected } = await readingEvents(chain, [device]);
    expect(rejected).toEqual([]);
    // seq 1 set the register at once; seq 5 is the checkpoint of the raw series 2, 3, 4, 5
    expect(accepted.map((a) => a.seq)).toEqual([1n, 5n]);
    const commitments = await commitmentEvents(chain, [device]);
    expect(commitments.map((c) => [c.seq, c.fromSeq, c.count])).toEqual([[1n, 1n, 1], [5n, 2n, 4]]);
    expect(service.outbox.series(device, 5n).map((r) => r.reading.seq)).toEqual([2n, 3n, 4n, 5n]);
    expect(accepted.reduce((s, a) => s + a.kg, 0n)).toBe(4n * 300n * defaultFactor("elec.cn.grid").value);
  });

  it("records on-chain rejections per reading (a reading from a closed period)", async () => {
    const late = testWallet("pipeline-late");
    await bindDevice(chain, late, 1, DeviceKind.Electricity, "elec.cn.grid");
    const domain = emissionOracleDomain(31337n, chain.addresses.EmissionOracle!);
    const now = Math.floor(Date.now() / 1000);
    const signed = await signReading(late, domain, { device: late.address as `0x${string}`, seq: 1n, timestamp: BigInt(now - 3600), cumulative: 10n });
    const client = await mqtt.connectAsync(service.mqttUrl, logins["pipeline-late"]);
    await client.publishAsync(pcxTopic(late.address), encodePcxReading(signed.reading, signed.signature), { qos: 1 });
    await client.endAsync();
    await waitFor("rejection recorded", () => (service.outbox.outcomes()["PeriodClosed"] ?? 0) === 1);
    const { rejected } = await readingEvents(chain, [late.address]);
    expect(rejected).toEqual([{ device: late.address.toLowerCase(), seq: 1n, reason: 7 }]);
    const metrics = await (await fetch(`http://127.0.0.1:${service.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/pcx_oracle_readings_confirmed_total\{outcome="PeriodClosed"\} 1/);
  });
});
