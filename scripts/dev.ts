/**
 * `npm run dev`: the whole PCX stack on one machine, with prefixed logs and a clean Ctrl-C.
 *
 *   hardhat node (:8545) → Ignition deploy (ignition/parameters/local.json) → local seed
 *   (demo households, devices, TestUSD, opening orders) → app config generation →
 *   indexer (Ponder on embedded PGlite, :42069) → oracle service with its embedded MQTT broker →
 *   household simulator → Next.js (:3000)
 *
 * The broker authenticates every client: the stack issues the simulator a device credential
 * for the demo meters' topics (kept in .oracle-data/dev-mqtt-credentials.json, hashed; the
 * password goes to the simulator through its environment only).
 *
 * Environment: PCX_RPC_PORT (8545), PCX_APP_PORT (3000), PCX_INDEXER_PORT (42069), PCX_HOUSEHOLDS (5),
 * PCX_SIM_INTERVAL_MS.
 */
import path from "node:path";
import { rmSync } from "node:fs";
import { REPO_ROOT } from "../sdk/deployment.js";
import { demoDevices } from "../sdk/demo.js";
import { CredentialStore } from "../oracle/broker-auth.js";
import { pcxTopic } from "../oracle/payload.js";
import { startProcess, stopProcess, waitForPort, waitForRpc, type Started } from "./lib/processes.js";

const rpcPort = Number(process.env.PCX_RPC_PORT ?? 8545);
const appPort = Number(process.env.PCX_APP_PORT ?? 3000);
const indexerPort = Number(process.env.PCX_INDEXER_PORT ?? 42069);
const indexerUrl = `http://127.0.0.1:${indexerPort}`;
const rpcUrl = `http://127.0.0.1:${rpcPort}`;
const mqttPort = process.env.PCX_MQTT_PORT ?? "1883";
const hardhat = path.join(REPO_ROOT, "node_modules", ".bin", "hardhat");
const next = path.join(REPO_ROOT, "node_modules", ".bin", "next");
const ponder = path.join(REPO_ROOT, "node_modules", ".bin", "ponder");
const env = { ...process.env, PCX_RPC_URL: rpcUrl, PCX_INDEXER_URL: indexerUrl, NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: "1" };

const running: Started[] = [];
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log("\n[dev] stopping…");
    // Reverse start order: app and simulator first, the chain last.
    for (const p of [...running].reverse()) await stopProcess(p);
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

/** Runs a one-shot step to completion; a failure stops the whole stack. */
async function step(name: string, cmd: string, args: string[]): Promise<void> {
  const p = startProcess(name, cmd, args, { cwd: REPO_ROOT, env });
  running.push(p);
  const code = await p.exited;
  running.splice(running.indexOf(p), 1);
  if (code !== 0) {
    console.error(`[dev] ${name} failed (${code})`);
    await shutdown(1);
  }
}

function service(name: string, cmd: string, args: string[], extraEnv: Record<string, string> = {}): Started {
  const p = startProcess(name, cmd, args, { cwd: REPO_ROOT, env: { ...env, ...extraEnv } });
  running.push(p);
  void p.exited.then((code) => {
    if (!stopping) {
      console.error(`[dev] ${name} exited unexpectedly (${code})`);
      void shutdown(1);
    }
  });
  return p;
}

const t0 = Date.now();
const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

// Compile first: `hardhat node` loads the build infos, and a stale set from another profile breaks it.
await step("build", hardhat, ["build"]);
// pcxNode allows same-second blocks, so chain time stays on the wall clock while the oracle mines.
service("chain", hardhat, ["node", "--network", "pcxNode", "--port", String(rpcPort)]);
await waitForRpc(rpcUrl);
console.log(`[dev] chain up at ${rpcUrl} (${since()})`);

// A fresh node has none of the previous run's contracts: start the local deployment over.
rmSync(path.join(REPO_ROOT, "ignition", "deployments", "chain-31337"), { recursive: true, force: true });
await step("deploy", hardhat, [
  // Same build profile as the build step above, so the deploy does not compile again.
  "--build-profile",
  "default",
  "ignition",
  "deploy",
  "ignition/modules/PCXLocal.ts",
  "--network",
  "localhost",
  "--parameters",
  "ignition/parameters/local.json",
]);
await step("seed", hardhat, ["run", "--no-compile", "scripts/seed-local.ts", "--network", "localhost"]);
await step("app-config", process.execPath, ["--import", "tsx", "scripts/generate-app-config.ts"]);
console.log(`[dev] contracts deployed and seeded (${since()})`);

// The indexer, on embedded PGlite: the fresh chain has the same addresses as the last one, so the
// last run's tables (and Ponder's checkpoint) would look valid; start them over.
rmSync(path.join(REPO_ROOT, "indexer", ".ponder"), { recursive: true, force: true });
const indexerEnv: Record<string, string> = { PONDER_TELEMETRY_DISABLED: "true" };
const indexer = startProcess("indexer", ponder, ["start", "--schema", process.env.DATABASE_SCHEMA ?? "pcx", "--port", String(indexerPort)], {
  cwd: path.join(REPO_ROOT, "indexer"),
  env: { ...env, ...indexerEnv },
});
running.push(indexer);
void indexer.exited.then((code) => {
  if (!stopping) {
    console.error(`[dev] indexer exited unexpectedly (${code})`);
    void shutdown(1);
  }
});
await waitForPort(indexerPort);

const oracleDataDir = path.join(REPO_ROOT, ".oracle-data", "dev");
rmSync(oracleDataDir, { recursive: true, force: true });
const mqttCredentials = path.join(REPO_ROOT, ".oracle-data", "dev-mqtt-credentials.json");
rmSync(mqttCredentials, { force: true });
const households = process.env.PCX_HOUSEHOLDS ?? "5";
const simUser = "pcx-sim";
const simPassword = await new CredentialStore(mqttCredentials).issue({
  username: simUser,
  role: "device",
  topics: demoDevices(Number(households)).map((d) => pcxTopic(d.wallet.address.toLowerCase())),
});
service("oracle", process.execPath, [
  "--import",
  "tsx",
  "oracle/cli.ts",
  "run",
  "--rpc-url",
  rpcUrl,
  "--data-dir",
  oracleDataDir,
  "--mqtt-port",
  mqttPort,
  "--mqtt-credentials",
  mqttCredentials,
  // 5-minute local periods: a checkpoint per device every 30 s (production default: daily)
  "--checkpoint-interval",
  process.env.PCX_CHECKPOINT_INTERVAL_S ?? "30",
  // the dApp may read its owner's raw readings from the oracle's API (app/src/lib/raw-readings.ts)
  "--api-cors-origin",
  `http://localhost:${appPort}`,
]);
await waitForPort(Number(mqttPort));
service(
  "simulator",
  process.execPath,
  ["--import", "tsx", "oracle/cli.ts", "simulate", "--households", households, "--mqtt-url", `mqtt://127.0.0.1:${mqttPort}`, "--rpc-url", rpcUrl],
  { PCX_SIM_MQTT_USERNAME: simUser, PCX_SIM_MQTT_PASSWORD: simPassword },
);
service("app", next, ["dev", "app", "--port", String(appPort)]);
await waitForPort(appPort);
console.log(
  `[dev] PCX is up (${since()}): dApp http://localhost:${appPort} · RPC ${rpcUrl} · indexer ${indexerUrl} (GraphQL /graphql, REST /api) · Ctrl-C stops everything`,
);
