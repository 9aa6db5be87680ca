/**
 * `npm run bench:oracle`: the oracle's performance on this machine → bench/oracle.json + .md.
 *  1. Ingest: pre-signed PCX readings published as fast as the broker takes them through the
 *     embedded Aedes broker; throughput = validated (schema, signature recovery, monotonic,
 *     plausibility) + committed (SQLite WAL) readings per second; latency = message arrival at
 *     the oracle → outbox commit, p50/p99. The device directory is in memory here (no RPC in the
 *     hot path; in the service it is a cache filled once per device).
 *  2. Sensor → on-chain event: the full service against a local Hardhat node, readings published
 *     at a steady rate; latency = publish → block containing its ReadingAccepted seen, p50/p95.
 *  3. Gas per reading as batched, from the service's own batches (sorted by owner).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import mqtt from "mqtt";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { signReading } from "../../sdk/readings.js";
import { emissionOracleDomain, type Reading } from "../../sdk/typed-data.js";
import { DeviceKind } from "../../sdk/contracts.js";
import { freePort } from "../lib/processes.js";
import { loadConfig } from "../../oracle/config.js";
import { DeviceStatus, MemoryDirectory } from "../../oracle/directory.js";
import { Ingestor } from "../../oracle/ingest.js";
import { OracleMetrics } from "../../oracle/metrics.js";
import { Outbox } from "../../oracle/outbox.js";
import { encodePcxReading, pcxTopic } from "../../oracle/payload.js";
import { OracleService } from "../../oracle/service.js";
import { ReadingVerifier } from "../../oracle/signature.js";
import { MqttSource } from "../../oracle/source.js";
import { ReadingValidator } from "../../oracle/validate.js";
import { bindDevice, startLocalChain } from "../../oracle/test/chain-fixture.js";
import { issueCredential, silentLog, tempDir, testBroker, testWallet } from "../../oracle/test/helpers.js";

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function benchIngest(total: number, devices: number) {
  const domain = emissionOracleDomain(31337n, "0x0165878A594ca255338adfa4d48449f69242Eb8F");
  const wallets = Array.from({ length: devices }, (_, i) => testWallet(`bench-ingest-${i}`));
  const directory = new MemoryDirectory();
  for (const w of wallets) {
    directory.set(w.address, { status: DeviceStatus.Active, owner: w.address, kind: DeviceKind.Electricity, factorId: 1, operatorAttested: false, chainHead: undefined });
  }
  const now = Math.floor(Date.now() / 1000);
  const messages: { topic: string; payload: string }[] = [];
  for (let i = 0; i < total; i++) {
    const w = wallets[i % devices]!;
    const round_ = Math.floor(i / devices);
    const reading: Reading = { device: w.address.toLowerCase() as `0x${string}`, seq: BigInt(round_ + 1), timestamp: BigInt(now - total + round_), cumulative: BigInt(round_ * 10) };
    const s = await signReading(w, domain, reading);
    messages.push({ topic: pcxTopic(reading.device), payload: encodePcxReading(s.reading, s.signature) });
  }
  const outbox = new Outbox(tempDir("bench-ingest"));
  const metrics = new OracleMetrics();
  const verifier = new ReadingVerifier(domain);
  const validator = new ReadingValidator({ verifier, directory, outbox, maxClockSkewS: 120 });
  const ingestor = new Ingestor({ outbox, validator, metrics, log: silentLog });
  const { broker, logins } = await testBroker({ "bench-pub": ["pcx/v1/meters/+/reading"] }, "bench-oracle");
  const latencies: number[] = [];
  let stored = 0;
  let firstAt = 0;
  let lastAt = 0;
  const source = new MqttSource({
    url: broker.url, clientId: "bench-oracle", auth: logins["bench-oracle"], protocolVersion: 4, topics: ["pcx/v1/meters/+/reading"], log: silentLog,
    onMessage: async (topic, payload, receivedAt) => {
      if (!firstAt) firstAt = performance.now();
      const r = await ingestor.handle(topic, payload, receivedAt);
      if (r.outcome === "stored") stored++;
      lastAt = performance.now();
      latencies.push(lastAt - receivedAt);
    },
  });
  await source.start();
  const pub = await mqtt.connectAsync(broker.url, logins["bench-pub"]);
  await Promise.all(messages.map((m) => pub.publishAsync(m.topic, m.payload, { qos: 1 })));
  while (stored < total) await new Promise((r) => setTimeout(r, 20));
  await pub.endAsync();
  await source.stop();
  await broker.close();
  outbox.close();
  const seconds = (lastAt - firstAt) / 1000;
  return { readings: total, devices, signatureBackend: verifier.backend, seconds: round(seconds, 3), readingsPerSecond: Math.round(total / seconds), p50Ms: round(pct(latencies, 50), 3), p99Ms: round(pct(latencies, 99), 3) };
}

async function benchChain(households: number, rate: number, seconds: number) {
  const chain = await startLocalChain("bench");
  try {
    const wallets = [];
    for (let i = 0; i < households * 3; i++) {
      const w = testWallet(`bench-chain-${i}`);
      const kind = [DeviceKind.Electricity, DeviceKind.NaturalGas, DeviceKind.VehicleDistance][i % 3]!;
      await bindDevice(chain, w, Math.floor(i / 3) % 5, kind, ["elec.cn.grid", "gas.uk.m3", "car.petrol.km"][i % 3]!);
      wallets.push(w);
    }
    const dataDir = tempDir("bench-chain");
    const mqttCredentials = path.join(dataDir, "mqtt-credentials.json");
    const publisher = await issueCredential(mqttCredentials, "bench-chain-pub", ["pcx/v1/meters/+/reading"]);
    const service = await OracleService.start(
      loadConfig({ rpcUrl: chain.rpcUrl, deployment: chain.deploymentId, mqttPort: await freePort(), mqttCredentials, httpPort: 0, dataDir, batchWaitMs: 200, checkpointIntervalS: 1, logLevel: "silent" }, {}),
      silentLog,
    );
    const domain = emissionOracleDomain(31337n, chain.addresses.EmissionOracle!);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let lastBlock = await chain.provider.getBlockNumber();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const head = await chain.provider.getBlockNumber();
        if (head > lastBlock) {
          const seenAt = performance.now();
          const logs = await chain.oracle.queryFilter(chain.oracle.filters.ReadingAccepted!(), lastBlock + 1, head);
          for (const l of logs) {
            const a = "args" in l ? l.args : undefined;
            const t = a && sentAt.get(`${String(a.device).toLowerCase()}:${a.seq}`);
            if (t) latencies.push(seenAt - t);
          }
          lastBlock = head;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const pub = await mqtt.connectAsync(service.mqttUrl, { clientId: publisher.username, ...publisher });
    const seq = new Map<string, bigint>();
    const cum = new Map<string, bigint>();
    const total = rate * seconds;
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      const w = wallets[i % wallets.length]!;
      const d = w.address.toLowerCase() as `0x${string}`;
      const s = (seq.get(d) ?? 0n) + 1n;
      const c = (cum.get(d) ?? 0n) + 3n;
      seq.set(d, s);
      cum.set(d, c);
      const signed = await signReading(w, domain, { device: d, seq: s, timestamp: BigInt(Math.floor(Date.now() / 1000)), cumulative: c });
      sentAt.set(`${d}:${s}`, performance.now());
      await pub.publishAsync(pcxTopic(d), encodePcxReading(signed.reading, signed.signature), { qos: 1 });
      const wait = start + ((i + 1) * 1000) / rate - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    // Only checkpoints reach the chain (here at most one per device per second, plus its first
    // reading): wait until every device's last reading is on chain.
    const deadline = Date.now() + 30_000;
    const lastSeen = async () => {
      for (const [d, s] of seq) if (BigInt((await chain.oracle.deviceState(d)).lastSeq) !== s) return false;
      return true;
    };
    while (!(await lastSeen()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    watching = false;
    await watcher;
    await pub.endAsync();
    const batches = service.outbox.db
      .prepare(`SELECT b.gas_used AS gas, COUNT(r.id) AS n FROM batches b JOIN readings r ON r.batch_id = b.id WHERE b.status = 'final' GROUP BY b.id`)
      .all() as { gas: string; n: number }[];
    await service.stop();
    const gas = batches.reduce((s, b) => s + Number(b.gas), 0);
    const readings = batches.reduce((s, b) => s + b.n, 0);
    return {
      published: total,
      confirmed: latencies.length,
      ratePerSecond: rate,
      devices: wallets.length,
      p50Ms: Math.round(pct(latencies, 50)),
      p95Ms: Math.round(pct(latencies, 95)),
      batches: batches.length,
      meanReadingsPerBatch: round(readings / batches.length, 1),
      gasPerReading: Math.round(gas / readings),
    };
  } finally {
    await chain.stop();
  }
}

const ingest = await benchIngest(Number(process.env.BENCH_INGEST_READINGS ?? 10_000), 200);
console.log("ingest", ingest);
// `--ingest-only`: the ingest part alone (profiling), no chain, no report written.
if (process.argv.includes("--ingest-only")) process.exit(0);
const toChain = await benchChain(5, Number(process.env.BENCH_CHAIN_RATE ?? 50), Number(process.env.BENCH_CHAIN_SECONDS ?? 20));
console.log("sensor → chain", toChain);
const result = { machine: `${process.platform} ${process.arch}, node ${process.version}`, date: new Date().toISOString(), ingest, sensorToChain: toChain };
mkdirSync(path.join(REPO_ROOT, "bench"), { recursive: true });
writeFileSync(path.join(REPO_ROOT, "bench", "oracle.json"), JSON.stringify(result, null, 2) + "\n");
writeFileSync(
  path.join(REPO_ROOT, "bench", "oracle.md"),
  `# Oracle benchmark

\`npm run bench:oracle\` (scripts/bench/oracle.ts), ${result.date}, ${result.machine}, on the shared 2-core machine.

| measure | result | goal |
| --- | ---: | ---: |
| ingest throughput (validated + committed to SQLite WAL), ${ingest.readings} readings, ${ingest.devices} devices, signature recovery in ${ingest.signatureBackend} | ${ingest.readingsPerSecond} readings/s | ≥ 2,000 |
| ingest latency p50 / p99 (arrival at the oracle → outbox commit) | ${ingest.p50Ms} / ${ingest.p99Ms} ms | p99 < 50 ms |
| sensor → on-chain event p50 / p95 (${toChain.ratePerSecond} readings/s, ${toChain.devices} devices, local Hardhat node, automine) | ${toChain.p50Ms} / ${toChain.p95Ms} ms | p95 ≤ 2,000 ms |
| gas per reading as batched (${toChain.batches} batches, mean ${toChain.meanReadingsPerBatch} readings, sorted by owner) | ${toChain.gasPerReading} | — |

Ingest runs through the embedded Aedes broker and the real MqttSource → Ingestor (zod schema,
EIP-712 signature recovery (libsecp256k1 through the \`secp256k1\` package's prebuilt binding;
≈ 70 µs a reading against ≈ 1.5 ms in ethers' JavaScript, which capped the first measurement,
2026-11-22, at 409 readings/s), monotonic + clock-skew + plausibility checks) → Outbox path, one
SQLite transaction per reading (synchronous=NORMAL). Messages are processed one at a time per
MQTT connection (the PUBACK waits for the commit), so latency excludes time queued in the broker.
Sensor → chain latency includes the batch wait (200 ms), signing, the transaction, automining
and the event poll (25 ms).
`,
);
console.log("wrote bench/oracle.json and bench/oracle.md");
