/**
 * Fault tests against real brokers (Mosquitto with persistence, standalone Aedes) and the real
 * Hardhat node, with the oracle as a child process: while a simulator publishes continuously,
 *   1. the broker is stopped and restarted mid-stream,
 *   2. the RPC endpoint disappears for a while (TCP proxy closed, then reopened),
 *   3. the oracle is SIGKILLed mid-stream and restarted on the same data dir.
 * The oracle posts checkpoints (every 3 s per device here) and keeps every raw reading in its
 * outbox. Each run must end with every published (device, seq) stored once in the outbox and
 * committed once on chain (the checkpoints' committed ranges (CheckpointsCommitted) cover 1..last seq of every
 * device without gap or overlap), every device's last reading booked, no checkpoint booked twice,
 * no reading rejected on chain, and the booked kg CO2e equal to the simulator's expectation: a
 * SIGKILL between checkpoints loses no raw reading and the next checkpoint carries the delta.
 */
import Database from "better-sqlite3";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { emissionOracleDomain } from "../../sdk/typed-data.js";
import { DeviceKind } from "../../sdk/contracts.js";
import { freePort, startProcess, stopProcess, type Started } from "../../scripts/lib/processes.js";
import { Simulator, type SimDevice } from "../simulator/simulator.js";
import { aedesBroker, mosquittoBroker, MOSQUITTO, type BrokerProcess } from "./brokers.js";
import { bindDevice, commitmentEvents, coverage, defaultFactor, readingEvents, startLocalChain, tally, type LocalChain } from "./chain-fixture.js";
import { tempDir, testWallet, waitFor } from "./helpers.js";
import { TcpProxy } from "./tcp-proxy.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// The fault tests get a chain of their own, so nothing they do can disturb the suite's chain.
let chain: LocalChain;

beforeAll(async () => {
  chain = await startLocalChain("faults");
}, 180_000);
afterAll(async () => chain?.stop());

async function startOracle(args: {
  broker: BrokerProcess;
  login: { username: string; password: string } | undefined;
  rpcUrl: string;
  dataDir: string;
  httpPort: number;
  log: string[];
}): Promise<Started> {
  const flags = [
    "--rpc-url", args.rpcUrl,
    "--deployment", chain.deploymentId,
    "--mqtt-url", args.broker.url,
    "--mqtt-protocol", String(args.broker.protocol),
    "--client-id", `pcx-oracle-fault-${args.broker.name}`,
    "--http-port", String(args.httpPort),
    "--data-dir", args.dataDir,
    "--batch-wait-ms", "150",
    "--batch-size", "32",
    "--checkpoint-interval", "3",
    "--fee-bump-after-ms", "4000",
    "--log-level", process.env.PCX_FAULT_LOG_LEVEL ?? "warn",
    ...(args.broker.shareGroup ? ["--share-group", args.broker.shareGroup] : []),
    ...(args.login ? ["--mqtt-username", args.login.username] : []),
  ];
  const p = startProcess("oracle", process.execPath, ["--import", "tsx", "oracle/cli.ts", "run", ...flags], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...(args.login ? { PCX_MQTT_PASSWORD: args.login.password } : {}) },
    quiet: true,
    onLine: (l) => args.log.push(l),
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${args.httpPort}/healthz`)).status === 200) return p;
    } catch {
      /* not up yet */
    }
    if (p.child.exitCode !== null) throw new Error(`oracle exited:\n${args.log.slice(-20).join("\n")}`);
    if (Date.now() > deadline) throw new Error(`oracle not healthy:\n${args.log.slice(-20).join("\n")}`);
    await sleep(200);
  }
}

type Fault = "broker-restart" | "rpc-outage" | "oracle-sigkill";
/**
 * Aedes keeps sessions in memory only: readings published while it restarts, before the oracle's
 * session exists again, have no subscriber and are dropped (their emissions are not lost — the
 * next reading's cumulative carries them). So with Aedes the broker restart is its own case,
 * asserting exact emissions and no double counting; the other faults must lose nothing.
 */
const cases: { name: string; broker: "mosquitto" | "aedes"; faults: Fault[]; allowDroppedWhileBrokerDown: boolean; skip: boolean }[] = [
  { name: "mosquitto: broker restart, RPC outage, oracle SIGKILL", broker: "mosquitto", faults: ["broker-restart", "rpc-outage", "oracle-sigkill"], allowDroppedWhileBrokerDown: false, skip: !MOSQUITTO },
  { name: "aedes: RPC outage, oracle SIGKILL", broker: "aedes", faults: ["rpc-outage", "oracle-sigkill"], allowDroppedWhileBrokerDown: false, skip: false },
  { name: "aedes: broker restart (in-memory sessions)", broker: "aedes", faults: ["broker-restart"], allowDroppedWhileBrokerDown: true, skip: false },
];

describe.each(cases)("faults — $name", ({ broker: brokerName, faults, allowDroppedWhileBrokerDown, skip }) => {
  const name = `${brokerName}-${faults.join("-")}`;
  const make = (port: number, dir: string) => (brokerName === "mosquitto" ? mosquittoBroker(port, dir) : aedesBroker(port, dir));
  it.skipIf(skip)("ends with exact emissions on chain, nothing counted twice", { timeout: 180_000 }, async () => {
    const dir = tempDir(`fault-${name}`);
    const broker = make(await freePort(), path.join(dir, "broker"));
    await broker.start();
    const rpc = new URL(chain.rpcUrl);
    const proxy = new TcpProxy(await freePort(), { host: rpc.hostname, port: Number(rpc.port) });
    await proxy.open();
    const log: string[] = [];
    const login = await broker.login(`pcx-oracle-fault-${broker.name}`, "oracle", []);
    const simLogin = await broker.login(`pcx-sim-fault-${name}`, "device", ["pcx/v1/meters/+/reading"]);
    const oracleArgs = { broker, login, rpcUrl: `http://127.0.0.1:${proxy.port}`, dataDir: path.join(dir, "oracle"), httpPort: await freePort(), log };
    let oracle = await startOracle(oracleArgs);

    const devices: SimDevice[] = [];
    for (const [i, k] of [DeviceKind.Electricity, DeviceKind.NaturalGas, DeviceKind.VehicleDistance].entries()) {
      const wallet = testWallet(`fault-${name}-${i}`);
      const factorKey = ["elec.cn.grid", "gas.uk.m3", "car.petrol.km"][i]!;
      await bindDevice(chain, wallet, 2 + (i % 3), k, factorKey);
      devices.push({ household: i, kind: k, wallet, factorValue: defaultFactor(factorKey).value });
    }
    const sim = new Simulator({
      url: broker.url,
      domain: emissionOracleDomain(31337n, chain.addresses.EmissionOracle!),
      devices,
      speed: 5,
      simStartMs: Date.UTC(2026, 0, 5, 19, 0),
      clientId: `pcx-sim-fault-${name}`,
      ...simLogin,
    });
    await sim.connect();
    const abort = new AbortController();
    const publishing = sim.run(30, Infinity, abort.signal);
    try {
      await sleep(1500);
      if (faults.includes("broker-restart")) {
        await broker.stop();
        await sleep(1500);
        await broker.start();
        // The oracle reconnects with exponential backoff (250 ms doubling, up to 30 s): under load
        // it can be back seconds after the broker. A broker with in-memory sessions drops what is
        // published while the oracle is away (allowed here), so the readings that must be booked
        // — each device's last — are published only once it is subscribed again.
        await waitFor("the oracle reconnected to the restarted broker", async () => {
          const health = await fetch(`http://127.0.0.1:${oracleArgs.httpPort}/healthz`).catch(() => undefined);
          return health !== undefined && ((await health.json()) as { mqtt?: boolean }).mqtt === true;
        }, 45_000);
        await sleep(2000);
      }
      if (faults.includes("rpc-outage")) {
        await proxy.close();
        await sleep(3000);
        await proxy.open();
        await sleep(2000);
      }
      if (faults.includes("oracle-sigkill")) {
        await stopProcess(oracle, "SIGKILL");
        await sleep(1000);
        oracle = await startOracle(oracleArgs);
        await sleep(2000);
      }
    } finally {
      abort.abort();
      await publishing;
      await sim.close();
    }

    const summary = sim.summary();
    const addresses = summary.map((d) => d.device);
    const deadline = Date.now() + 60_000;
    let events = await readingEvents(chain, addresses);
    const lastSeqs = new Map(summary.map((d) => [d.device, d.lastSeq]));
    const done = () => [...lastSeqs].every(([d, seq]) => events.accepted.some((a) => a.device === d && a.seq === seq));
    while (!done() && Date.now() < deadline) {
      await sleep(500);
      events = await readingEvents(chain, addresses);
    }
    await stopProcess(oracle, "SIGTERM");
    await broker.stop();
    await proxy.close();

    if (!done()) {
      console.error(`[${name}] published ${sim.published}, accepted ${events.accepted.length}; oracle log tail:\n${log.filter((l) => !/"batch (submitted|final)"/.test(l)).slice(-40).join("\n")}`);
    }
    const { duplicates } = tally(events.accepted, []);
    expect(sim.published).toBeGreaterThan(100);
    expect(duplicates).toEqual([]);
    expect(events.rejected).toEqual([]);
    // Every device's last reading is booked, so the cumulative registers carry every Wh.
    for (const [device, seq] of lastSeqs) expect(events.accepted.some((a) => a.device === device && a.seq === seq)).toBe(true);
    // checkpoints, not every reading
    expect(events.accepted.length).toBeLessThan(sim.published);
    const commitments = await commitmentEvents(chain, addresses);
    expect(commitments).toHaveLength(events.accepted.length);
    if (!allowDroppedWhileBrokerDown) {
      // every raw reading stored once (across the SIGKILL) and committed once on chain
      const db = new Database(path.join(oracleArgs.dataDir, "outbox.sqlite"), { readonly: true });
      const stored = db.prepare(`SELECT device, COUNT(*) AS n, COUNT(DISTINCT seq) AS d FROM readings GROUP BY device`).all() as { device: string; n: number; d: number }[];
      db.close();
      for (const d of summary) expect(stored.find((s) => s.device === d.device.toLowerCase())).toMatchObject({ n: Number(d.lastSeq), d: Number(d.lastSeq) });
      expect(coverage(commitments, summary.map((d) => ({ device: d.device, lastSeq: d.lastSeq })))).toEqual([]);
    }
    expect(events.accepted.reduce((s, a) => s + a.kg, 0n)).toBe(sim.expectedWei());
  });
});
