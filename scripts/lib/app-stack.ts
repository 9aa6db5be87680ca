/**
 * A throw-away production stack for the dApp's end-to-end test and benchmark:
 * hardhat node on a free port → Ignition deploy (PCXLocal, local parameters) → optional local seed →
 * app config → `next build app` → `next start app` on a free port.
 * PCX_IGNITION_MODULE overrides the module (default ignition/modules/PCXLocal.ts).
 * The local deployment folder (ignition/deployments/chain-31337) is recreated, as `npm run dev` does.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { freePort, startProcess, stopProcess, waitForPort, waitForRpc, type Started } from "./processes.js";

export interface AppStack {
  rpcUrl: string;
  appUrl: string;
  timings: Record<string, number>;
  stop(): Promise<void>;
}

const bin = (name: string) => path.join(REPO_ROOT, "node_modules", ".bin", name);

async function run(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, quiet: boolean): Promise<void> {
  const p = startProcess(name, cmd, args, { cwd: REPO_ROOT, env, quiet });
  const code = await p.exited;
  if (code !== 0) throw new Error(`${name} failed (${code})`);
}

/**
 * `seed`: also run scripts/seed-local.ts (demo devices, claimed allowances, an opening book), as
 * `npm run dev` does. The e2e test leaves it off: it drives a fresh deployment through the UI itself.
 */
export async function startAppStack(opts: { quiet?: boolean; skipBuild?: boolean; seed?: boolean } = {}): Promise<AppStack> {
  const quiet = opts.quiet ?? true;
  const running: Started[] = [];
  const timings: Record<string, number> = {};
  const rpcPort = await freePort();
  const appPort = await freePort();
  const rpcUrl = `http://127.0.0.1:${rpcPort}`;
  const appUrl = `http://127.0.0.1:${appPort}`;
  const env = { ...process.env, PCX_RPC_URL: rpcUrl, NEXT_PUBLIC_RPC_URL: rpcUrl, NEXT_TELEMETRY_DISABLED: "1" };
  const stop = async () => {
    for (const p of running.reverse()) await stopProcess(p);
  };
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
    await time("deploy", () =>
      run("deploy", bin("hardhat"), ["--build-profile", "default", "ignition", "deploy", process.env.PCX_IGNITION_MODULE ?? "ignition/modules/PCXLocal.ts", "--network", "localhost", "--parameters", "ignition/parameters/local.json"], env, quiet),
    );
    if (opts.seed) {
      await time("seed", () => run("seed", bin("hardhat"), ["run", "--no-compile", "scripts/seed-local.ts", "--network", "localhost"], env, quiet));
    }
    await time("appConfig", () => run("app-config", process.execPath, ["--import", "tsx", "scripts/generate-app-config.ts"], env, quiet));
    if (!opts.skipBuild) await time("build", () => run("build", bin("next"), ["build", "app"], env, quiet));
    await time("start", async () => {
      running.push(startProcess("app", bin("next"), ["start", "app", "--port", String(appPort)], { cwd: REPO_ROOT, env, quiet }));
      await waitForPort(appPort);
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { rpcUrl, appUrl, timings, stop };
}

/** Chromium from Debian, headless, as the e2e and the benchmark drive it. */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
