/**
 * Runs the indexer as `npm run indexer` does (`ponder start` in indexer/) on a free port,
 * against a given chain and Ignition deployment, on PGlite (a temp directory) or Postgres.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { indexerClient, type IndexerClient } from "../../sdk/indexer-client.js";
import { freePort, startProcess, stopProcess, type Started } from "../../scripts/lib/processes.js";

export interface RunningIndexer {
  label: string;
  url: string;
  schema: string;
  client: IndexerClient;
  logs: string[];
  /** The last indexed block (Ponder's /status), -1 before the first. */
  head(): Promise<number>;
  /** Resolves once the indexer has indexed `block` (polling /status every 50 ms). */
  waitFor(block: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startIndexer(opts: { label: string; rpcUrl: string; deploymentId: string; databaseUrl?: string; schema?: string }): Promise<RunningIndexer> {
  const port = await freePort();
  const schema = opts.schema ?? `pcx_${opts.label}`;
  const pgliteDir = opts.databaseUrl ? undefined : mkdtempSync(path.join(os.tmpdir(), "pcx-pglite-"));
  const logs: string[] = [];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PCX_RPC_URL: opts.rpcUrl,
    PCX_DEPLOYMENT_ID: opts.deploymentId,
    PONDER_TELEMETRY_DISABLED: "true",
    PCX_INDEXER_POLL_MS: "100",
  };
  delete env.DATABASE_URL;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  if (pgliteDir) env.PCX_INDEXER_PGLITE_DIR = pgliteDir;
  const proc: Started = startProcess(
    `indexer-${opts.label}`,
    path.join(REPO_ROOT, "node_modules", ".bin", "ponder"),
    ["start", "--schema", schema, "--port", String(port), "--log-format", "json"],
    { cwd: path.join(REPO_ROOT, "indexer"), env, quiet: true, onLine: (l) => logs.push(l) },
  );
  const url = `http://127.0.0.1:${port}`;
  const client = indexerClient(url);
  const head = async () => {
    try {
      const status = await client.status();
      return Object.values(status)[0]?.block?.number ?? -1;
    } catch {
      return -1;
    }
  };
  let exited = false;
  void proc.exited.then(() => (exited = true));
  const running: RunningIndexer = {
    label: opts.label,
    url,
    schema,
    client,
    logs,
    head,
    async waitFor(block, timeoutMs = 180_000) {
      const deadline = Date.now() + timeoutMs;
      while ((await head()) < block) {
        if (exited) throw new Error(`indexer ${opts.label} exited:\n${logs.slice(-30).join("\n")}`);
        if (Date.now() > deadline) throw new Error(`indexer ${opts.label} did not reach block ${block}:\n${logs.slice(-30).join("\n")}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      await stopProcess(proc);
      if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
    },
  };
  return running;
}
