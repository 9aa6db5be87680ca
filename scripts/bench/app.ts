/**
 * `npm run bench:app`: production page load to an interactive order book.
 * Starts the throw-away stack of scripts/lib/app-stack.ts (node, Ignition deploy, `next build`,
 * `next start`), then loads /market in fresh Chromium contexts and records, per run:
 *   - ladderMs: navigation start → the depth ladder is rendered from chain data
 *   - formMs: for a connected test account, navigation start → the order form's submit button is enabled
 * and, for the cold loads, what they spent it on: the server's time to the first byte of the HTML,
 * the JavaScript and the JSON-RPC requests fetched before the ladder was there.
 * The machine's load average is recorded before and after (other work on a shared machine skews
 * every figure). Writes bench/app.json and bench/app.md. A benchmark, not a test: it asserts
 * nothing about speed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { CHROMIUM_ARGS, CHROMIUM_PATH, startAppStack } from "../lib/app-stack.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const ACCOUNT = 2;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))] ?? NaN;

const loadBefore = os.loadavg().map((l) => Math.round(l * 100) / 100);
const stack = await startAppStack({ seed: true });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const ladderMs: number[] = [];
const formMs: number[] = [];
const ttfbMs: number[] = [];
const scriptKb: number[] = [];
const rpcRequests: number[] = [];
try {
  // Warm the server once (first request compiles nothing in production, but fills OS caches).
  const warm = await browser.newPage();
  await warm.goto(`${stack.appUrl}/market`);
  await warm.getByTestId("ladder").waitFor({ timeout: 60_000 });
  await warm.close();

  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const scripts: Promise<number>[] = [];
    let rpc = 0;
    let counting = true;
    page.on("requestfinished", (r) => {
      if (!counting) return;
      if (r.resourceType() === "script") scripts.push(r.sizes().then((z) => z.responseBodySize, () => 0));
      if (r.url().startsWith(stack.rpcUrl)) rpc++;
    });
    const t0 = performance.now();
    await page.goto(`${stack.appUrl}/market`);
    await page.getByTestId("ladder").waitFor({ timeout: 60_000 });
    ladderMs.push(Math.round(performance.now() - t0));
    counting = false;
    ttfbMs.push(Math.round(Number(await page.evaluate('performance.getEntriesByType("navigation")[0].responseStart'))));
    scriptKb.push(Math.round((await Promise.all(scripts)).reduce((a, b) => a + b, 0) / 1024));
    rpcRequests.push(rpc);
    await ctx.close();
  }
  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${stack.appUrl}/connect`);
    await page.getByTestId(`connect-hardhat-${ACCOUNT}`).click();
    await page.waitForURL(`${stack.appUrl}/`);
    const t0 = performance.now();
    await page.goto(`${stack.appUrl}/market`);
    await page.locator('[data-testid="place-order"]:enabled').waitFor({ timeout: 60_000 });
    formMs.push(Math.round(performance.now() - t0));
    await ctx.close();
  }
} finally {
  await browser.close();
  await stack.stop();
}

const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  loadAverage: { before: loadBefore, after: os.loadavg().map((l) => Math.round(l * 100) / 100) },
  runs: RUNS,
  deployment: process.env.PCX_IGNITION_MODULE ?? "ignition/modules/PCXLocal.ts",
  stackMs: stack.timings,
  ladderMs: { median: median(ladderMs), p90: p90(ladderMs), all: ladderMs },
  connectedFormMs: { median: median(formMs), p90: p90(formMs), all: formMs },
  coldLoad: { ttfbMs: { median: median(ttfbMs), all: ttfbMs }, scriptKb: { median: median(scriptKb), all: scriptKb }, rpcRequests: { median: median(rpcRequests), all: rpcRequests } },
};
const dir = path.join(REPO_ROOT, "bench");
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "app.json"), JSON.stringify(result, null, 2) + "\n");
writeFileSync(
  path.join(dir, "app.md"),
  [
    "# dApp page load (production build)",
    "",
    `Measured ${result.date} by \`npm run bench:app\` on ${result.machine.cpus} CPU(s) (${result.machine.cpuModel}), ${result.machine.memGb} GB, Node ${result.machine.node}; headless Chromium, local Hardhat node, ${RUNS} fresh browser contexts per figure. Load average (1, 5, 15 min) before ${result.loadAverage.before.join(" / ")}, after ${result.loadAverage.after.join(" / ")}.`,
    "",
    "| figure | median ms | p90 ms |",
    "| --- | ---: | ---: |",
    `| /market, cold browser cache: navigation → depth ladder rendered from chain data (no wallet) | ${result.ladderMs.median} | ${result.ladderMs.p90} |`,
    `| /market after /connect (scripts cached): navigation → order form ready to submit (test account connected) | ${result.connectedFormMs.median} | ${result.connectedFormMs.p90} |`,
    "",
    `Cold loads, until the ladder (median): server's first byte of the HTML ${result.coldLoad.ttfbMs.median} ms, ${result.coldLoad.scriptKb.median} kB of JavaScript as transferred, ${result.coldLoad.rpcRequests.median} JSON-RPC requests.`,
    "",
    `Deployment: \`${result.deployment}\`. Stack start-up for the measurement (ms): ${Object.entries(result.stackMs).map(([k, v]) => `${k} ${v}`).join(", ")}.`,
    "",
  ].join("\n"),
);
console.log(JSON.stringify(result, null, 2));
