/**
 * PUBACK only after the commit, proved from the broker's side. The oracle runs as its own process
 * (the CLI) against an embedded Aedes broker in this process, which records every PUBACK the
 * oracle sends and, at that moment, looks the reading up in the oracle's outbox through a separate
 * read-only SQLite connection: an acknowledged reading must already be committed.
 *
 * Then the fault an attacker on the host (or a backup tool) can cause: another process holds the
 * outbox's write lock, so the oracle receives readings it cannot commit. It is SIGKILLed while
 * they are in flight, the lock is released and it restarts on the same data dir: the broker must
 * not have been told about any of them (no PUBACK), must redeliver them, and every reading must
 * end up stored exactly once. An oracle that acknowledged on receipt (or before its group commit)
 * fails both checks: the acknowledgement finds no row, and the killed readings are never
 * redelivered, so they are lost.
 */
import Database from "better-sqlite3";
import mqtt from "mqtt";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { signReading } from "../../sdk/readings.js";
import { emissionOracleDomain } from "../../sdk/typed-data.js";
import { DeviceKind } from "../../sdk/contracts.js";
import { freePort, startProcess, stopProcess, type Started } from "../../scripts/lib/processes.js";
import { encodePcxReading, pcxTopic } from "../payload.js";
import { attachLocalChain, bindDevice, type ChainHandle } from "./chain-fixture.js";
import { tempDir, testBroker, testWallet, waitFor } from "./helpers.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DEVICES = 4;
const PER_PHASE = 60; // readings per device in each phase

let chain: ChainHandle;
const meters = Array.from({ length: DEVICES }, (_, i) => testWallet(`ack-after-commit-${i}`));

beforeAll(async () => {
  chain = attachLocalChain(inject("rpcUrl"), inject("deploymentId"));
  for (const [i, m] of meters.entries()) await bindDevice(chain, m, i % 5, DeviceKind.Electricity, "elec.cn.grid");
});
afterAll(() => chain?.provider.destroy());

describe("PUBACK after the commit (oracle process, broker's view)", () => {
  it("acknowledges only committed readings; a SIGKILL while the outbox is locked loses nothing", { timeout: 150_000 }, async () => {
    const { broker, logins } = await testBroker({ "ack-pub": ["pcx/v1/meters/+/reading"] }, "pcx-oracle-ack");
    const dir = tempDir("ack-after-commit");
    const dataDir = path.join(dir, "oracle");
    const dbFile = path.join(dataDir, "outbox.sqlite");
    const httpPort = await freePort();
    const lines: string[] = [];
    const start = async (): Promise<Started> => {
      const p = startProcess("oracle", process.execPath, [
        "--import", "tsx", "oracle/cli.ts", "run",
        "--rpc-url", chain.rpcUrl, "--deployment", chain.deploymentId,
        "--mqtt-url", broker.url, "--mqtt-protocol", "4", "--client-id", "pcx-oracle-ack",
        "--mqtt-username", "pcx-oracle-ack", "--http-port", String(httpPort), "--data-dir", dataDir,
        "--checkpoint-interval", "3600", "--log-level", "warn",
      ], { cwd: REPO_ROOT, env: { ...process.env, PCX_MQTT_PASSWORD: logins["pcx-oracle-ack"]!.password }, quiet: true, onLine: (l) => lines.push(l) });
      await waitFor("the oracle's /healthz", async () => {
        if (p.child.exitCode !== null) throw new Error(`oracle exited:\n${lines.slice(-20).join("\n")}`);
        return fetch(`http://127.0.0.1:${httpPort}/healthz`).then((r) => r.status === 200, () => false);
      }, 60_000);
      return p;
    };

    // Every PUBACK the oracle sends, and whether its reading was committed when it arrived.
    let reader: Database.Database | undefined;
    const stored = (device: string, seq: bigint) => {
      reader ??= new Database(dbFile, { readonly: true, fileMustExist: true });
      return reader.prepare(`SELECT 1 FROM readings WHERE device = ? AND CAST(seq AS INTEGER) = ?`).get(device, seq) !== undefined;
    };
    const acks: { key: string; committed: boolean }[] = [];
    broker.aedes.on("ack", (packet) => {
      if (!packet || !("payload" in packet) || !packet.topic.startsWith("pcx/")) return;
      const m = JSON.parse(packet.payload.toString()) as { device: string; seq: string };
      acks.push({ key: `${m.device}:${m.seq}`, committed: stored(m.device, BigInt(m.seq)) });
    });

    const domain = emissionOracleDomain(31337n, chain.addresses.EmissionOracle!);
    const now = Math.floor(Date.now() / 1000);
    const messages = async (fromSeq: number) => {
      const out: { key: string; topic: string; payload: string }[] = [];
      for (let k = 0; k < PER_PHASE; k++) {
        for (const m of meters) {
          const seq = BigInt(fromSeq + k);
          const device = m.address.toLowerCase() as `0x${string}`;
          const s = await signReading(m, domain, { device, seq, timestamp: BigInt(now - 600 + fromSeq + k), cumulative: seq * 2n });
          out.push({ key: `${device}:${seq}`, topic: pcxTopic(device), payload: encodePcxReading(s.reading, s.signature) });
        }
      }
      return out;
    };
    const phaseA = await messages(1);
    const phaseB = await messages(1 + PER_PHASE);

    let oracle = await start();
    const pub = await mqtt.connectAsync(broker.url, logins["ack-pub"]);
    let lock: Database.Database | undefined;
    try {
      // Phase A: nothing in the way; every reading acknowledged, each one after its commit.
      await Promise.all(phaseA.map((m) => pub.publishAsync(m.topic, m.payload, { qos: 1 })));
      await waitFor("phase A acknowledged", () => phaseA.every((m) => acks.some((a) => a.key === m.key)));

      // Phase B: another process holds the write lock, the oracle receives but cannot commit.
      await sleep(1000); // the first readings' checkpoints and anomaly scores written meanwhile
      lock = new Database(dbFile);
      lock.exec("BEGIN IMMEDIATE");
      const acksBefore = acks.length;
      const logged = lines.length;
      await Promise.all(phaseB.map((m) => pub.publishAsync(m.topic, m.payload, { qos: 1 })));
      // Received, and a group commit of them refused (SQLITE_BUSY after the busy timeout).
      await waitFor("a failed commit of phase B", () => lines.slice(logged).some((l) => l.includes("message not stored")), 60_000);
      await stopProcess(oracle, "SIGKILL");
      const acksWhileLocked = acks.length - acksBefore;
      lock.exec("ROLLBACK");
      lock.close();
      lock = undefined;
      expect(acksWhileLocked).toBe(0);

      // Restarted on the same data dir: the broker redelivers phase B, which is stored once.
      oracle = await start();
      await waitFor("phase B acknowledged after the restart", () => phaseB.every((m) => acks.some((a) => a.key === m.key)), 60_000);
    } finally {
      lock?.close();
      await pub.endAsync();
      await stopProcess(oracle, "SIGTERM");
      await broker.close();
    }

    expect(acks.filter((a) => !a.committed)).toEqual([]);
    const rows = reader!.prepare(`SELECT device, COUNT(*) AS n, COUNT(DISTINCT seq) AS d FROM readings GROUP BY device`).all() as { device: string; n: number; d: number }[];
    reader!.close();
    for (const m of meters) expect(rows.find((r) => r.device === m.address.toLowerCase())).toMatchObject({ n: 2 * PER_PHASE, d: 2 * PER_PHASE });
  });
});
