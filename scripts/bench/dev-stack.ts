/**
 * `npm run bench:dev`: time from starting the one-command stack (scripts/dev.ts, what `npm run dev`
 * runs) to a browser showing (1) a live order book with seeded levels on both sides and (2) the
 * simulated households' readings arriving on chain (EmissionOracle.ReadingAccepted in the explorer).
 * Two runs: cold — as right after `npm install` in a fresh clone (no compiled contracts, no Next.js
 * cache) — then warm. Each runs the stack on free ports and stops it with Ctrl-C (SIGINT) afterwards.
 * Writes bench/dev-stack.json and bench/dev-stack.md. A benchmark, not a test.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../lib/app-stack.js";
import { DEV_STAGES } from "../lib/dev-banner.js";
import { devPortsEnv, freeDevPorts } from "../lib/dev-ports.js";
import { startProcess, stopProcess } from "../lib/processes.js";

const GOAL_MS = 60_000;
const STAGES = [DEV_STAGES.chain, DEV_STAGES.deployed, DEV_STAGES.up] as const;
/** "[dev] chain up at …", "[dev] contracts deployed …" and the banner's "  PCX is up (…)". */
const reached = (line: string, stage: string) => line.startsWith(`[dev] ${stage}`) || line.startsWith(`  ${stage} (`);

interface Run {
  stagesMs: Record<string, number>;
  liveOrderBookMs: number;
  readingsInBrowserMs: number;
  cleanShutdown: boolean;
}

/** True if something still accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

async function run(cold: boolean): Promise<Run> {
  if (cold) {
    for (const dir of ["artifacts", "cache", path.join("app", ".next")]) rmSync(path.join(REPO_ROOT, dir), { recursive: true, force: true });
  }
  const ports = await freeDevPorts();
  const appPort = ports.app;
  const stagesMs: Record<string, number> = {};
  const t0 = performance.now();
  const stack = startProcess("dev", process.execPath, ["--import", "tsx", "scripts/dev.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...devPortsEnv(ports) },
    quiet: process.env.BENCH_VERBOSE !== "1",
    onLine: (line) => {
      for (const stage of STAGES) if (reached(line, stage)) stagesMs[stage] ??= Math.round(performance.now() - t0);
    },
  });
  let liveOrderBookMs = NaN;
  let readingsInBrowserMs = NaN;
  try {
    const deadline = Date.now() + 300_000;
    while (stagesMs[DEV_STAGES.up] === undefined) {
      if (Date.now() > deadline) throw new Error("the dev stack did not come up within 5 minutes");
      if (stack.child.exitCode !== null) throw new Error(`the dev stack exited (${stack.child.exitCode})`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      // 127.0.0.1, not localhost: also proves next.config.ts lets that origin load dev resources.
      await page.goto(`http://127.0.0.1:${appPort}/market`, { timeout: 120_000 });
      await page.getByTestId("ladder-ask").first().waitFor({ timeout: 120_000 });
      await page.getByTestId("ladder-bid").first().waitFor({ timeout: 120_000 });
      liveOrderBookMs = Math.round(performance.now() - t0);
      await page.goto(`http://127.0.0.1:${appPort}/explorer`, { timeout: 120_000 });
      // The explorer tells events as sentences; each row names its contract and event.
      await page.locator('[data-contract="EmissionOracle"][data-event="ReadingAccepted"]').first().waitFor({ timeout: 120_000 });
      readingsInBrowserMs = Math.round(performance.now() - t0);
    } finally {
      await browser.close();
    }
  } finally {
    await stopProcess(stack, "SIGINT", 20_000);
  }
  const stillListening = (await Promise.all(Object.values(ports).map(listening))).some(Boolean);
  return { stagesMs, liveOrderBookMs, readingsInBrowserMs, cleanShutdown: stack.child.exitCode === 0 && !stillListening };
}

const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);
const loadBefore = load();
const coldRun = await run(true);
console.log("cold", JSON.stringify(coldRun));
const warmRun = await run(false);
console.log("warm", JSON.stringify(warmRun));

const result = {
  date: new Date().toISOString(),
  machine: `${os.platform()} ${os.arch()}, ${os.cpus().length} CPUs, node ${process.version}`,
  /** Load average (1, 5, 15 min) before and after: other work on a shared machine skews every figure. */
  loadAverage: { before: loadBefore, after: load() },
  goalMs: GOAL_MS,
  cold: coldRun,
  warm: warmRun,
};
const verdict = (ms: number) => (ms <= GOAL_MS ? "met" : `missed by ${ms - GOAL_MS} ms`);
const dir = path.join(REPO_ROOT, "bench");
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "dev-stack.json"), JSON.stringify(result, null, 2) + "\n");
writeFileSync(
  path.join(dir, "dev-stack.md"),
  `# One-command stack: start to a live order book

\`npm run bench:dev\` (scripts/bench/dev-stack.ts), ${result.date}, ${result.machine}; load average (1, 5, 15 min) before ${result.loadAverage.before.join(" / ")}, after ${result.loadAverage.after.join(" / ")}.
Starts scripts/dev.ts (what \`npm run dev\` runs), opens /market in headless Chromium until both
sides of the ladder show (\`next dev\` compiles the page on this first request), then /explorer
until a simulated household's \`ReadingAccepted\` event is listed (the row of an
EmissionOracle ReadingAccepted event, told as a sentence); then stops the stack with SIGINT.
**Cold** = as right after \`npm install\` in a fresh clone: no compiled contracts (\`artifacts/\`,
\`cache/\`) and no Next.js cache (\`app/.next\`). **Warm** = the same command run again.

| milestone (ms from the command) | cold | warm |
| --- | ---: | ---: |
${STAGES.map((s) => `| ${s} | ${coldRun.stagesMs[s] ?? "—"} | ${warmRun.stagesMs[s] ?? "—"} |`).join("\n")}
| **live order book in the browser** | **${coldRun.liveOrderBookMs}** | **${warmRun.liveOrderBookMs}** |
| simulated readings listed in the explorer | ${coldRun.readingsInBrowserMs} | ${warmRun.readingsInBrowserMs} |
| Ctrl-C: exit code 0, nothing left listening on any of the stack's five ports | ${coldRun.cleanShutdown ? "yes" : "no"} | ${warmRun.cleanShutdown ? "yes" : "no"} |

Goal (issue 5): a live market within 60,000 ms of the command, after install — cold: ${verdict(coldRun.liveOrderBookMs)}; warm: ${verdict(warmRun.liveOrderBookMs)}.
`,
);
console.log("wrote bench/dev-stack.json and bench/dev-stack.md");
