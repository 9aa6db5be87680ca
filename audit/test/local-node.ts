/**
 * A throw-away Hardhat node with the PCX core and, next to it, the order book (the standalone
 * PCXOrderBook module, as on a public network) deployed by Ignition under one deployment id of its
 * own, for the audit's end-to-end tests.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { JsonRpcProvider } from "ethers";
import { REPO_ROOT, deploymentDir, loadAddresses } from "../../sdk/deployment.js";
import { freePort, startProcess, stopProcess, waitForRpc, type Started } from "../../scripts/lib/processes.js";

const run = promisify(execFile);
const hardhat = path.join(REPO_ROOT, "node_modules", ".bin", "hardhat");

export interface LocalNode {
  url: string;
  deploymentId: string;
  provider: JsonRpcProvider;
  stop(): Promise<void>;
}

export async function startDeployedNode(): Promise<LocalNode> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The node's own output, shown if it fails to start.
  const nodeOutput: string[] = [];
  const node: Started = startProcess("node", hardhat, ["node", "--port", String(port)], {
    cwd: REPO_ROOT,
    quiet: true,
    onLine: (line) => nodeOutput.length < 40 && nodeOutput.push(line),
  });
  const deploymentId = `audit-test-${port}`;
  try {
    await waitForRpc(url, 90_000);
    const deploy = (module: string, parameters: string) =>
      run(
        hardhat,
        ["--build-profile", "default", "ignition", "deploy", module, "--network", "localhost", "--parameters", parameters, "--deployment-id", deploymentId],
        { cwd: REPO_ROOT, env: { ...process.env, PCX_RPC_URL: url }, maxBuffer: 16 * 1024 * 1024 },
      );
    await deploy("ignition/modules/PCX.ts", "ignition/parameters/local.json");
    const core = loadAddresses(deploymentId);
    const parameters = path.join(mkdtempSync(path.join(os.tmpdir(), "pcx-audit-")), "orderbook.json");
    writeFileSync(parameters, JSON.stringify({ PCXOrderBook: { pcc: core.CarbonCredit, calendar: core.PeriodCalendar, feeBps: 10, bandBps: 2000 } }));
    await deploy("ignition/modules/OrderBook.ts", parameters);
  } catch (err) {
    await stopProcess(node);
    rmSync(deploymentDir(deploymentId), { recursive: true, force: true });
    const e = err as { message?: string; stdout?: string; stderr?: string };
    throw new Error(`${e.message ?? String(err)}\n${e.stdout ?? ""}\n${e.stderr ?? ""}\nhardhat node said:\n${nodeOutput.join("\n")}`);
  }
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, batchMaxCount: 1, pollingInterval: 50 });
  return {
    url,
    deploymentId,
    provider,
    async stop() {
      provider.destroy();
      await stopProcess(node);
      rmSync(deploymentDir(deploymentId), { recursive: true, force: true });
    },
  };
}

/** Runs the audit CLI as a user would; resolves with its exit code and output. */
export async function runAuditCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "audit/cli.ts", ...args], {
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}
