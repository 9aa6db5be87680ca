/**
 * Off-chain check of a reading's device signature, computing exactly the digest
 * EmissionOracle.readingDigest computes (EIP-712, domain from sdk/typed-data.ts) and accepting
 * exactly the signatures EmissionOracle._recover accepts: 0 < r < n, 0 < s ≤ n/2 (EIP-2 low s).
 * A signature the contract would refuse must never reach the outbox: a malleated copy of a
 * reading arriving first would take its seq and then be rejected on chain.
 *
 * Public-key recovery is the ingest hot path. It runs in libsecp256k1 (the `secp256k1` package's
 * prebuilt native binding, ≈ 70 µs) and falls back to ethers' JavaScript implementation
 * (≈ 1.5 ms) only where the binding cannot load; `ReadingVerifier.backend` says which is in use.
 */
import { createRequire } from "node:module";
import { getAddress, getBytes, hexlify, id, keccak256, recoverAddress, Signature, TypedDataEncoder } from "ethers";
import { READING_TYPES, type Reading, type TypedDataDomain } from "../sdk/typed-data.js";
import type { CompactSignature } from "../sdk/readings.js";

const READING_TYPEHASH = getBytes(
  id(`Reading(${READING_TYPES.Reading.map((f) => `${f.type} ${f.name}`).join(",")})`),
);

/** secp256k1 group order n, and the highest s EmissionOracle accepts (n / 2). */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const MAX_S = N >> 1n;
const PARITY_BIT = 1n << 255n;

/** The part of the native binding this module uses (see @types/secp256k1). */
interface NativeSecp256k1 {
  ecdsaRecover(sig: Uint8Array, recid: number, msg32: Uint8Array, compressed: false): Uint8Array;
}

/** libsecp256k1's binding, or undefined where its prebuilt binary does not load (the JS fallback). */
function loadNative(): NativeSecp256k1 | undefined {
  try {
    // `secp256k1/bindings` is the native build only; the package root would silently fall back to JS.
    return createRequire(import.meta.url)("secp256k1/bindings") as NativeSecp256k1;
  } catch {
    return undefined;
  }
}
const native = loadNative();

export type RecoveryBackend = "libsecp256k1" | "js";

/** Writes `value` big-endian into `out[offset … offset + 32)`. */
function putWord(out: Uint8Array, offset: number, value: bigint): void {
  for (let i = 31; i >= 0; i--) {
    out[offset + i] = Number(value & 0xffn);
    value >>= 8n;
  }
}

export class ReadingVerifier {
  readonly backend: RecoveryBackend;
  private readonly domainSeparator: Uint8Array;

  constructor(
    readonly domain: TypedDataDomain,
    opts: { backend?: RecoveryBackend } = {},
  ) {
    this.domainSeparator = getBytes(TypedDataEncoder.hashDomain(domain));
    const wanted = opts.backend ?? (native ? "libsecp256k1" : "js");
    if (wanted === "libsecp256k1" && !native) throw new Error("libsecp256k1 binding (secp256k1 package) did not load");
    this.backend = wanted;
  }

  /** The EIP-712 digest the device signs for `reading`, as 32 bytes. */
  digestBytes(reading: Reading): Uint8Array {
    const struct = new Uint8Array(160);
    struct.set(READING_TYPEHASH, 0);
    struct.set(getBytes(reading.device), 44); // address, left-padded to 32 bytes
    putWord(struct, 64, reading.seq);
    putWord(struct, 96, reading.timestamp);
    putWord(struct, 128, reading.cumulative);
    const message = new Uint8Array(66);
    message[0] = 0x19;
    message[1] = 0x01;
    message.set(this.domainSeparator, 2);
    message.set(getBytes(keccak256(struct)), 34);
    return getBytes(keccak256(message));
  }

  /** The EIP-712 digest the device signs for `reading`, as hex. */
  digest(reading: Reading): string {
    return hexlify(this.digestBytes(reading));
  }

  /**
   * The address that signed `reading`, or undefined for any signature EmissionOracle would refuse
   * (malformed, r or s out of range, high s, no recoverable key).
   */
  signer(reading: Reading, signature: CompactSignature): string | undefined {
    let r: bigint;
    let vs: bigint;
    try {
      r = BigInt(signature.r);
      vs = BigInt(signature.vs);
    } catch {
      return undefined;
    }
    const s = vs & (PARITY_BIT - 1n);
    const recid = vs >= PARITY_BIT ? 1 : 0;
    if (r === 0n || r >= N || s === 0n || s > MAX_S || vs >= 1n << 256n) return undefined;
    const digest = this.digestBytes(reading);
    try {
      if (this.backend === "libsecp256k1") {
        const sig = new Uint8Array(64);
        putWord(sig, 0, r);
        putWord(sig, 32, s);
        const pub = native!.ecdsaRecover(sig, recid, digest, false);
        return getAddress(`0x${keccak256(pub.subarray(1)).slice(-40)}`);
      }
      return recoverAddress(digest, Signature.from({ r: signature.r, yParityAndS: signature.vs }));
    } catch {
      return undefined;
    }
  }

  /** True if `reading` was signed by its own device key. */
  isSignedByDevice(reading: Reading, signature: CompactSignature): boolean {
    return this.signer(reading, signature)?.toLowerCase() === reading.device.toLowerCase();
  }
}
