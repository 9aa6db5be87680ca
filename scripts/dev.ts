/**
 * `npm run dev`: the whole PCX stack on one machine, quiet, with one banner and a clean Ctrl-C.
 *
 *   hardhat build → hardhat node (:8545) → Ignition deploy of ignition/modules/PCXLocal.ts
 *   (ignition/parameters/local.json) → app config → together: indexer (Ponder on embedded
 *   PGlite, :42069), oracle service with its embedded MQTT broker (:1883, API and metrics :9464),
 *   Next.js dev app (:3000), and meanwhile the local seed (demo households' meters, allowances,
 *   TestUSD, opening orders) → the household simulator → the banner, once every service answers.
 *
 * Output: warnings and errors of every child, prefixed with its name (the node's failed transactions
 * only; the oracle at pino level warn; Ponder at --log-level warn); nothing routine, so the banner
 * stays the last thing on screen. PCX_DEV_VERBOSE=1 prints everything.
 *
 * Stopping (scripts/lib/supervisor.ts): Ctrl-C, SIGTERM or SIGHUP stops every child's whole process
 * group and waits until it is gone (SIGKILL after a grace time); a second Ctrl-C kills at once.
 * A child that dies on its own stops the rest and exits 1, naming it and showing its last output.
 *
 * The broker authenticates every client: the stack issues the simulator a device credential for
 * the demo meters' topics (kept in .oracle-data/dev-mqtt-credentials.json, hashed; the password
 * goes to the simulator through its environment only).
 *
 * Environment: the ports PCX_RPC_PORT (8545), PCX_APP_PORT (3000), PCX_INDEXER_PORT (42069),
 * PCX_HTTP_PORT (oracle API, 9464), PCX_MQTT_PORT (1883) (scripts/lib/dev-ports.ts);
 * PCX_HOUSEHOLDS (5 simulated households), PCX_CHECKPOINT_INTERVAL_S (30), DATABASE_SCHEMA (pcx),
 * PCX_DEV_VERBOSE=1.
 */
import path from "node:path";
import { rmSync } from "node:fs";
import { REPO_ROOT } from "../sdk/deployment.js";
import { demoDevices } from "../sdk/demo.js";
import { CredentialStore } from "../oracle/broker-auth.js";
import { pcxTopic } from "../oracle/payload.js";
import { devBanner, devUrls, DEV_STAGES } from "./lib/dev-banner.js";
import { devPorts, devPortsEnv, takenPorts } from "./lib/dev-ports.js";
import { everything, hardhatNodeErrors, jsonLogs, warningsAndErrors } from "./lib/log-filters.js";
import { waitForPort, waitForRpc } from "./lib/processes.js";
import { answers, untilReady } from "./lib/readiness.js";
import { StackFailure, Supervisor } from "./lib/supervisor.js";

const verbose = process.env.PCX_DEV_VERBOSE === "1";
const tty = process.stdout.isTTY === true;
const say = (message: string) => process.stdout.write(`${tty ? "\x1b[1m[dev]\x1b[0m" : "[dev]"} ${message}\n`);
const sup = new Supervisor({ say, write: (text) => void process.stdout.write(text) });
// A closed terminal or pipe (npm run dev | head) must not crash the stack before it stops.
process.stdout.on("error", () => undefined);
sup.handleSignals();
process.on("uncaughtException", (error) => void sup.fail(error));
process.on("unhandledRejection", (error) => void sup.fail(error));
void sup.failed.catch((failure: unknown) => sup.fail(failure));

const t0 = Date.now();
const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const bin = (name: string) => path.join(REPO_ROOT, "node_modules", ".bin", name);

try {
  await main();
} catch (failure) {
  await sup.fail(failure);
}

async function main(): Promise<void> {
  let ports: ReturnType<typeof devPorts>;
  try {
    ports = devPorts();
  } catch (error) {
    throw new StackFailure((error as Error).message);
  }
  const taken = await takenPorts(ports);
  if (taken.length > 0) {
    throw new StackFailure(`already in use: ${taken.join("; ")}. Is another PCX stack running?`);
  }
  const urls = devUrls(ports);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...devPortsEnv(ports),
    PCX_RPC_URL: urls.rpc,
    PCX_INDEXER_URL: urls.indexer,
    PCX_ORACLE_API_URL: urls.oracle,
    NEXT_TELEMETRY_DISABLED: "1",
    // Children write to pipes: keep their colours (the node's failed calls are the red ones).
    FORCE_COLOR: "1",
  };
  delete env.NO_COLOR;
  const text = () => (verbose ? everything() : warningsAndErrors());
  const child = (name: string, cmd: string, args: string[], filter = text(), extra: NodeJS.ProcessEnv = {}, cwd = REPO_ROOT) => ({
    name,
    cmd,
    args,
    cwd,
    env: { ...env, ...extra },
    filter,
  });

  // Compile first: `hardhat node` loads the build infos, and a stale set from another profile breaks it.
  await sup.step(child("build", bin("hardhat"), ["build"]));
  // pcxNode allows same-second blocks, so chain time stays on the wall clock while the oracle mines.
  sup.service({
    ...child("chain", bin("hardhat"), ["node", "--network", "pcxNode", "--port", String(ports.rpc)], verbose ? everything() : hardhatNodeErrors()),
    tier: 0,
  });
  await sup.guard(waitForRpc(urls.rpc));
  say(`${DEV_STAGES.chain} at ${urls.rpc} (${since()})`);

  // A fresh node has none of the previous run's contracts: start the local deployment over.
  rmSync(path.join(REPO_ROOT, "ignition", "deployments", "chain-31337"), { recursive: true, force: true });
  await sup.step(
    child("deploy", bin("hardhat"), [
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
    ]),
  );
  await sup.step(child("app-config", process.execPath, ["--import", "tsx", "scripts/generate-app-config.ts"]));

  // The services start now, while the seed runs: they need the deployment, not its demo data.

  // The indexer, on embedded PGlite: the fresh chain has the same addresses as the last one, so the
  // last run's tables (and Ponder's checkpoint) would look valid; start them over.
  rmSync(path.join(REPO_ROOT, "indexer", ".ponder"), { recursive: true, force: true });
  sup.service({
    ...child(
      "indexer",
      bin("ponder"),
      ["--log-level", verbose ? "info" : "warn", "start", "--schema", process.env.DATABASE_SCHEMA ?? "pcx", "--port", String(ports.indexer)],
      text(),
      { PONDER_TELEMETRY_DISABLED: "true" },
      path.join(REPO_ROOT, "indexer"),
    ),
    tier: 1,
  });

  const oracleDataDir = path.join(REPO_ROOT, ".oracle-data", "dev");
  rmSync(oracleDataDir, { recursive: true, force: true });
  const mqttCredentials = path.join(REPO_ROOT, ".oracle-data", "dev-mqtt-credentials.json");
  rmSync(mqttCredentials, { force: true });
  const households = Number(process.env.PCX_HOUSEHOLDS ?? "5");
  const simUser = "pcx-sim";
  const simPassword = await new CredentialStore(mqttCredentials).issue({
    username: simUser,
    role: "device",
    topics: demoDevices(households).map((d) => pcxTopic(d.wallet.address.toLowerCase())),
  });
  sup.service({
    ...child(
      "oracle",
      process.execPath,
      [
        "--import",
        "tsx",
        "oracle/cli.ts",
        "run",
        "--rpc-url",
        urls.rpc,
        "--data-dir",
        oracleDataDir,
        "--mqtt-port",
        String(ports.mqtt),
        "--http-port",
        String(ports.oracle),
        "--mqtt-credentials",
        mqttCredentials,
        // 5-minute local periods: a checkpoint per device every 30 s (production default: daily)
        "--checkpoint-interval",
        process.env.PCX_CHECKPOINT_INTERVAL_S ?? "30",
        // the dApp reads its owner's raw readings and anomaly flags from the oracle's API
        "--api-cors-origin",
        urls.app,
      ],
      jsonLogs(verbose ? 0 : 40),
      { LOG_LEVEL: verbose ? (process.env.LOG_LEVEL ?? "info") : "warn" },
    ),
    tier: 1,
  });
  sup.service({ ...child("app", bin("next"), ["dev", "app", "--port", String(ports.app)]), tier: 2 });

  // The simulator signs for the demo meters the seed binds, so it starts after the seed.
  await sup.step(child("seed", bin("hardhat"), ["run", "--no-compile", "scripts/seed-local.ts", "--network", "localhost"]));
  say(`${DEV_STAGES.deployed} (${since()}); waiting for the indexer, oracle, simulator and app…`);

  await sup.guard(waitForPort(ports.mqtt, "127.0.0.1", 120_000));
  let simulating!: () => void;
  const simulatorConnected = new Promise<void>((resolve) => (simulating = resolve));
  sup.service({
    ...child(
      "simulator",
      process.execPath,
      ["--import", "tsx", "oracle/cli.ts", "simulate", "--households", String(households), "--mqtt-url", urls.mqtt, "--rpc-url", urls.rpc],
      jsonLogs(verbose ? 0 : 40),
      { PCX_SIM_MQTT_USERNAME: simUser, PCX_SIM_MQTT_PASSWORD: simPassword },
    ),
    tier: 2,
    // It prints {"msg":"simulating",…} once connected to the broker.
    onLine: (line) => {
      if (line.includes('"msg":"simulating"')) simulating();
    },
  });

  // Ready = every advertised endpoint answers: the indexer has caught up (/ready), the oracle is
  // healthy, the simulator publishes, and the dApp's first page has compiled.
  await sup.guard(
    Promise.all([
      untilReady("the indexer", () => answers(`${urls.indexer}/ready`), 180_000),
      untilReady("the oracle", () => answers(urls.oracleHealth), 120_000),
      untilReady("the simulator", () => simulatorConnected.then(() => true), 120_000),
      untilReady("the dApp", () => answers(`http://127.0.0.1:${ports.app}/`, { anyStatus: true, timeoutMs: 180_000 }), 240_000),
    ]),
  );
  if (sup.stopping) return;
  process.stdout.write(
    devBanner({ ports, elapsedMs: Date.now() - t0, simulatedHouseholds: households, colour: tty }).join("\n") + "\n",
  );
  // Compile the pages a first visit goes to next, quietly, so they open at once.
  for (const page of ["/connect", "/market"]) void answers(`http://127.0.0.1:${ports.app}${page}`, { anyStatus: true, timeoutMs: 180_000 });
}
