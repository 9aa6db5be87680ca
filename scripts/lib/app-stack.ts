/**
 * A throw-away production stack for the dApp's end-to-end test and benchmark:
 * hardhat node on a free port → Ignition deploy (PCXLocal, local parameters) → optional local seed →
 * the indexer (`ponder start`, PGlite in a temp directory) on a free port → app config (with
 * PCX_INDEXER_URL) → `next build app` → `next start app` on a free port. The app reads its
 * histories from that indexer, so the browser drives app → indexer → chain.
 * With `oracle`, the oracle service runs too (`oracle/cli.ts run`: embedded MQTT broker on a free
 * port, its credentials file and data in a temp directory, its API on a free port with the app's
 * origin allowed, PCX_ORACLE_API_URL into the app config), so the dApp reads raw signed readings
 * and anomaly status from it.
 * PCX_IGNITION_MODULE overrides the module (default ignition/modules/PCXLocal.ts).
 * The local deployment folder (ignition/deployments/chain-31337) is recreated, as `npm run dev` does.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { freePort, startProcess, stopProcess, waitForPort, waitForRpc, type Started } from "./processes.js";

export interface AppStack {
  rpcUrl: string;
  appUrl: string;
  indexerUrl: string;
  /** The indexer's last indexed block (Ponder's /status), -1 before the first. */
  indexerHead(): Promise<number>;
  /** Stops the indexer alone (the app's designed "indexer down" state). */
  stopIndexer(): Promise<void>;
  /** The indexer's process id (its process group: it was spawned detached), for a test worker to stop it. */
  indexerPid: number;
  /** With `oracle`: its API (the app's oracleApiUrl), its broker, and the broker's credentials file (re-read on change: a test may issue a device login into it). */
  oracle?: { apiUrl: string; mqttUrl: string; credentials: string };
  timings: Record<string, number>;
  stop(): Promise<void>;
}

const bin = (name: string) => path.join(REPO_ROOT, "node_modules", ".bin", name);

async function run(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, quiet: boolean): Promise<void> {
  const p = startProcess(name, cmd, args, { cwd: REPO_ROOT, env, quiet });
  const code = await p.exited;
  if (code !== 0) throw new Error(`${name} failed (${code})`);
}

/** The last block the indexer at `indexerUrl` has indexed (Ponder's /status); -1 before the first or when it does not answer. */
export async function indexerHeadOf(indexerUrl: string): Promise<number> {
  try {
    const status = (await (await fetch(`${indexerUrl}/status`)).json()) as Record<string, { block: { number: number } | null }>;
    return Object.values(status)[0]?.block?.number ?? -1;
  } catch {
    return -1;
  }
}

/**
 * `beforeDeploy`: awaited just before the deployment, with the node's RPC URL (the e2e keeps it clear of a period's end).
 * `seed`: also run scripts/seed-local.ts (demo devices, claimed allowances, an opening book), as
 * `npm run dev` does. The e2e test leaves it off: it drives a fresh deployment through the UI itself.
 */
export async function startAppStack(
  opts: {
    quiet?: boolean;
    skipBuild?: boolean;
    seed?: boolean;
    beforeDeploy?: (rpcUrl: string) => Promise<void>;
    /** Run the oracle service, with checkpoints of each device every `checkpointIntervalS`. */
    oracle?: { checkpointIntervalS: number };
  } = {},
): Promise<AppStack> {
  const quiet = opts.quiet ?? true;
  const running: Started[] = [];
  const timings: Record<string, number> = {};
  const rpcPort = await freePort();
  const appPort = await freePort();
  const indexerPort = await freePort();
  const rpcUrl = `http://127.0.0.1:${rpcPort}`;
  const appUrl = `http://127.0.0.1:${appPort}`;
  const indexerUrl = `http://127.0.0.1:${indexerPort}`;
  const oraclePort = opts.oracle ? await freePort() : undefined;
  const mqttPort = opts.oracle ? await freePort() : undefined;
  const oracleDir = opts.oracle ? mkdtempSync(path.join(os.tmpdir(), "pcx-stack-oracle-")) : undefined;
  const oracle = oracleDir ? { apiUrl: `http://127.0.0.1:${oraclePort}`, mqttUrl: `mqtt://127.0.0.1:${mqttPort}`, credentials: path.join(oracleDir, "mqtt-credentials.json") } : undefined;
  const env: NodeJS.ProcessEnv = { ...process.env, PCX_RPC_URL: rpcUrl, NEXT_PUBLIC_RPC_URL: rpcUrl, PCX_INDEXER_URL: indexerUrl, NEXT_TELEMETRY_DISABLED: "1" };
  if (oracle) env.PCX_ORACLE_API_URL = oracle.apiUrl;
  let indexerProcess: Started | undefined;
  const pgliteDir = mkdtempSync(path.join(os.tmpdir(), "pcx-stack-pglite-"));
  const stop = async () => {
    for (const p of running.reverse()) await stopProcess(p);
    rmSync(pgliteDir, { recursive: true, force: true });
    if (oracleDir) rmSync(oracleDir, { recursive: true, force: true });
  };
  const indexerHead = () => indexerHeadOf(indexerUrl);
  const time = async (label: string, fn: () => Promise<void>) => {
    const t0 = performance.now();
    await fn();
    timings[label] = Math.round(performance.now() - t0);
  };
  try {
    // `ignition deploy` builds with the production profile (one build-info per file, including an
    // output without contracts for the enum-only DeviceKinds.sol) and `hardhat node` then fails to
    // parse the build infos; a default-profile build first rewrites them.
    await time("contracts", () => run("contracts", bin("hardhat"), ["build"], env, quiet));
    await time("chain", async () => {
      running.push(startProcess("chain", bin("hardhat"), ["node", "--port", String(rpcPort)], { cwd: REPO_ROOT, env, quiet: true }));
      await waitForRpc(rpcUrl);
    });
    rmSync(path.join(REPO_ROOT, "ignition", "deployments", "chain-31337"), { recursive: true, force: true });
    if (opts.beforeDeploy) await time("beforeDeploy", () => opts.beforeDeploy!(rpcUrl));
    await time("deploy", () =>
      run("deploy", bin("hardhat"), ["--build-profile", "default", "ignition", "deploy", process.env.PCX_IGNITION_MODULE ?? "ignition/modules/PCXLocal.ts", "--network", "localhost", "--parameters", "ignition/parameters/local.json"], env, quiet),
    );
    if (opts.seed) {
      await time("seed", () => run("seed", bin("hardhat"), ["run", "--no-compile", "scripts/seed-local.ts", "--network", "localhost"], env, quiet));
    }
    // The indexer starts now and catches up while the app is built (its URL is known already):
    // PGlite in a temp directory (a fresh chain reuses the last one's addresses), the
    // deployment's default id (chain-31337), quick block polling, as on the local chain.
    const indexerEnv: NodeJS.ProcessEnv = { ...env, PONDER_TELEMETRY_DISABLED: "true", PCX_INDEXER_PGLITE_DIR: pgliteDir, PCX_INDEXER_POLL_MS: process.env.PCX_INDEXER_POLL_MS ?? "100" };
    delete indexerEnv.DATABASE_URL;
    delete indexerEnv.PCX_DEPLOYMENT_ID;
    const indexerStarted = performance.now();
    indexerProcess = startProcess("indexer", bin("ponder"), ["start", "--schema", "pcx_e2e", "--port", String(indexerPort)], { cwd: path.join(REPO_ROOT, "indexer"), env: indexerEnv, quiet });
    running.push(indexerProcess);
    const indexerReady = (async () => {
      await waitForPort(indexerPort, "127.0.0.1", 180_000);
      const res = await fetch(rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }) });
      const head = Number(BigInt(((await res.json()) as { result: string }).result));
      const deadline = Date.now() + 180_000;
      while ((await indexerHead()) < head) {
        if (indexerProcess?.child.exitCode !== null) throw new Error("the indexer exited before it caught up (E2E_VERBOSE=1 shows its output)");
        if (Date.now() > deadline) throw new Error(`the indexer did not reach block ${head}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      timings.indexer = Math.round(performance.now() - indexerStarted);
    })();
    indexerReady.catch(() => undefined);
    if (oracle) {
      // The oracle on the deployment (chain-31337), its API open to the app's origin; it starts while the app is built.
      const args = ["--import", "tsx", "oracle/cli.ts", "run", "--rpc-url", rpcUrl, "--data-dir", path.join(oracleDir!, "data"), "--mqtt-port", String(mqttPort), "--http-port", String(oraclePort)];
      args.push("--mqtt-credentials", oracle.credentials, "--checkpoint-interval", String(opts.oracle!.checkpointIntervalS), "--api-cors-origin", appUrl);
      running.push(startProcess("oracle", process.execPath, args, { cwd: REPO_ROOT, env: { ...env, LOG_LEVEL: quiet ? "warn" : "info" }, quiet }));
    }
    await time("appConfig", () => run("app-config", process.execPath, ["--import", "tsx", "scripts/generate-app-config.ts"], env, quiet));
    if (!opts.skipBuild) await time("build", () => run("build", bin("next"), ["build", "app"], env, quiet));
    await indexerReady;
    if (oracle) await time("oracle", () => waitForPort(oraclePort!, "127.0.0.1", 120_000));
    await time("start", async () => {
      running.push(startProcess("app", bin("next"), ["start", "app", "--port", String(appPort)], { cwd: REPO_ROOT, env, quiet }));
      await waitForPort(appPort);
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const stopIndexer = async () => {
    if (!indexerProcess) return;
    await stopProcess(indexerProcess);
    running.splice(running.indexOf(indexerProcess), 1);
    indexerProcess = undefined;
  };
  return { rpcUrl, appUrl, indexerUrl, indexerHead, stopIndexer, indexerPid: indexerProcess!.child.pid!, oracle, timings, stop };
}

/** Chromium from Debian, headless, as the e2e and the benchmark drive it. */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
