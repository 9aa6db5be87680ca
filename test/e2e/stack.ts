/**
 * The e2e's view of the stack global-setup.ts started: URLs, the oracle's broker and the indexer's process group, passed
 * to the test workers through the environment (Playwright hands globalSetup's env to its workers).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { indexerHeadOf } from "../../scripts/lib/app-stack.js";
import { groupAlive, signalGroup, waitUntil } from "../../scripts/lib/process-group.js";

export interface E2EStack {
  rpcUrl: string;
  appUrl: string;
  indexerUrl: string;
  /** The indexer's last indexed block (Ponder's /status), -1 before the first or when it is down. */
  indexerHead(): Promise<number>;
  /** Stops the indexer alone (the app's designed "indexer down" state). */
  stopIndexer(): Promise<void>;
  /** The oracle service: its broker and the broker's credentials file (a spec issues its meter's login there). */
  oracle: { apiUrl: string; mqttUrl: string; credentials: string };
}

export const STACK_ENV = {
  rpc: "PCX_E2E_RPC_URL",
  app: "PCX_E2E_APP_URL",
  indexer: "PCX_E2E_INDEXER_URL",
  indexerPid: "PCX_E2E_INDEXER_PID",
  oracleApi: "PCX_E2E_ORACLE_API_URL",
  mqtt: "PCX_E2E_MQTT_URL",
  mqttCredentials: "PCX_E2E_MQTT_CREDENTIALS",
} as const;

/** Seconds between a device's interval checkpoints on the stack's oracle: long enough to see a reading "signed, not yet on chain". */
export const E2E_CHECKPOINT_INTERVAL_S = 60;

export function e2eStack(): E2EStack {
  const get = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run the e2e with npm run test:e2e (global-setup.ts starts the stack)`);
    return value;
  };
  const indexerUrl = get(STACK_ENV.indexer);
  return {
    rpcUrl: get(STACK_ENV.rpc),
    appUrl: get(STACK_ENV.app),
    indexerUrl,
    indexerHead: () => indexerHeadOf(indexerUrl),
    oracle: { apiUrl: get(STACK_ENV.oracleApi), mqttUrl: get(STACK_ENV.mqtt), credentials: get(STACK_ENV.mqttCredentials) },
    async stopIndexer() {
      // Its process group, as scripts/lib/processes.ts stopProcess stops one (this worker has only the pid).
      const pgid = Number(get(STACK_ENV.indexerPid));
      if (!signalGroup(pgid, "SIGTERM")) return; // already gone
      if (await waitUntil(() => !groupAlive(pgid), 10_000)) return;
      signalGroup(pgid, "SIGKILL");
      await waitUntil(() => !groupAlive(pgid), 10_000);
    },
  };
}

/** The local calendar (ignition/parameters/local.json): genesis and period length in seconds. */
export function localCalendar(): { genesis: number; periodLength: number } {
  const params = JSON.parse(readFileSync(path.join(REPO_ROOT, "ignition", "parameters", "local.json"), "utf8")) as Record<string, { genesis?: number; periodLength?: number }>;
  const calendar = Object.values(params).find((p) => p.periodLength !== undefined)!;
  return { genesis: calendar.genesis!, periodLength: calendar.periodLength! };
}
