/** Shared test helpers: temp data dirs, a silent logger, signed PCX messages. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Wallet, keccak256, toUtf8Bytes } from "ethers";
import { pino } from "pino";
import { signReading } from "../../sdk/readings.js";
import { emissionOracleDomain, type Reading } from "../../sdk/typed-data.js";
import { encodePcxReading, pcxTopic } from "../payload.js";

export const silentLog = pino({ level: "silent" });

export function tempDir(label: string): string {
  return mkdtempSync(path.join(tmpdir(), `pcx-oracle-${label}-`));
}

export const TEST_DOMAIN = emissionOracleDomain(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3");

export function testWallet(label: string): Wallet {
  return new Wallet(keccak256(toUtf8Bytes(`pcx-oracle-test-${label}`)));
}

/** A PCX message signed by `signer` (normally the device itself) for `reading`. */
export async function pcxMessage(signer: Wallet, reading: Omit<Reading, "device"> & { device?: `0x${string}` }) {
  const full: Reading = { device: (reading.device ?? signer.address) as `0x${string}`, ...reading } as Reading;
  const signed = await signReading(signer, TEST_DOMAIN, full);
  return { topic: pcxTopic(full.device), payload: Buffer.from(encodePcxReading(signed.reading, signed.signature)) };
}

/** Current value of a labelled counter in a prom-client registry. */
export async function counterValue(
  registry: import("prom-client").Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const data = await metric.get();
  return data.values
    .filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val))
    .reduce((sum, v) => sum + v.value, 0);
}

/** Issues a broker credential into the credentials file `file`; returns username and password. */
export async function issueCredential(
  file: string,
  username: string,
  topics: string[],
  role: "device" | "oracle" = "device",
): Promise<{ username: string; password: string }> {
  const { CredentialStore } = await import("../broker-auth.js");
  return { username, password: await new CredentialStore(file).issue({ username, role, topics }) };
}

/**
 * An embedded broker on 127.0.0.1 with a memory-only credential store: an oracle user and device
 * users (username = client id) with `topics`; returns the broker and their MQTT login options.
 */
export async function testBroker(devices: Record<string, string[]>, oracle = "oracle") {
  const { CredentialStore } = await import("../broker-auth.js");
  const { startEmbeddedBroker } = await import("../broker.js");
  const { freePort } = await import("../../scripts/lib/processes.js");
  const store = new CredentialStore();
  const login = async (username: string, role: "device" | "oracle", topics: string[]) => ({
    clientId: username,
    username,
    password: await store.issue({ username, role, topics }, { persist: false }),
  });
  const logins: Record<string, { clientId: string; username: string; password: string }> = {};
  logins[oracle] = await login(oracle, "oracle", []);
  for (const [name, topics] of Object.entries(devices)) logins[name] = await login(name, "device", topics);
  const broker = await startEmbeddedBroker({ port: await freePort(), credentials: store, log: silentLog });
  return { broker, store, logins };
}

/** Polls `cond` every 100 ms until it holds; fails after `timeoutMs` naming `what`. */
export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A small deterministic PRNG (mulberry32): numbers in [0, 1). */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
