/**
 * The real `npm run dev` (scripts/dev.ts), on free ports, started and stopped four times (about
 * 3.5 minutes on 2 busy cores; three full Ctrl-C cycles on top would not fit in ~3 minutes, and
 * supervisor.test.ts proves deterministically the race behind the old 1-in-3 failure: copies of
 * one Ctrl-C):
 *
 *   1. Ctrl-C: the banner names every URL and every local account's role; the stack stays quiet
 *      while idle; every advertised endpoint answers in its own protocol; after SIGINT to the
 *      terminal's foreground group every port is free and no process of the run is left.
 *   2. Ctrl-C during start-up, while the services are still coming up: the same.
 *   3. SIGTERM to npm (how a process manager stops it): the same clean stop.
 *   4. A service that dies (the oracle's whole group SIGKILLed): the stack says which, stops the
 *      rest and exits 1, leaving nothing behind.
 *
 * "No process left" is checked three ways: every process that was in the run's tree (by pid and
 * start time), every process group it had, and every process whose environment carries the run's
 * marker (which no setsid or re-parenting removes). Linux only (/proc).
 */
import { afterEach, describe, expect, it } from "vitest";
import { HARDHAT_ACCOUNTS, LOCAL_CHAIN_ID, LOCAL_ROLES } from "../../sdk/local-chain.js";
import { DEV_PORTS, freeDevPorts, portTaken, type DevPortName } from "../lib/dev-ports.js";
import { groupAlive, signalGroup } from "../lib/process-group.js";
import { DevRun, RUN_MARKER } from "./lib/dev-run.js";
import { processTree, processesWithEnv, stillRunning, type ProcInfo } from "./lib/procfs.js";
import { http, mqttConnack, portClosed, rpcChainId } from "./lib/probes.js";

const IDLE_WINDOW_MS = 20_000;
const MAX_IDLE_LINES = 20;
/** A clean stop must finish well inside this (the supervisor's grace time is 8 s per tier). */
const STOP_WITHIN_MS = 40_000;

let current: DevRun | undefined;
afterEach(() => {
  // A failed test must not leave a stack running beside the next one.
  if (!current) return;
  current.kill();
  for (const p of processesWithEnv(RUN_MARKER, current.marker)) signalGroup(p.pgid, "SIGKILL");
  current = undefined;
});

async function start(): Promise<DevRun> {
  current = new DevRun(await freeDevPorts());
  return current;
}

/** The banner's URLs by their label ("dApp", "chain RPC", …). */
function advertised(banner: string[]): Map<string, string> {
  const urls = new Map<string, string>();
  for (const line of banner) {
    const m = /^ {2}(\S.*?)\s{2,}((?:https?|mqtt):\/\/\S+)/.exec(line);
    if (m) urls.set(m[1], m[2]);
  }
  return urls;
}

/** Everything the run started, while it runs: its process tree and every process carrying its marker. */
function snapshot(run: DevRun): ProcInfo[] {
  const byPid = new Map<number, ProcInfo>();
  for (const p of [...processTree(run.pid), ...processesWithEnv(RUN_MARKER, run.marker)]) byPid.set(p.pid, p);
  return [...byPid.values()];
}

/** After the run ended: no port of it taken, no process, group or marked process left. */
async function expectNothingLeft(run: DevRun, seen: ProcInfo[]): Promise<void> {
  for (const name of Object.keys(DEV_PORTS) as DevPortName[]) {
    const port = run.ports[name];
    expect(await portClosed(port), `${name} port ${port} still accepts connections`).toBe(true);
    expect(await portTaken(port), `${name} port ${port} is still bound`).toBe(false);
  }
  expect(seen.filter(stillRunning).map((p) => `${p.pid} ${p.cmd}`)).toEqual([]);
  expect([...new Set(seen.map((p) => p.pgid))].filter(groupAlive)).toEqual([]);
  expect(processesWithEnv(RUN_MARKER, run.marker).map((p) => `${p.pid} ${p.cmd}`)).toEqual([]);
}

/** The run's process groups while up: npm's own and one per service (chain, indexer, oracle, simulator, app). */
function expectServiceGroups(run: DevRun, seen: ProcInfo[]): void {
  const groups = new Set(seen.map((p) => p.pgid));
  groups.delete(run.pid);
  expect(groups.size, seen.map((p) => `${p.pid}/${p.pgid} ${p.cmd}`).join("\n")).toBeGreaterThanOrEqual(5);
  for (const service of ["hardhat node", "ponder", "oracle/cli.ts run", "oracle/cli.ts simulate", "next dev"]) {
    expect(
      seen.some((p) => p.cmd.includes(service) && p.pgid !== run.pid),
      `${service} runs in a group of its own`,
    ).toBe(true);
  }
}

async function stopped(run: DevRun): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const t0 = Date.now();
  const result = await Promise.race([
    run.exited,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running ${STOP_WITHIN_MS} ms after the signal:\n${run.output}`)), STOP_WITHIN_MS)),
  ]);
  return { ...result, ms: Date.now() - t0 };
}

describe("npm run dev", () => {
  it("comes up quiet behind one banner, answers on every advertised port, and Ctrl-C stops all of it", async () => {
    const run = await start();
    const { lines: banner, at: bannerAt } = await run.banner();

    // The banner: every service's URL on the ports chosen, every local account with its role.
    const urls = advertised(banner);
    const { ports } = run;
    expect(Object.fromEntries(urls)).toEqual({
      dApp: `http://localhost:${ports.app}`,
      "chain RPC": `http://127.0.0.1:${ports.rpc}`,
      "indexer REST": `http://127.0.0.1:${ports.indexer}/api/events`,
      "indexer GraphQL": `http://127.0.0.1:${ports.indexer}/graphql`,
      "oracle API": `http://127.0.0.1:${ports.oracle}/healthz`,
      "oracle metrics": `http://127.0.0.1:${ports.oracle}/metrics`,
      "MQTT broker": `mqtt://127.0.0.1:${ports.mqtt}`,
    });
    const accountLine = (index: number, role: RegExp) =>
      expect(banner.some((l) => new RegExp(`^ {2}#${index}\\s+${HARDHAT_ACCOUNTS[index]}\\s+${role.source}`).test(l)), `#${index} ${role}`).toBe(true);
    accountLine(LOCAL_ROLES.deployer, /admin and registrar/);
    accountLine(LOCAL_ROLES.oracleOperator, /oracle operator/);
    LOCAL_ROLES.households.forEach((i, h) => accountLine(i, new RegExp(`household ${h + 1}$`)));
    LOCAL_ROLES.marketMakers.forEach((i, m) => accountLine(i, new RegExp(`market maker ${m + 1}$`)));
    accountLine(LOCAL_ROLES.guardian, /guardian/);
    const beforeBanner = run.lines.filter((l) => l.at < bannerAt).length - banner.length;
    expect(beforeBanner, run.output).toBeLessThan(20);

    // Idle: the simulator publishes, the oracle posts batches, the indexer follows: none of it printed.
    await new Promise((r) => setTimeout(r, IDLE_WINDOW_MS));
    const idle = run.linesBetween(bannerAt + 1, bannerAt + 1 + IDLE_WINDOW_MS);
    expect(idle.length, idle.map((l) => l.text).join("\n")).toBeLessThan(MAX_IDLE_LINES);

    // Every advertised endpoint answers, each in its own protocol.
    expect(await rpcChainId(urls.get("chain RPC")!)).toBe(LOCAL_CHAIN_ID);
    const app = await http(urls.get("dApp")!);
    expect(app.status).toBe(200);
    expect(app.body).toContain("<html");
    const events = await http(urls.get("indexer REST")!);
    expect(events.status).toBe(200);
    expect(JSON.parse(events.body)).toBeTypeOf("object");
    const graphql = await http(urls.get("indexer GraphQL")!, { query: "{ __typename }" });
    expect(graphql.status).toBe(200);
    expect(JSON.parse(graphql.body)).toEqual({ data: { __typename: "Query" } });
    const health = await http(urls.get("oracle API")!);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true });
    const metrics = await http(urls.get("oracle metrics")!);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain("# HELP");
    // The broker refuses a client without credentials, in MQTT: 4 (bad user name or password) or 5 (not authorised).
    expect([4, 5]).toContain(await mqttConnack(urls.get("MQTT broker")!));

    const seen = snapshot(run);
    expectServiceGroups(run, seen);
    run.ctrlC();
    const result = await stopped(run);
    expect(result, run.output).toMatchObject({ code: 0, signal: null });
    expect(run.output).toMatch(/\[dev\] stopped everything \(\d+\.\d s/);
    await expectNothingLeft(run, seen);
  });

  it("stops what has started when Ctrl-C comes during start-up", async () => {
    const run = await start();
    // The indexer, oracle and app start before the seed; this line comes after it.
    await run.waitForLine(/^\[dev\] contracts deployed and seeded/, 240_000);
    const seen = snapshot(run);
    const groups = new Set(seen.map((p) => p.pgid));
    groups.delete(run.pid);
    expect(groups.size, seen.map((p) => p.cmd).join("\n")).toBeGreaterThanOrEqual(4);
    run.ctrlC();
    const result = await stopped(run);
    expect(result, run.output).toMatchObject({ code: 0, signal: null });
    expect(run.output).not.toContain("PCX is up");
    await expectNothingLeft(run, seen);
  });

  it("stops just as cleanly on SIGTERM to npm", async () => {
    const run = await start();
    await run.banner();
    const seen = snapshot(run);
    expectServiceGroups(run, seen);
    process.kill(run.pid, "SIGTERM");
    const result = await stopped(run);
    expect(result, run.output).toMatchObject({ code: 0, signal: null });
    expect(run.output).toContain("[dev] stopping (SIGTERM)");
    await expectNothingLeft(run, seen);
  });

  it("stops everything and exits 1, naming the service, when one dies on its own", async () => {
    const run = await start();
    await run.banner();
    const seen = snapshot(run);
    const oracle = seen.find((p) => p.cmd.includes("oracle/cli.ts run"));
    expect(oracle, seen.map((p) => p.cmd).join("\n")).toBeDefined();
    signalGroup(oracle!.pgid, "SIGKILL");
    const result = await stopped(run);
    expect(result, run.output).toMatchObject({ code: 1 });
    expect(run.output).toContain("[dev] the oracle stopped unexpectedly (killed by SIGKILL)");
    expect(run.output).toContain("stopping the rest…");
    expect(run.output).toMatch(/^\[dev\] stopped everything \(\d+\.\d s/m);
    await expectNothingLeft(run, seen);
  });
});
