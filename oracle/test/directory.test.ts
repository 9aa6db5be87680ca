/**
 * The device cache under a flood: random device addresses (validly self-signed, or forged) must
 * neither grow ChainDirectory's cache without bound nor cost RPC calls beyond one lookup per
 * unknown address per negative TTL; forged messages cost none at all (the signature is checked
 * before any lookup), and the real fleet stays cached through the flood.
 */
import { createRequire } from "node:module";
import { getAddress, keccak256, randomBytes } from "ethers";
import { beforeEach, describe, expect, it } from "vitest";
import { DeviceKind } from "../../sdk/contracts.js";
import { ChainDirectory } from "../chain.js";
import { DeviceStatus } from "../directory.js";
import { Ingestor } from "../ingest.js";
import { OracleMetrics } from "../metrics.js";
import { Outbox } from "../outbox.js";
import { encodePcxReading, pcxTopic } from "../payload.js";
import { ReadingVerifier } from "../signature.js";
import { ReadingValidator } from "../validate.js";
import { TEST_DOMAIN, pcxMessage, silentLog, tempDir, testWallet } from "./helpers.js";

const NOW = 1_767_300_000;
const verifier = new ReadingVerifier(TEST_DOMAIN);
const secp = createRequire(import.meta.url)("secp256k1") as {
  ecdsaSign(msg32: Uint8Array, key: Uint8Array): { signature: Uint8Array; recid: number };
  publicKeyCreate(key: Uint8Array, compressed: false): Uint8Array;
};
const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString("hex")}` as `0x${string}`;

/** A reading message from a fresh random device key (native signing: thousands per second). */
function randomDeviceMessage(forgeWith?: Uint8Array): { topic: string; payload: Buffer } {
  const key = randomBytes(32);
  const device = getAddress(`0x${keccak256(secp.publicKeyCreate(key, false).subarray(1)).slice(-40)}`).toLowerCase() as `0x${string}`;
  const reading = { device, seq: 1n, timestamp: BigInt(NOW), cumulative: 1n };
  const { signature, recid } = secp.ecdsaSign(verifier.digestBytes(reading), forgeWith ?? key);
  const vs = signature.slice(32);
  if (recid === 1) vs[0]! |= 0x80;
  return { topic: pcxTopic(device), payload: Buffer.from(encodePcxReading(reading, { r: hex(signature.slice(0, 32)), vs: hex(vs) })) };
}

const member = testWallet("fleet-member");
let calls: number;
let clock: number;
let directory: ChainDirectory;
let ingestor: Ingestor;

/** A stand-in for the Registry and EmissionOracle contracts that counts every call. */
const chain = {
  registry: {
    device: async (key: string) => {
      calls++;
      return key === member.address.toLowerCase()
        ? { status: DeviceStatus.Active, owner: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", kind: DeviceKind.Electricity, factorId: 1, operatorAttested: false }
        : { status: DeviceStatus.None, owner: "0x0000000000000000000000000000000000000000", kind: 0, factorId: 0, operatorAttested: false };
    },
  },
  oracle: {
    deviceState: async () => {
      calls++;
      return { lastSeq: 0n, lastTimestamp: 0n, lastCumulative: 0n };
    },
  },
};

function setup(maxEntries: number) {
  calls = 0;
  clock = 1_000_000;
  directory = new ChainDirectory(chain as never, { log: silentLog, maxEntries, now: () => clock });
  const outbox = new Outbox(tempDir("directory"));
  const validator = new ReadingValidator({ verifier, directory, outbox, maxClockSkewS: 120, now: () => NOW });
  ingestor = new Ingestor({ outbox, validator, metrics: new OracleMetrics(), log: silentLog });
}

describe("ChainDirectory under a flood of random devices", () => {
  beforeEach(() => setup(1_000));

  it("5,000 validly self-signed random devices: cache ≤ bound, ≤ 2 RPC calls each, repeats within the TTL free", async () => {
    const flood = Array.from({ length: 5_000 }, () => randomDeviceMessage());
    for (const m of flood) expect((await ingestor.handle(m.topic, m.payload)).outcome).toBe("rejected");
    expect(directory.size).toBeLessThanOrEqual(1_000);
    expect(calls).toBe(2 * 5_000);
    // the most recent 1,000 are cached as unknown: sending them again costs nothing
    for (const m of flood.slice(-1_000)) await ingestor.handle(m.topic, m.payload);
    expect(calls).toBe(2 * 5_000);
    // the negative entries expire: a device bound meanwhile is seen after the TTL
    clock += 60_001;
    await ingestor.handle(flood.at(-1)!.topic, flood.at(-1)!.payload);
    expect(calls).toBe(2 * 5_001);
  });

  it("forged messages (signature not the claimed device's) cost zero RPC calls and no cache entries", async () => {
    const other = randomBytes(32);
    for (let i = 0; i < 2_000; i++) {
      const m = randomDeviceMessage(other);
      expect(await ingestor.handle(m.topic, m.payload)).toEqual({ outcome: "rejected", reason: "bad_signature" });
    }
    expect(calls).toBe(0);
    expect(directory.size).toBe(0);
  });

  it("the fleet stays cached through a flood of unknown devices", async () => {
    const first = await pcxMessage(member, { seq: 1n, timestamp: BigInt(NOW - 60), cumulative: 0n });
    expect((await ingestor.handle(first.topic, first.payload)).outcome).toBe("stored");
    expect(calls).toBe(2);
    for (let i = 0; i < 3_000; i++) {
      const m = randomDeviceMessage();
      await ingestor.handle(m.topic, m.payload);
    }
    calls = 0;
    const next = await pcxMessage(member, { seq: 2n, timestamp: BigInt(NOW), cumulative: 100n });
    expect((await ingestor.handle(next.topic, next.payload)).outcome).toBe("stored");
    expect(calls).toBe(0);
    expect(directory.ownerOf(member.address)).toBe("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
  });

  it("concurrent lookups of one device share one pair of calls", async () => {
    const m = randomDeviceMessage();
    await Promise.all(Array.from({ length: 10 }, () => ingestor.handle(m.topic, m.payload)));
    expect(calls).toBe(2);
  });
});
