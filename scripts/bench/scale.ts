/**
 * `npm run bench:scale`: a month of N households (default 1,000 × 3 meters × 30 simulated days,
 * hourly raw readings) through the real pipeline, measured → bench/scale.json + bench/scale.md.
 *
 *   hardhat node (pcxNode) → Ignition PCXLocal with 30-day periods, 3-day grace (genesis = the
 *   next hour) → N households enrolled by the registrar and their 3 meters certified (demo
 *   certifier) and bound by their owners (impersonated, many transactions in flight; the indexer
 *   follows from the start) →
 *   indexer (Ponder, PGlite in a temp dir) → oracle service in this process on the simulated
 *   clock (embedded authenticated Aedes broker, signatures verified, SQLite outbox, daily
 *   checkpoints) → simulator in a worker thread, publishing as an issued device credential.
 *
 * Simulated time: for each hour the bench mines a block at that time (chain time follows), sets
 * the oracle's clock (ServiceOptions.clock) to it and has the simulator publish one signed
 * reading per meter stamped with it. At most two hours are in flight. After the last hour the
 * clock moves past the period's end + close delay, so every meter's period-close checkpoint goes.
 * Then: the chain's emissions must equal the simulator's exactly (exit 1 otherwise), the
 * indexer's lag (sampled every second during the run), the dashboard's queries for sampled
 * households, the audit CLI over the month, and separately the ingest throughput at the
 * 5-minute rate (pre-signed readings published as fast as the broker takes them).
 *
 * Flags: --households N (1000) --days D (30) --ingest-readings N (30000) --no-write (skip bench/ files)
 *        --out NAME (write bench/NAME.json instead of bench/scale.json: a run beside the month's).
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync, readFileSync, statSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import { Contract, JsonRpcProvider, Wallet, keccak256, toUtf8Bytes, type InterfaceAbi } from "ethers";
import mqtt from "mqtt";
import { REPO_ROOT, deploymentDir, loadAddresses } from "../../sdk/deployment.js";
import { pcxAbis } from "../../sdk/contracts.js";
import { demoDeviceWallet, DEMO_DEVICE_KINDS, localCertifiedBinding } from "../../sdk/demo.js";
import { indexerClient } from "../../sdk/indexer-client.js";
import { emissionOracleDomain } from "../../sdk/typed-data.js";
import { HARDHAT_ACCOUNTS } from "../../sdk/local-chain.js";
import { loadConfig } from "../../oracle/config.js";
import { DeviceStatus, MemoryDirectory } from "../../oracle/directory.js";
import { OracleMetrics } from "../../oracle/metrics.js";
import { Outbox } from "../../oracle/outbox.js";
import { encodePcxReading, pcxTopic } from "../../oracle/payload.js";
import { createIngest, OracleService } from "../../oracle/service.js";
import { ReadingVerifier } from "../../oracle/signature.js";
import { MqttSource } from "../../oracle/source.js";
import { CredentialStore } from "../../oracle/broker-auth.js";
import { defaultFactor } from "../../oracle/test/chain-fixture.js";
import { silentLog, testBroker } from "../../oracle/test/helpers.js";
import { freePort, startProcess, stopProcess, waitForPort, waitForRpc, type Started } from "../lib/processes.js";
import type { SimWorkerData } from "./scale-sim.js";

const { values: args } = parseArgs({
  options: {
    households: { type: "string", default: "1000" },
    days: { type: "string", default: "30" },
    "ingest-readings": { type: "string", default: "30000" },
    "no-write": { type: "boolean", default: false },
    out: { type: "string", default: "scale" },
  },
});
const HOUSEHOLDS = Number(args.households);
const DAYS = Number(args.days);
const METERS = DEMO_DEVICE_KINDS.length;
const PERIOD = 30 * 86_400;
const GRACE = 3 * 86_400;
const CLOSE_DELAY = Math.min(GRACE / 4, 3600);
const bin = (name: string) => path.join(REPO_ROOT, "node_modules", ".bin", name);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const t0 = performance.now();
const since = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const log = (...a: unknown[]) => console.log(`[scale ${since()}]`, ...a);
const timings: Record<string, number> = {};
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const s = performance.now();
  try {
    return await fn();
  } finally {
    timings[label] = round((performance.now() - s) / 1000, 1);
    log(`${label}: ${timings[label]} s`);
  }
}

/** Runs `fn` over `items` with at most `n` in flight. */
async function pool<T>(items: readonly T[], n: number, fn: (x: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  }));
}

const running: Started[] = [];
const tmp = path.join(os.tmpdir(), `pcx-scale-${process.pid}`);
mkdirSync(tmp, { recursive: true });
let deploymentId = "";
async function cleanup() {
  for (const p of running.reverse()) await stopProcess(p);
  if (deploymentId) rmSync(deploymentDir(deploymentId), { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
}

async function run(name: string, cmd: string, argv: string[], env: NodeJS.ProcessEnv, cwd = REPO_ROOT): Promise<string[]> {
  const lines: string[] = [];
  const p = startProcess(name, cmd, argv, { cwd, env, quiet: true, onLine: (l) => lines.push(l) });
  const code = await p.exited;
  if (code !== 0) throw new Error(`${name} failed (${code}):\n${lines.slice(-30).join("\n")}`);
  return lines;
}

// ---------------------------------------------------------------- chain + deployment
const rpcPort = await freePort();
const rpcUrl = `http://127.0.0.1:${rpcPort}`;
const env = { ...process.env, PCX_RPC_URL: rpcUrl, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" };
const result: Record<string, unknown> = {};
let failed = false;
try {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { batchMaxCount: 1, cacheTimeout: -1, staticNetwork: true });
  const rpc = (method: string, params: unknown[] = []) => provider.send(method, params);
  const genesis = await timed("chainAndDeploy", async () => {
    running.push(startProcess("hardhat-node", bin("hardhat"), ["node", "--network", "pcxNode", "--port", String(rpcPort)], { cwd: REPO_ROOT, env, quiet: true }));
    await waitForRpc(rpcUrl, 120_000);
    const nowS = Number((await rpc("eth_getBlockByNumber", ["latest", false])).timestamp);
    const genesis = Math.ceil(nowS / 3600) * 3600 + 3600;
    const local = JSON.parse(readFileSync(path.join(REPO_ROOT, "ignition", "parameters", "local.json"), "utf8"));
    local.PCX = { ...local.PCX, genesis, periodLength: PERIOD, gracePeriod: GRACE, rewardWindow: 7 * 86_400 };
    const params = path.join(tmp, "scale-parameters.json");
    writeFileSync(params, JSON.stringify(local, null, 2));
    deploymentId = `bench-scale-${rpcPort}`;
    rmSync(deploymentDir(deploymentId), { recursive: true, force: true });
    await run("deploy", bin("hardhat"), ["ignition", "deploy", "ignition/modules/PCXLocal.ts", "--network", "localhost", "--parameters", params, "--deployment-id", deploymentId, "--build-profile", "default"], env);
    return genesis;
  });
  const addresses = loadAddresses(deploymentId);
  const registry = new Contract(addresses.Registry!, pcxAbis.Registry, provider);
  const oracle = new Contract(addresses.EmissionOracle!, pcxAbis.EmissionOracle, provider);
  const chainId = 31337n;
  const domain = emissionOracleDomain(chainId, addresses.EmissionOracle!);

  // ---------------------------------------------------------------- indexer (started first: it indexes the setup meanwhile)
  const indexerPort = await freePort();
  const indexerUrl = `http://127.0.0.1:${indexerPort}`;
  const indexerDb = path.join(tmp, "pglite");
  running.push(startProcess("indexer", bin("ponder"), ["start", "--schema", "pcx", "--port", String(indexerPort)], {
    cwd: path.join(REPO_ROOT, "indexer"),
    env: { ...env, PONDER_TELEMETRY_DISABLED: "true", PCX_DEPLOYMENT_ID: deploymentId, PCX_CHAIN_ID: "31337", PCX_INDEXER_PGLITE_DIR: indexerDb },
    quiet: true,
  }));

  // ---------------------------------------------------------------- households
  const owners = Array.from({ length: HOUSEHOLDS }, (_, h) => new Wallet(keccak256(toUtf8Bytes(`pcx-scale-owner-${h}`))).address);
  const devices = owners.flatMap((owner, h) =>
    DEMO_DEVICE_KINDS.map(({ kind, factorKey }) => ({ owner, household: h, kind, factorKey, wallet: demoDeviceWallet(h, kind), factor: defaultFactor(factorKey) })),
  );
  const setupGas = await timed("enrollAndBind", async () => {
    const registrar = HARDHAT_ACCOUNTS[0];
    const hashes: string[] = [];
    const send = async (from: string, data: string) => {
      hashes.push(await rpc("eth_sendTransaction", [{ from, to: addresses.Registry, data, gas: "0x7a120" }]));
    };
    // Automine, many transactions in flight (Hardhat's mempool gets slow when filled with thousands).
    await pool(owners, 32, async (owner) => {
      await rpc("hardhat_setBalance", [owner, "0x56bc75e2d63100000"]);
      await rpc("hardhat_impersonateAccount", [owner]);
      await send(registrar, registry.interface.encodeFunctionData("enroll", [owner]));
    });
    await pool(devices, 32, async (d) => {
      const args_ = await localCertifiedBinding(d.wallet, d.owner, d.kind, d.factor.id, chainId, addresses.Registry!);
      await send(d.owner, registry.interface.encodeFunctionData("bindDevice", args_));
    });
    let gas = 0;
    await pool(hashes, 32, async (h) => {
      const r = await provider.getTransactionReceipt(h);
      if (!r || r.status !== 1) throw new Error(`setup transaction ${h} failed`);
      gas += Number(r.gasUsed);
    });
    return gas;
  });
  log(`${HOUSEHOLDS} households enrolled, ${devices.length} meters bound (${setupGas} gas)`);

  await timed("indexerCatchUpSetup", async () => {
    await waitForPort(indexerPort, "127.0.0.1", 120_000);
    const idx = indexerClient(indexerUrl);
    const deadline = Date.now() + 600_000;
    const head = await provider.getBlockNumber();
    while (!(await idx.ready().catch(() => false)) || ((await idx.status().catch(() => undefined))?.pcx?.block?.number ?? 0) < head) {
      if (Date.now() > deadline) throw new Error("indexer not ready");
      await sleep(500);
    }
  });
  const idx = indexerClient(indexerUrl);
  const lagSamples: number[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      try {
        const [head, st] = await Promise.all([provider.getBlockNumber(), idx.status()]);
        const indexed = st.pcx?.block?.number;
        if (indexed !== undefined) lagSamples.push(Math.max(0, head - indexed));
      } catch {
        /* a sample missed */
      }
      await sleep(1000);
    }
  })();

  // ---------------------------------------------------------------- oracle on the simulated clock
  let simNowS = genesis;
  const dataDir = path.join(tmp, "oracle");
  const mqttCredentials = path.join(tmp, "mqtt-credentials.json");
  const simUser = "pcx-scale-sim";
  const simPassword = await new CredentialStore(mqttCredentials).issue({ username: simUser, role: "device", topics: devices.map((d) => pcxTopic(d.wallet.address.toLowerCase())) });
  const service = await OracleService.start(
    loadConfig({ rpcUrl, deployment: deploymentId, mqttPort: await freePort(), mqttCredentials, httpPort: 0, dataDir, checkpointIntervalS: 86_400, batchSize: 256, batchWaitMs: 250, logLevel: "warn", deviceCacheSize: Math.max(10_000, devices.length * 2) }, {}),
    undefined,
    { clock: () => simNowS * 1000 },
  );
  const worker = new Worker(new URL("./scale-sim.ts", import.meta.url), {
    execArgv: ["--import", "tsx"],
    workerData: { url: service.mqttUrl, username: simUser, password: simPassword, domain, devices: devices.map((d) => ({ address: d.wallet.address.toLowerCase() as `0x${string}`, key: d.wallet.privateKey as `0x${string}`, household: d.household, kind: d.kind })) } satisfies SimWorkerData,
  });
  const waiters: ((m: Record<string, unknown>) => boolean)[] = [];
  const expect = <T>(pred: (m: Record<string, unknown>) => boolean) => new Promise<T>((resolve) => waiters.push((m) => (pred(m) ? (resolve(m as T), true) : false)));
  const ready = expect((m) => "ready" in m);
  worker.on("message", (m) => {
    const i = waiters.findIndex((w) => w(m));
    if (i >= 0) waiters.splice(i, 1);
  });
  worker.on("error", (e) => {
    console.error("simulator worker failed", e);
    process.exit(1);
  });
  await ready;
  const counted = async (outcome: string) => (await service.metrics.messages.get()).values.filter((v) => v.labels.outcome === outcome).reduce((s, v) => s + v.value, 0);
  /** Mines a block at `ts` (or just after the chain's latest block, if that is later). */
  const advanceChain = async (ts: number) => {
    for (let attempt = 0; ; attempt++) {
      const latest = Number((await rpc("eth_getBlockByNumber", ["latest", false])).timestamp);
      try {
        await rpc("evm_mine", [Math.max(ts, latest)]);
        return;
      } catch (err) {
        // The oracle's transaction was automined between the read and the mine, one second later.
        if (attempt >= 5 || !/lower than the previous block's timestamp/.test(String((err as Error).message ?? err))) throw err;
      }
    }
  };

  const HOURS = DAYS * 24;
  const totalReadings = HOURS * devices.length;
  const hourTimes: number[] = [];
  const monthStart = performance.now();
  await timed("month", async () => {
    const inFlight: Promise<unknown>[] = [];
    for (let h = 0; h < HOURS; h++) {
      const ts = genesis + h * 3600;
      // At most two hours in flight (the first alone: its directory lookups go to the chain):
      // the oracle's MQTT keepalive is answered behind the messages queued on its connection.
      while ((await counted("stored")) < (h <= 1 ? h : h - 1) * devices.length) await sleep(5);
      await advanceChain(ts);
      simNowS = ts;
      const done = expect<{ publishedMs: number }>((m) => m.ts === ts);
      worker.postMessage({ ts });
      inFlight.push(done);
      if (inFlight.length > 2) await inFlight.shift();
      if (h % 24 === 23) {
        const stored = await counted("stored");
        hourTimes.push(performance.now());
        log(`day ${(h + 1) / 24}: ${stored} readings stored (${Math.round(stored / ((performance.now() - monthStart) / 1000))}/s), chain block ${await provider.getBlockNumber()}`);
      }
    }
    await Promise.all(inFlight);
    const deadline = Date.now() + 600_000;
    while ((await counted("stored")) < totalReadings && Date.now() < deadline) await sleep(50);
  });
  const stored = await counted("stored");
  // A redelivered copy (QoS 1 after a reconnect) of a stored reading is refused as stale_seq; any other refusal fails the bench.
  const refusals = (await service.metrics.messages.get()).values.filter((v) => v.labels.outcome !== "stored" && v.value > 0).map((v) => ({ ...v.labels, n: v.value }));
  const bad = refusals.filter((r) => r.reason !== "stale_seq");
  if (bad.length > 0 || stored !== totalReadings) throw new Error(`ingest stored ${stored} of ${totalReadings}; refusals ${JSON.stringify(refusals)}`);
  result.redeliveredRefused = refusals.reduce((s, r) => s + r.n, 0);
  const ingestSeconds = timings.month!;

  // ---------------------------------------------------------------- period close
  await timed("periodClose", async () => {
    const closeAt = genesis + HOURS * 3600 + (DAYS * 86_400 >= PERIOD ? CLOSE_DELAY + 60 : 86_400);
    // Simulated time moves on, an hour a step, while the last checkpoints go.
    for (let ts = genesis + HOURS * 3600; ; ts = Math.min(ts + 1800, closeAt)) {
      await advanceChain(ts);
      simNowS = ts;
      const c = service.outbox.counts();
      if (ts >= closeAt && c.held === 0 && c.queued === 0 && c.sent === 0) break;
      await sleep(500);
    }
  });
  const counts = service.outbox.counts();
  const batches = service.outbox.db.prepare(`SELECT COUNT(*) AS n, SUM(CAST(gas_used AS INTEGER)) AS gas FROM batches WHERE status = 'final'`).get() as { n: number; gas: number };
  const onchain = service.outbox.db.prepare(`SELECT cp_reason AS reason, COUNT(*) AS n FROM readings WHERE cp_reason IS NOT NULL GROUP BY cp_reason`).all() as { reason: string; n: number }[];
  const onchainReadings = onchain.reduce((s, r) => s + r.n, 0);
  log("outbox", counts, "batches", batches, "checkpoints", onchain);
  if (counts.rejected > 0 || counts.failed > 0) throw new Error(`on-chain rejections: ${JSON.stringify(counts)}`);

  // ---------------------------------------------------------------- exact emissions
  worker.postMessage({ summary: true });
  const summary = (await expect<{ summary: { device: string; first: string; last: string; lastSeq: string }[] }>((m) => "summary" in m)).summary;
  const factorOf = new Map(devices.map((d) => [d.wallet.address.toLowerCase(), d.factor.value]));
  const expectedWei = summary.reduce((s, d) => s + (BigInt(d.last) - BigInt(d.first)) * factorOf.get(d.device)!, 0n);
  let chainWei = 0n;
  const seqProblems: string[] = [];
  await timed("checkTotals", async () => {
    await pool(owners, 16, async (o) => {
      const v = BigInt(await oracle.emissionsOf(o, 0)); // (not `chainWei += await …`: that reads chainWei before the await)
      chainWei += v;
    });
    await pool(summary, 16, async (d) => {
      const st = await oracle.deviceState(d.device);
      if (BigInt(st.lastSeq) !== BigInt(d.lastSeq) || BigInt(st.lastCumulative) !== BigInt(d.last)) seqProblems.push(`${d.device}: chain ${st.lastSeq}/${st.lastCumulative}, simulator ${d.lastSeq}/${d.last}`);
    });
  });
  const byKind = new Map(devices.map((d) => [d.wallet.address.toLowerCase(), d.kind]));
  const eventWei = [0n, 0n, 0n];
  const simWei = [0n, 0n, 0n];
  for (const d of summary) simWei[byKind.get(d.device)!]! += (BigInt(d.last) - BigInt(d.first)) * factorOf.get(d.device)!;
  const head0 = await provider.getBlockNumber();
  for (let from = 0; from <= head0; from += 2000) {
    for (const e of await oracle.queryFilter(oracle.filters.ReadingAccepted!(), from, Math.min(head0, from + 1999))) {
      const a = (e as unknown as { args: { device: string; kgCO2e: bigint } }).args;
      eventWei[byKind.get(String(a.device).toLowerCase()) ?? 0]! += BigInt(a.kgCO2e);
    }
  }
  log(`emissions: emissionsOf ${chainWei}, ReadingAccepted ${eventWei.reduce((a, b) => a + b)} [${eventWei.join(", ")}], simulator ${expectedWei} [${simWei.join(", ")}]`);
  const eventTotal = eventWei.reduce((a, b) => a + b);
  if (chainWei !== expectedWei || eventTotal !== expectedWei || seqProblems.length > 0) {
    throw new Error(`EMISSIONS DIFFER: chain ${chainWei} ≠ simulator ${expectedWei} (${seqProblems.length} devices off: ${seqProblems.slice(0, 3).join("; ")})`);
  }
  worker.postMessage({ close: true });
  await expect((m) => "closed" in m);
  await worker.terminate();
  await service.stop();

  // ---------------------------------------------------------------- indexer: caught up, dashboard queries
  const head = await provider.getBlockNumber();
  await timed("indexerCatchUp", async () => {
    while (((await idx.status()).pcx?.block?.number ?? 0) < head) await sleep(200);
  });
  sampling = false;
  await sampler;
  const queryMs: Record<string, number[]> = { periods: [], days: [], trail: [], dashboard: [] };
  const q = async <T>(label: string, fn: () => Promise<T>) => {
    const s = performance.now();
    const r = await fn();
    queryMs[label]!.push(performance.now() - s);
    return r;
  };
  const sampleHouseholds = Array.from({ length: Math.min(50, HOUSEHOLDS) }, (_, i) => Math.floor((i * HOUSEHOLDS) / Math.min(50, HOUSEHOLDS)));
  let dayRows = 0;
  for (const h of sampleHouseholds) {
    const owner = owners[h]!.toLowerCase();
    const mine = devices.filter((d) => d.household === h);
    const s = performance.now();
    await q("periods", () => idx.accountPeriods(owner));
    for (const d of mine) dayRows += (await q("days", () => idx.deviceDays(d.wallet.address.toLowerCase(), { limit: 500 }))).items.length;
    await q("trail", () => idx.trail(owner, { limit: 50 }));
    queryMs.dashboard!.push(performance.now() - s);
  }
  const periods = await idx.accountPeriods(owners[0]!.toLowerCase());
  log(`dashboard of household 0: ${JSON.stringify(periods.items[0] ?? {}).slice(0, 200)}; ${dayRows} device-day rows over ${sampleHouseholds.length} households`);
  const allQueries = [...queryMs.periods!, ...queryMs.days!, ...queryMs.trail!];
  const du = (dir: string): number => {
    let n = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? du(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).size;
    return n;
  };
  const indexerDbBytes = du(indexerDb);
  const oracleDbBytes = du(dataDir);

  // ---------------------------------------------------------------- audit CLI
  const auditLines = await timed("audit", () => run("audit", process.execPath, ["--import", "tsx", "audit/cli.ts", "--rpc", rpcUrl, "--deployment", deploymentId, "--json"], env));
  const auditSeconds = timings.audit!;
  const audit = JSON.parse(auditLines.join("\n")) as { clean?: boolean; mismatches?: unknown[] };
  if (audit.clean !== true) throw new Error(`audit found mismatches: ${JSON.stringify(audit.mismatches).slice(0, 500)}`);

  const blocks = await provider.getBlockNumber();
  provider.destroy();
  for (const p of running.splice(0).reverse()) await stopProcess(p);

  // ---------------------------------------------------------------- ingest throughput, 5-minute rate
  const ingest = await timed("ingestBench", () => benchIngest(Number(args["ingest-readings"]), 1000));

  const gasPerHouseholdMonth = Math.round(((batches.gas / HOUSEHOLDS) * 30) / DAYS);
  const gasCore = JSON.parse(readFileSync(path.join(REPO_ROOT, "bench", "gas-core.json"), "utf8")) as { rows: { operation: string; gasPerUnit: number }[] };
  const perReading = gasCore.rows.find((r) => r.operation === "submitReadings, steady state, batch of 100")!.gasPerUnit;
  const everyReadingGasPerHouseholdMonth = perReading * METERS * 288 * 30;
  Object.assign(result, {
    machine: `${process.platform} ${process.arch}, node ${process.version}, ${os.cpus().length} cores`,
    loadAverageAtEnd: os.loadavg().map((x) => round(x)),
    date: new Date().toISOString(),
    households: HOUSEHOLDS,
    metersPerHousehold: METERS,
    days: DAYS,
    rawReadings: totalReadings,
    onchainReadings,
    checkpointsByReason: Object.fromEntries(onchain.map((r) => [r.reason, r.n])),
    oracleTransactions: batches.n,
    oracleGas: batches.gas,
    gasPerHouseholdMonth,
    gasPerCheckpoint: Math.round(batches.gas / onchainReadings),
    everyReadingGasPerHouseholdMonth,
    everyReadingGasPerReading: perReading,
    setupGas,
    chainBlocks: blocks,
    emissionsWei: chainWei.toString(),
    emissionsExact: true,
    indexerLagBlocksP95: pct(lagSamples, 95),
    indexerLagBlocksMax: Math.max(...lagSamples),
    indexerLagSamples: lagSamples.length,
    dashboardQueryP95Ms: round(pct(allQueries, 95), 1),
    dashboardQueryP50Ms: round(pct(allQueries, 50), 1),
    dashboardQueryP95ByKindMs: { periods: round(pct(queryMs.periods!, 95), 1), days: round(pct(queryMs.days!, 95), 1), trail: round(pct(queryMs.trail!, 95), 1) },
    dashboardLoadP95Ms: round(pct(queryMs.dashboard!, 95), 1),
    dashboardHouseholdsSampled: sampleHouseholds.length,
    auditSeconds,
    auditClean: audit.clean ?? null,
    monthIngestSeconds: ingestSeconds,
    monthIngestReadingsPerSecond: Math.round(totalReadings / ingestSeconds),
    ingestReadingsPerSecond: ingest.readingsPerSecond,
    ingest,
    indexerDbBytes,
    oracleDbBytes,
    timings,
    wallSeconds: round((performance.now() - t0) / 1000, 1),
  });
  console.log(JSON.stringify(result, null, 2));
  if (!args["no-write"]) writeReports(result);
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  await cleanup();
}
process.exit(failed ? 1 : 0);

/** Ingest at the 5-minute rate: pre-signed readings of 1,000 meters, 5 minutes apart, as fast as the broker takes them. */
async function benchIngest(total: number, meters: number) {
  const secp = createRequire(import.meta.url)("secp256k1/bindings") as { ecdsaSign(m: Uint8Array, k: Uint8Array): { signature: Uint8Array; recid: number } };
  const domain = emissionOracleDomain(31337n, "0x0165878A594ca255338adfa4d48449f69242Eb8F");
  const verifier = new ReadingVerifier(domain);
  const wallets = Array.from({ length: meters }, (_, i) => new Wallet(keccak256(toUtf8Bytes(`pcx-scale-ingest-${i}`))));
  const directory = new MemoryDirectory();
  for (const w of wallets) directory.set(w.address, { status: DeviceStatus.Active, owner: w.address, kind: 0, factorId: 1, operatorAttested: false, chainHead: undefined });
  const start = Math.floor(Date.now() / 1000) - Math.ceil(total / meters) * 300;
  const messages: { topic: string; payload: string }[] = [];
  for (let i = 0; i < total; i++) {
    const w = wallets[i % meters]!;
    const k = Math.floor(i / meters);
    const reading = { device: w.address.toLowerCase() as `0x${string}`, seq: BigInt(k + 1), timestamp: BigInt(start + k * 300), cumulative: BigInt(k * 25) };
    const { signature, recid } = secp.ecdsaSign(verifier.digestBytes(reading), Buffer.from(w.privateKey.slice(2), "hex"));
    const s = signature.subarray(32);
    if (recid) s[0]! |= 0x80;
    messages.push({ topic: pcxTopic(reading.device), payload: encodePcxReading(reading, { r: `0x${Buffer.from(signature.subarray(0, 32)).toString("hex")}`, vs: `0x${Buffer.from(s).toString("hex")}` }) });
  }
  const dir = path.join(os.tmpdir(), `pcx-scale-ingest-${process.pid}`);
  const outbox = new Outbox(dir);
  const metrics = new OracleMetrics();
  const config = loadConfig({}, { PCX_VERIFY_WORKERS: process.env.PCX_VERIFY_WORKERS, PCX_MQTT_MAX_IN_FLIGHT: process.env.PCX_MQTT_MAX_IN_FLIGHT });
  // The service's ingest path (signature checks in its worker pool, group commits), as bench:oracle.
  const ingest = createIngest({ outbox, directory, domain, metrics, log: silentLog, verifyWorkers: config.verifyWorkers, maxClockSkewS: 120 });
  const { ingestor } = ingest;
  const { broker, logins } = await testBroker({ "bench-pub": ["pcx/v1/meters/+/reading"] }, "bench-oracle");
  let storedN = 0;
  let other = 0;
  let firstAt = 0;
  let lastAt = 0;
  const source = new MqttSource({
    url: broker.url, clientId: "bench-oracle", auth: logins["bench-oracle"], protocolVersion: 4, topics: ["pcx/v1/meters/+/reading"], log: silentLog,
    maxInFlight: config.mqttMaxInFlight,
    onMessage: async (topic, payload, receivedAt) => {
      if (!firstAt) firstAt = performance.now();
      const r = await ingestor.handle(topic, payload, receivedAt);
      if (r.outcome === "stored") storedN++;
      else other++;
      lastAt = performance.now();
    },
  });
  await source.start();
  const pub = await mqtt.connectAsync(broker.url, logins["bench-pub"]);
  await Promise.all(messages.map((m) => pub.publishAsync(m.topic, m.payload, { qos: 1 })));
  while (storedN + other < total) await sleep(20);
  await pub.endAsync();
  await source.stop();
  await broker.close();
  await ingest.close();
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
  if (other > 0) throw new Error(`ingest bench: ${other} readings not stored`);
  const seconds = (lastAt - firstAt) / 1000;
  return { readings: total, meters, signatureBackend: ingest.backend, verifyWorkers: config.verifyWorkers, seconds: round(seconds, 2), readingsPerSecond: Math.round(total / seconds) };
}

function writeReports(r: Record<string, unknown>) {
  mkdirSync(path.join(REPO_ROOT, "bench"), { recursive: true });
  const name = args.out;
  if (!/^[\w-]+$/.test(name)) throw new Error(`--out ${name}: a file name under bench/, without .json`);
  writeFileSync(path.join(REPO_ROOT, "bench", `${name}.json`), JSON.stringify(r, null, 2) + "\n");
  log(`wrote bench/${name}.json (bench/scale.md: node --import tsx scripts/bench/scale-report.ts)`);
}
