/**
 * External brokers as child processes for the fault tests: real Mosquitto (generated config,
 * persistence on, so queued QoS 1 messages survive a restart) and a standalone Aedes
 * (`oracle/cli.ts broker`, authenticating against a credentials file in its directory). Both
 * restart on the same port. The Mosquitto here is anonymous (it tests persistence);
 * broker-auth.test.ts runs Mosquitto with the authenticated example config.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { startProcess, stopProcess, waitForPort, type Started } from "../../scripts/lib/processes.js";
import { issueCredential } from "./helpers.js";

export const MOSQUITTO = ["/usr/sbin/mosquitto", "/usr/bin/mosquitto"].find((p) => existsSync(p));

export interface BrokerProcess {
  name: "mosquitto" | "aedes";
  url: string;
  /** MQTT protocol the oracle uses with it (Aedes speaks 3.1.1 only). */
  protocol: 4 | 5;
  /** Share group for MQTT 5 shared subscriptions, where supported. */
  shareGroup: string | undefined;
  /** Issues a login on the broker, or undefined where it takes anonymous clients. */
  login(username: string, role: "device" | "oracle", topics: string[]): Promise<{ username: string; password: string } | undefined>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function mosquittoBroker(port: number, dir: string): BrokerProcess {
  mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, "mosquitto.conf");
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      "allow_anonymous true",
      "persistence true",
      `persistence_location ${dir}/`,
      "autosave_interval 1",
      "max_queued_messages 0",
      "max_inflight_messages 100",
      "user root",
      "log_dest stdout",
      "log_type error",
      "log_type warning",
    ].join("\n") + "\n",
  );
  let proc: Started | undefined;
  return {
    name: "mosquitto",
    url: `mqtt://127.0.0.1:${port}`,
    protocol: 5,
    // Mosquitto 2 does not restore a persistent session's *shared* subscription after a restart
    // (messages published afterwards never reach it, even after re-subscribing), so the restart
    // test uses a plain persistent subscription; shared subscriptions (two instances, one
    // group) are tested in shared-subscription.test.ts.
    shareGroup: undefined,
    login: async () => undefined,
    async start() {
      proc = startProcess("mosquitto", MOSQUITTO!, ["-c", conf], { quiet: true });
      await waitForPort(port);
    },
    async stop() {
      if (proc) await stopProcess(proc, "SIGTERM");
      proc = undefined;
    },
  };
}

export function aedesBroker(port: number, dir: string): BrokerProcess {
  mkdirSync(dir, { recursive: true });
  const credentials = path.join(dir, "mqtt-credentials.json");
  let proc: Started | undefined;
  return {
    name: "aedes",
    url: `mqtt://127.0.0.1:${port}`,
    protocol: 4,
    shareGroup: undefined,
    login: (username, role, topics) => issueCredential(credentials, username, topics, role),
    async start() {
      const args = ["--import", "tsx", "oracle/cli.ts", "broker", "--port", String(port), "--credentials", credentials];
      proc = startProcess("aedes", process.execPath, args, {
        cwd: REPO_ROOT,
        quiet: true,
      });
      await waitForPort(port);
    },
    async stop() {
      if (proc) await stopProcess(proc, "SIGTERM");
      proc = undefined;
    },
  };
}
