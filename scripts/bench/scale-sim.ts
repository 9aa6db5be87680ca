/**
 * The scale bench's household simulator, in a worker thread (the oracle service has the main
 * thread): it holds every meter's register, and for each simulated hour the main thread asks for
 * it signs one reading per meter (EIP-712 digest as the oracle computes it, ECDSA in
 * libsecp256k1: low-s, ≈ 40 µs, where ethers' JavaScript signer takes ≈ 1 ms) and publishes them
 * over MQTT (QoS 1) as the device user the bench issued. Registers follow the daily load curves of
 * oracle/simulator/load-curves.ts, integrated per minute over the hour, whole base units with the
 * fraction carried (as the simulator does), so the expected emissions are exact.
 */
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import mqtt from "mqtt";
import { ReadingVerifier } from "../../oracle/signature.js";
import { encodePcxReading, pcxTopic } from "../../oracle/payload.js";
import { loadRate } from "../../oracle/simulator/load-curves.js";
import type { TypedDataDomain } from "../../sdk/typed-data.js";
import type { DeviceKind } from "../../sdk/units.js";

export interface SimWorkerData {
  url: string;
  username: string;
  password: string;
  domain: TypedDataDomain;
  devices: { address: `0x${string}`; key: `0x${string}`; household: number; kind: DeviceKind }[];
}

interface Native {
  ecdsaSign(msg32: Uint8Array, seckey: Uint8Array): { signature: Uint8Array; recid: number };
}
const secp = createRequire(import.meta.url)("secp256k1/bindings") as Native;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

const data = workerData as SimWorkerData;
const verifier = new ReadingVerifier(data.domain);
const regs = data.devices.map((d) => ({ ...d, keyBytes: Buffer.from(d.key.slice(2), "hex"), seq: 0n, cumulative: 0n, carry: 0, first: undefined as bigint | undefined }));
const client = await mqtt.connectAsync(data.url, { clientId: data.username, username: data.username, password: data.password, protocolVersion: 4, clean: true, reconnectPeriod: 500 });

/** Base units `kind` of `household` uses in the hour before `ts` (unix s), integrated per minute. */
function hourAmount(kind: DeviceKind, household: number, ts: number): number {
  let sum = 0;
  for (let m = 0; m < 60; m++) sum += loadRate(kind, household, (((ts - 3600 + m * 60 + 30) / 3600) % 24 + 24) % 24) / 60;
  return sum;
}

parentPort!.on("message", async (msg: { ts: number } | { summary: true } | { close: true }) => {
  if ("close" in msg) {
    await client.endAsync();
    parentPort!.postMessage({ closed: true });
    return;
  }
  if ("summary" in msg) {
    parentPort!.postMessage({ summary: regs.map((r) => ({ device: r.address, kind: r.kind, first: String(r.first ?? r.cumulative), last: String(r.cumulative), lastSeq: String(r.seq) })) });
    return;
  }
  const t0 = performance.now();
  const pubs: Promise<unknown>[] = [];
  for (const r of regs) {
    if (r.seq > 0n) {
      const amount = hourAmount(r.kind, r.household, msg.ts) + r.carry;
      const whole = Math.floor(amount);
      r.carry = amount - whole;
      r.cumulative += BigInt(whole);
    }
    r.seq += 1n;
    r.first ??= r.cumulative;
    const reading = { device: r.address, seq: r.seq, timestamp: BigInt(msg.ts), cumulative: r.cumulative };
    const { signature, recid } = secp.ecdsaSign(verifier.digestBytes(reading), r.keyBytes);
    const s = signature.subarray(32);
    if (recid) s[0]! |= 0x80;
    const sig = { r: `0x${hex(signature.subarray(0, 32))}` as `0x${string}`, vs: `0x${hex(s)}` as `0x${string}` };
    pubs.push(client.publishAsync(pcxTopic(r.address), encodePcxReading(reading, sig), { qos: 1 }));
  }
  const signedMs = performance.now() - t0;
  await Promise.all(pubs);
  parentPort!.postMessage({ ts: msg.ts, published: regs.length, signedMs, publishedMs: performance.now() - t0 });
});
parentPort!.postMessage({ ready: true });
