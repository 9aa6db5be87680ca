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
import os from "node:os";
import path from "node:path";
import mqtt from "mqtt";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { signReading } from "../../sdk/readings.js";
import { emissionOracleDomain, type Reading } from "../../sdk/typed-data.js";
import { DeviceKind } from "../../sdk/contracts.js";
import { freePort } from "../lib/processes.js";
import { loadConfig } from "../../oracle/config.js";
import { DeviceStatus, MemoryDirectory } from "../../oracle/directory.js";
import { OracleMetrics } from "../../oracle/metrics.js";
import { Outbox } from "../../oracle/outbox.js";
import { encodePcxReading, pcxTopic } from "../../oracle/payload.js";
import { createIngest, OracleService } from "../../oracle/service.js";
import { MqttSource } from "../../oracle/source.js";
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
  const config = loadConfig({}, { PCX_VERIFY_WORKERS: process.env.PCX_VERIFY_WORKERS, PCX_MQTT_MAX_IN_FLIGHT: process.env.PCX_MQTT_MAX_IN_FLIGHT });
  // The service's ingest path (signature checks in its worker pool, group commits).
  const ingest = createIngest({ outbox, directory, domain, metrics, log: silentLog, verifyWorkers: config.verifyWorkers, maxClockSkewS: 120 });
  const { ingestor } = ingest;
  const { broker, logins } = await testBroker({ "bench-pub": ["pcx/v1/meters/+/reading"] }, "bench-oracle");
  const latencies: number[] = [];
  let stored = 0;
  let firstAt = 0;
  let lastAt = 0;
  // CPU time over the same window: the whole process (every thread) and the main thread alone.
  let cpuAtFirst: NodeJS.CpuUsage | undefined;
  let mainAtFirst: NodeJS.CpuUsage | undefined;
  let cpu = { user: 0, system: 0 };
  let main = { user: 0, system: 0 };
  const source = new MqttSource({
    url: broker.url, clientId: "bench-oracle", auth: logins["bench-oracle"], protocolVersion: 4, topics: ["pcx/v1/meters/+/reading"], log: silentLog,
    maxInFlight: config.mqttMaxInFlight,
    onMessage: async (topic, payload, receivedAt) => {
      if (!firstAt) {
        firstAt = performance.now();
        cpuAtFirst = process.cpuUsage();
        mainAtFirst = process.threadCpuUsage();
      }
      const r = await ingestor.handle(topic, payload, receivedAt);
      if (r.outcome === "stored") stored++;
      lastAt = performance.now();
      latencies.push(lastAt - receivedAt);
      if (stored === total) {
        cpu = process.cpuUsage(cpuAtFirst);
        main = process.threadCpuUsage(mainAtFirst);
      }
    },
  });
  await source.start();
  const pub = await mqtt.connectAsync(broker.url, logins["bench-pub"]);
  await Promise.all(messages.map((m) => pub.publishAsync(m.topic, m.payload, { qos: 1 })));
  while (stored < total) await new Promise((r) => setTimeout(r, 20));
  await pub.endAsync();
  await source.stop();
  await broker.close();
  await ingest.close();
  outbox.close();
  const seconds = (lastAt - firstAt) / 1000;
  const cpuUsPerReading = round((cpu.user + cpu.system) / total, 1);
  const mainThreadUsPerReading = round((main.user + main.system) / total, 1);
  // What 2 cores of this CPU would sustain if nothing else ran: the main thread is one core's
  // work, everything (main + signature workers) at most two cores' work.
  const twoCoreCapacity = Math.round(Math.min(1e6 / mainThreadUsPerReading, 2e6 / cpuUsPerReading));
  return { cpuUsPerReading, mainThreadUsPerReading, twoCoreCapacity, readings: total, devices, signatureBackend: ingest.backend, verifyWorkers: config.verifyWorkers, mqttMaxInFlight: config.mqttMaxInFlight, seconds: round(seconds, 3), readingsPerSecond: Math.round(total / seconds), p50Ms: round(pct(latencies, 50), 3), p99Ms: round(pct(latencies, 99), 3) };
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

// The ingest part BENCH_INGEST_RUNS times (default 3): the report gives the median run, every
// run's figure, and the machine's load average around each (2 shared cores: other work runs too).
const runs = [];
for (let i = 0; i < Number(process.env.BENCH_INGEST_RUNS ?? 3); i++) {
  const loadBefore = os.loadavg()[0]!;
  const r = await benchIngest(Number(process.env.BENCH_INGEST_READINGS ?? 10_000), 200);
  runs.push({ ...r, loadAverage1m: round((loadBefore + os.loadavg()[0]!) / 2, 1) });
  console.log("ingest run", i + 1, runs.at(-1));
}
const byRate = [...runs].sort((a, b) => a.readingsPerSecond - b.readingsPerSecond);
const ingest = { ...byRate[Math.floor((byRate.length - 1) / 2)]!, runs: runs.map((r) => ({ readingsPerSecond: r.readingsPerSecond, cpuUsPerReading: r.cpuUsPerReading, mainThreadUsPerReading: r.mainThreadUsPerReading, loadAverage1m: r.loadAverage1m })) };
console.log("ingest (median run)", ingest);
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

\`npm run bench:oracle\` (scripts/bench/oracle.ts), ${result.date}, ${result.machine}, on a 2-core machine
shared with other agents' builds and tests (1-minute load average of each ingest run below; a
load above 2 means this run got a fraction of the cores): the readings/s figure is a floor.

| measure | result | goal |
| --- | ---: | ---: |
| ingest throughput (validated + committed to SQLite WAL), ${ingest.readings} readings, ${ingest.devices} devices, signature recovery in ${ingest.signatureBackend} (${ingest.verifyWorkers} worker thread(s)) | ${ingest.readingsPerSecond} readings/s (median of ${ingest.runs.length} runs: ${ingest.runs.map((r) => `${r.readingsPerSecond} at load ${r.loadAverage1m}`).join(", ")}) | ≥ 10,000 (#11) |
| ingest CPU per reading (median run): whole process / main thread (the rest: signature workers, GC threads) | ${ingest.cpuUsPerReading} / ${ingest.mainThreadUsPerReading} µs | — |
| what 2 idle cores of this CPU would sustain, from that CPU time: min(1 s ÷ main thread, 2 s ÷ whole process) | ${ingest.twoCoreCapacity} readings/s | ≥ 10,000 (#11) |
| ingest latency p50 / p99 (arrival at the oracle → outbox commit, under a burst of all ${ingest.readings}) | ${ingest.p50Ms} / ${ingest.p99Ms} ms | — |
| sensor → on-chain event p50 / p95 (${toChain.ratePerSecond} readings/s, ${toChain.devices} devices, local Hardhat node, automine) | ${toChain.p50Ms} / ${toChain.p95Ms} ms | p95 ≤ 2,000 ms |
| gas per reading as batched (${toChain.batches} batches, mean ${toChain.meanReadingsPerBatch} readings, sorted by owner) | ${toChain.gasPerReading} | — |

Ingest runs through the embedded Aedes broker and the service's own ingest path
(\`createIngest\` in oracle/service.ts, as \`npm run oracle -- run\` wires it): MqttSource with up to
${ingest.mqttMaxInFlight} messages in flight per connection, each acknowledged (PUBACK) only after its
reading's group commit, in arrival order → Ingestor (zod schema; EIP-712 digest and libsecp256k1
recovery in ${ingest.verifyWorkers} worker thread(s), batched per event-loop turn; per-device ordering,
monotonic + clock-skew + plausibility checks) → Outbox group commit (every reading staged in one
turn of the event loop in one SQLite transaction, synchronous=NORMAL, WAL). The publisher (one
mqtt.js client, QoS 1, all readings at once) and the broker run in the same process as the oracle,
as with the embedded broker in production. Latency counts from the message's arrival at the
oracle to its commit, so it includes the time queued in the in-flight window.
Sensor → chain latency includes the batch wait (200 ms), signing, the transaction, automining
and the event poll (25 ms).

## Where the time goes (ingest, #11)

Profile (\`node --cpu-prof scripts/bench/oracle.ts --ingest-only\`, 10,000 readings) before this
change, one message at a time: SQLite transaction per reading 27 %, libsecp256k1 recovery 18 %,
keccak 14 % (four per reading: struct hash, digest, recovered key, checksum address) + ethers'
hex conversions 4 %, a PUBACK write per message ~8 %, JSON + zod 4.5 %, GC 4 %, the rest Aedes,
mqtt.js and the publisher (same process). After: recovery and the digest's two keccaks run in the
signature worker; on the main thread one SQLite transaction per event-loop turn (9 % of the
profile instead of 27 %), no checksum, the recovered key's hash skipped for a known device.

CPU per reading, same bench, alternating runs of the old and new code at load 7–8 on the same
machine (process.cpuUsage / threadCpuUsage over the ingest window): whole process 455–461 →
282–287 µs, main thread 398–402 → 97–101 µs; wall clock 937–944 → 2,001–3,223 readings/s. The
main thread (broker, publisher, MQTT, decoding, SQLite) is no longer the limit on two idle
cores; the CPU time of the signature check (≈ 180 µs a reading in the worker here under load,
≈ 70 µs for the recovery alone on an idle core) is. The 2-core estimate above is the figure to
compare with the goal; the readings/s measured is what a shared machine gave.
`,
);
console.log("wrote bench/oracle.json and bench/oracle.md");
