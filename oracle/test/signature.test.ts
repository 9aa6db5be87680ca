/**
 * The off-chain signature check accepts exactly what EmissionOracle._recover accepts, with the
 * same digest as EIP-712 typed-data hashing, on both recovery backends (libsecp256k1 and the
 * ethers JavaScript fallback), and the native backend is the one in use on this machine.
 */
import { TypedDataEncoder, Wallet } from "ethers";
import { describe, expect, it } from "vitest";
import { signReading, type CompactSignature } from "../../sdk/readings.js";
import { READING_TYPES, type Reading } from "../../sdk/typed-data.js";
import { ReadingVerifier } from "../signature.js";
import { TEST_DOMAIN, testWallet } from "./helpers.js";

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const PARITY = 1n << 255n;
const hex32 = (v: bigint) => `0x${v.toString(16).padStart(64, "0")}` as `0x${string}`;
const types = { Reading: READING_TYPES.Reading.map((f) => ({ ...f })) };

const meter = testWallet("signature-meter");
const reading: Reading = {
  device: meter.address.toLowerCase() as `0x${string}`,
  seq: 7n,
  timestamp: 1_767_300_000n,
  cumulative: 123_456_789n,
};

/** The malleable twin of a signature: s' = n − s with the parity flipped (same key recovers). */
function twin(sig: CompactSignature): CompactSignature {
  const vs = BigInt(sig.vs);
  const s = vs & (PARITY - 1n);
  const parity = vs >= PARITY ? 0n : PARITY;
  return { r: sig.r, vs: hex32(parity | (N - s)) };
}

describe.each(["libsecp256k1", "js"] as const)("ReadingVerifier (%s)", (backend) => {
  const verifier = new ReadingVerifier(TEST_DOMAIN, { backend });

  it("computes the EIP-712 digest, including at the widest field values", () => {
    const widest: Reading = { device: reading.device, seq: (1n << 64n) - 1n, timestamp: (1n << 64n) - 1n, cumulative: (1n << 128n) - 1n };
    for (const r of [reading, widest, { ...reading, seq: 1n, timestamp: 0n, cumulative: 0n }]) {
      expect(verifier.digest(r)).toBe(TypedDataEncoder.hash(TEST_DOMAIN, types, { ...r }));
    }
  });

  it("recovers the device key from its signature over many readings", async () => {
    for (let i = 0; i < 20; i++) {
      const key = Wallet.createRandom();
      const r = { ...reading, device: key.address.toLowerCase() as `0x${string}`, seq: BigInt(i + 1), cumulative: BigInt(i) * 1_000_003n };
      const { signature } = await signReading(key, TEST_DOMAIN, r);
      expect(verifier.signer(r, signature)).toBe(key.address);
      expect(verifier.isSignedByDevice(r, signature)).toBe(true);
    }
  });

  it("refuses what the contract refuses: high s, r or s zero or out of range, wrong parity", async () => {
    const { signature } = await signReading(meter, TEST_DOMAIN, reading);
    const vs = BigInt(signature.vs);
    const s = vs & (PARITY - 1n);
    const refused: CompactSignature[] = [
      { r: signature.r, vs: hex32((N >> 1n) + 1n) }, // lowest high s
      { r: signature.r, vs: hex32(PARITY | (PARITY - 1n)) }, // highest s the compact form can carry
      { r: hex32(0n), vs: signature.vs },
      { r: hex32(N), vs: signature.vs },
      { r: signature.r, vs: hex32(vs & PARITY) }, // s = 0
      { r: hex32(0n), vs: hex32(0n) },
    ];
    for (const sig of refused) expect(verifier.signer(reading, sig), JSON.stringify(sig)).toBeUndefined();
    // The malleable twin's s' = n − s has its top bit set, which the compact form (like the
    // contract) reads as the parity: it recovers some other key, never the device's.
    expect(verifier.isSignedByDevice(reading, twin(signature))).toBe(false);
    // The other parity recovers some other key, never the device's.
    const flipped = { r: signature.r, vs: hex32((vs ^ PARITY) & ((1n << 256n) - 1n)) };
    expect(verifier.isSignedByDevice(reading, flipped)).toBe(false);
    expect(s <= N >> 1n).toBe(true);
  });

  it("refuses a signature over other values or by another key", async () => {
    const { signature } = await signReading(meter, TEST_DOMAIN, reading);
    expect(verifier.isSignedByDevice({ ...reading, cumulative: reading.cumulative + 1n }, signature)).toBe(false);
    const other = await signReading(testWallet("signature-other"), TEST_DOMAIN, reading);
    expect(verifier.isSignedByDevice(reading, other.signature)).toBe(false);
    expect(verifier.signer(reading, { r: "0xnothex" as `0x${string}`, vs: signature.vs })).toBeUndefined();
  });

  it("still refuses another key, a flipped parity or a malleated twin once the device's key is known", async () => {
    const device = testWallet("signature-known-key");
    const r = { ...reading, device: device.address.toLowerCase() as `0x${string}` };
    const own = await signReading(device, TEST_DOMAIN, r);
    expect(verifier.isSignedByDevice(r, own.signature)).toBe(true); // its key is remembered now
    const next = { ...r, seq: r.seq + 1n };
    expect(verifier.isSignedByDevice(next, (await signReading(device, TEST_DOMAIN, next)).signature)).toBe(true);
    expect(verifier.isSignedByDevice(next, (await signReading(testWallet("signature-intruder"), TEST_DOMAIN, next)).signature)).toBe(false);
    expect(verifier.isSignedByDevice(next, own.signature)).toBe(false); // a signature over other values
    const vs = BigInt(own.signature.vs);
    expect(verifier.isSignedByDevice(r, { r: own.signature.r, vs: hex32((vs ^ PARITY) & ((1n << 256n) - 1n)) })).toBe(false);
    expect(verifier.isSignedByDevice(r, twin(own.signature))).toBe(false);
    expect(verifier.isSignedByDevice(r, own.signature)).toBe(true);
  });
});

describe("recovery backend", () => {
  // The secp256k1 package ships prebuilt bindings for these platforms; elsewhere the JS fallback runs.
  const prebuilt = ["linux-x64", "darwin-arm64", "win32-x64"].includes(`${process.platform}-${process.arch}`);
  it.runIf(prebuilt)("uses libsecp256k1 by default where a prebuilt binding exists", () => {
    expect(new ReadingVerifier(TEST_DOMAIN).backend).toBe("libsecp256k1");
  });
});
