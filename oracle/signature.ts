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
 * Per reading: two keccaks for the digest (@noble/hashes directly: no hex round trips), one
 * recovery, and one keccak of the recovered key unless it is the key already seen for that
 * device (compared byte for byte). No checksum address on the hot path.
 */
import { createRequire } from "node:module";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { getAddress, getBytes, hexlify, id, recoverAddress, Signature, TypedDataEncoder } from "ethers";
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

/** Writes `value` (< 2^256) big-endian into `out[offset … offset + 32)`. */
function putWord(out: Buffer, offset: number, value: bigint): void {
  const hex = value.toString(16);
  if (value < 0n || hex.length > 64) throw new RangeError(`${value} does not fit 32 bytes`);
  out.write(hex.padStart(64, "0"), offset, 32, "hex");
}

/** At most this many device keys are remembered (a flood of self-signed strangers only clears it). */
const MAX_KNOWN_KEYS = 100_000;

/** 32 bytes from a 0x-prefixed hex word, or undefined if it is not exactly that. */
function word(hex: string): Buffer | undefined {
  if (hex.length !== 66 || !/^0x[0-9a-fA-F]{64}$/.test(hex)) return undefined;
  return Buffer.from(hex.slice(2), "hex");
}

export class ReadingVerifier {
  readonly backend: RecoveryBackend;
  private readonly domainSeparator: Uint8Array;
  /** The public key last recovered for each device (64 bytes, no prefix): skips its address hash. */
  private readonly knownKeys = new Map<string, Uint8Array>();

  constructor(
    readonly domain: TypedDataDomain,
    opts: { backend?: RecoveryBackend } = {},
  ) {
    this.domainSeparator = getBytes(TypedDataEncoder.hashDomain(domain));
    const wanted = opts.backend ?? (native ? "libsecp256k1" : "js");
    if (wanted === "libsecp256k1" && !native) throw new Error("libsecp256k1 binding (secp256k1 package) did not load");
    this.backend = wanted;
  }

  /**
   * The EIP-712 digest the device signs for `reading`, as 32 bytes: two keccaks (struct hash,
   * then 0x1901 ‖ domain separator ‖ struct hash), the type hash and domain separator precomputed.
   */
  digestBytes(reading: Reading): Uint8Array {
    if (!/^0x[0-9a-fA-F]{40}$/.test(reading.device)) throw new RangeError(`not an address: ${reading.device}`);
    const struct = Buffer.alloc(160);
    struct.set(READING_TYPEHASH, 0);
    struct.write(reading.device.slice(2), 44, 20, "hex"); // address, left-padded to 32 bytes
    putWord(struct, 64, reading.seq);
    putWord(struct, 96, reading.timestamp);
    putWord(struct, 128, reading.cumulative);
    const message = new Uint8Array(66);
    message[0] = 0x19;
    message[1] = 0x01;
    message.set(this.domainSeparator, 2);
    message.set(keccak_256(struct), 34);
    return keccak_256(message);
  }

  /** The EIP-712 digest the device signs for `reading`, as hex. */
  digest(reading: Reading): string {
    return hexlify(this.digestBytes(reading));
  }

  /**
   * The uncompressed public key (64 bytes, without the 0x04 prefix) that signed `reading`, or
   * undefined for any signature EmissionOracle would refuse (malformed, r or s out of range,
   * high s, no recoverable key). libsecp256k1 backend only.
   */
  private recoverKey(reading: Reading, signature: CompactSignature): Uint8Array | undefined {
    const r = word(signature.r);
    const vs = word(signature.vs);
    if (!r || !vs) return undefined;
    const recid = vs[0]! >> 7;
    const sig = Buffer.concat([r, vs]);
    sig[32]! &= 0x7f;
    const rn = BigInt(signature.r);
    const s = BigInt(`0x${sig.subarray(32).toString("hex")}`);
    if (rn === 0n || rn >= N || s === 0n || s > MAX_S) return undefined;
    try {
      return native!.ecdsaRecover(sig, recid, this.digestBytes(reading), false).subarray(1);
    } catch {
      return undefined;
    }
  }

  /**
   * The address that signed `reading`, or undefined for any signature EmissionOracle would refuse
   * (malformed, r or s out of range, high s, no recoverable key).
   */
  signer(reading: Reading, signature: CompactSignature): string | undefined {
    if (this.backend === "libsecp256k1") {
      const key = this.recoverKey(reading, signature);
      return key && getAddress(`0x${Buffer.from(keccak_256(key).subarray(12)).toString("hex")}`);
    }
    let r: bigint;
    let vs: bigint;
    try {
      r = BigInt(signature.r);
      vs = BigInt(signature.vs);
    } catch {
      return undefined;
    }
    const s = vs & (PARITY_BIT - 1n);
    if (r === 0n || r >= N || s === 0n || s > MAX_S || vs >= 1n << 256n) return undefined;
    try {
      return recoverAddress(this.digestBytes(reading), Signature.from({ r: signature.r, yParityAndS: signature.vs }));
    } catch {
      return undefined;
    }
  }

/** True if `reading` was signed by its own device key. */
  isSignedByDevice(reading: Reading, signature: CompactSignature): boolean {
    if (this.backend !== "libsecp256k1") return this.signer(reading, signature)?.toLowerCase() === reading.device.toLowerCase();
    const key = this.recoverKey(reading, signature);
    if (!key) return false;
    const device = reading.device.toLowerCase();
    // The device's key seen before: the same 64 bytes are the same address (no keccak needed).
    const known = this.knownKeys.get(device);
    if (known && Buffer.compare(known, key) === 0) return true;
    if (Buffer.from(keccak_256(key).subarray(12)).toString("hex") !== device.slice(2)) return false;
    if (this.knownKeys.size >= MAX_KNOWN_KEYS) this.knownKeys.clear();
    this.knownKeys.set(device, key);
    return true;
  }
}
