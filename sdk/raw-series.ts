/**
 * The raw-series commitment rule, written once: the oracle builds it, EmissionOracle records it
 * (`submitCheckpoints`: the commitments in its calldata, bound by one `CheckpointsCommitted` per
 * call, see `committedCheckpoints`), the audit CLI and the app check against it.
 *
 * A checkpoint commits the raw signed readings of its device with seq in [fromSeq, checkpoint
 * seq] (everything since the previous checkpoint, the checkpoint itself included):
 *   leaf  = keccak256(digest ‖ r ‖ vs)   96 bytes: the reading's EIP-712 digest in the
 *                                        EmissionOracle domain, then its EIP-2098 signature
 *   node  = keccak256(min(a, b) ‖ max(a, b))   sorted pairs, as OpenZeppelin's MerkleProof
 *   tree  = leaves in seq order; each level pairs neighbours left to right, an odd last node is
 *           carried up unchanged; one leaf is its own root (empty proof)
 * so `MerkleProof.verify(proof, root, leaf)` accepts every proof `merkleProof` returns. A leaf
 * (96 bytes hashed) can never be confused with a node (64 bytes hashed).
 * Written with viem so the browser app uses the very same code.
 */
import { compactSignatureToSignature, concat, decodeFunctionData, encodeAbiParameters, hashTypedData, keccak256, recoverAddress } from "viem";
import type { CompactSignature, SignedReading } from "./readings.js";
import { READING_TYPES, type Reading, type TypedDataDomain } from "./typed-data.js";

export type Hex = `0x${string}`;

/** What a checkpoint commits on chain (IEmissionOracle.RawCommitment). */
export interface RawCommitment {
  root: Hex;
  count: number;
  fromSeq: bigint;
}

/** EIP-712 digest of `reading` in the EmissionOracle `domain` (= EmissionOracle.readingDigest). */
export function readingDigest(domain: TypedDataDomain, reading: Reading): Hex {
  return hashTypedData({
    domain: { ...domain, chainId: Number(domain.chainId) },
    types: READING_TYPES,
    primaryType: "Reading",
    message: { device: reading.device, seq: reading.seq, timestamp: reading.timestamp, cumulative: reading.cumulative },
  });
}

/** The device key that signed `reading` (compact signature), recovered from its digest. */
export async function readingSigner(domain: TypedDataDomain, reading: Reading, signature: CompactSignature): Promise<string> {
  return recoverAddress({
    hash: readingDigest(domain, reading),
    signature: compactSignatureToSignature({ r: signature.r, yParityAndS: signature.vs }),
  });
}

/** leaf = keccak256(digest ‖ r ‖ vs). */
export function rawLeaf(digest: Hex, signature: CompactSignature): Hex {
  return keccak256(concat([digest, signature.r, signature.vs]));
}

/** The leaf of a signed reading in `domain`. */
export function leafOf(domain: TypedDataDomain, signed: SignedReading): Hex {
  return rawLeaf(readingDigest(domain, signed.reading), signed.signature);
}

/** keccak256 of the sorted pair (OpenZeppelin Hashes.commutativeKeccak256). */
export function hashPair(a: Hex, b: Hex): Hex {
  const [x, y] = BigInt(a) < BigInt(b) ? [a, b] : [b, a];
  return keccak256(concat([x, y]));
}

/** Every level of the tree over `leaves` (level 0 = the leaves, last = [root]). */
export function treeLevels(leaves: readonly Hex[]): Hex[][] {
  if (leaves.length === 0) throw new Error("a raw series has at least one reading");
  const levels: Hex[][] = [[...leaves]];
  while (levels.at(-1)!.length > 1) {
    const prev = levels.at(-1)!;
    const next: Hex[] = [];
    for (let i = 0; i < prev.length; i += 2) next.push(i + 1 < prev.length ? hashPair(prev[i]!, prev[i + 1]!) : prev[i]!);
    levels.push(next);
  }
  return levels;
}

export function merkleRoot(leaves: readonly Hex[]): Hex {
  return treeLevels(leaves).at(-1)![0]!;
}

/** Sibling hashes from leaf `index` up to the root (OpenZeppelin MerkleProof order). */
export function merkleProof(leaves: readonly Hex[], index: number): Hex[] {
  if (index < 0 || index >= leaves.length) throw new Error(`leaf ${index} out of range`);
  const proof: Hex[] = [];
  let i = index;
  for (const level of treeLevels(leaves).slice(0, -1)) {
    const sibling = i ^ 1;
    if (sibling < level.length) proof.push(level[sibling]!);
    i >>= 1;
  }
  return proof;
}

/** The root `proof` leads to from `leaf` (OpenZeppelin MerkleProof.processProof). */
export function processProof(leaf: Hex, proof: readonly Hex[]): Hex {
  return proof.reduce<Hex>((h, p) => hashPair(h, p), leaf);
}

/** Sorts signed readings of one device by seq (the leaf order). */
export function bySeq<T extends { reading: Reading }>(readings: readonly T[]): T[] {
  return [...readings].sort((a, b) => (a.reading.seq < b.reading.seq ? -1 : a.reading.seq > b.reading.seq ? 1 : 0));
}

/**
 * The commitment of a raw series: `readings` are one device's raw signed readings since its
 * previous checkpoint, the checkpoint (highest seq) included; any order, sorted here by seq.
 */
export function commitRawSeries(domain: TypedDataDomain, readings: readonly SignedReading[]): RawCommitment & { leaves: Hex[] } {
  const sorted = bySeq(readings);
  if (sorted.length === 0) throw new Error("a raw series has at least one reading");
  const device = sorted[0]!.reading.device.toLowerCase();
  if (sorted.some((r) => r.reading.device.toLowerCase() !== device)) throw new Error("a raw series belongs to one device");
  const leaves = sorted.map((r) => leafOf(domain, r));
  return { root: merkleRoot(leaves), count: leaves.length, fromSeq: sorted[0]!.reading.seq, leaves };
}

/** A 32-byte hash as lower-case 0x hex (for comparing hashes). */
export const normHex = (h: string): Hex => {
  if (!/^0x[0-9a-fA-F]{64}$/.test(h)) throw new Error(`not a 32-byte hash: ${h}`);
  return h.toLowerCase() as Hex;
};

/** The RawCommitment[] ABI type (IEmissionOracle.RawCommitment). */
const COMMITMENTS_ABI = [
  { type: "tuple[]", components: [{ name: "root", type: "bytes32" }, { name: "count", type: "uint32" }, { name: "fromSeq", type: "uint64" }] },
] as const;

/** keccak256(abi.encode(commitments)): what EmissionOracle's CheckpointsCommitted records of a call's commitments. */
export function commitmentsHash(commitments: readonly RawCommitment[]): Hex {
  return keccak256(encodeAbiParameters(COMMITMENTS_ABI, [commitments.map((c) => ({ root: c.root, count: c.count, fromSeq: BigInt(c.fromSeq) }))]));
}

const SUBMIT_CHECKPOINTS_ABI = [
  {
    type: "function",
    name: "submitCheckpoints",
    stateMutability: "nonpayable",
    inputs: [
      { name: "readings", type: "tuple[]", components: [{ name: "device", type: "address" }, { name: "seq", type: "uint64" }, { name: "timestamp", type: "uint64" }, { name: "cumulative", type: "uint128" }] },
      { name: "signatures", type: "tuple[]", components: [{ name: "r", type: "bytes32" }, { name: "vs", type: "bytes32" }] },
      { name: "commitments", type: "tuple[]", components: COMMITMENTS_ABI[0].components },
    ],
    outputs: [{ name: "accepted", type: "uint256" }],
  },
] as const;

/** One checkpoint committed on chain: its reading (from the call's calldata) and its commitment. */
export interface CommittedCheckpoint extends RawCommitment {
  reading: Reading;
  /** Index of the checkpoint in its submitCheckpoints call. */
  index: number;
}

/** The outcome events of a call, in log order: "accepted" for a ReadingAccepted, "rejected" for a ReadingRejected. */
export type Outcome = "accepted" | "rejected";

/**
 * The checkpoints a direct `submitCheckpoints` call committed, from the transaction's calldata
 * `input` and the oracle's logs of that call: `outcomes`, the call's ReadingAccepted /
 * ReadingRejected events in log order (one per reading), and `recorded`, its CheckpointsCommitted
 * (commitmentsHash, checkpoints, accepted). readings[i] commits commitments[i] exactly when the
 * i-th outcome is "accepted" (IEmissionOracle.CheckpointsCommitted). Throws if the calldata is
 * not a submitCheckpoints call or does not match the record (hash, counts): then the record
 * does not commit these commitments.
 */
export function committedCheckpoints(
  input: Hex,
  outcomes: readonly Outcome[],
  recorded: { commitmentsHash: string; checkpoints: bigint | number; accepted: bigint | number },
): CommittedCheckpoint[] {
  const { functionName, args } = decodeFunctionData({ abi: SUBMIT_CHECKPOINTS_ABI, data: input });
  if (functionName !== "submitCheckpoints") throw new Error("not a submitCheckpoints call");
  const [readings, , commitments] = args;
  const list = commitments.map((c) => ({ root: c.root, count: Number(c.count), fromSeq: c.fromSeq }));
  if (commitmentsHash(list) !== normHex(recorded.commitmentsHash)) throw new Error("the calldata's commitments do not hash to the recorded commitmentsHash");
  if (BigInt(recorded.checkpoints) !== BigInt(readings.length) || outcomes.length !== readings.length) {
    throw new Error(`the call has ${readings.length} checkpoints, the record says ${recorded.checkpoints}, ${outcomes.length} outcome events`);
  }
  const out: CommittedCheckpoint[] = [];
  outcomes.forEach((o, i) => {
    if (o !== "accepted") return;
    const r = readings[i]!;
    out.push({ ...list[i]!, index: i, reading: { device: r.device, seq: r.seq, timestamp: r.timestamp, cumulative: r.cumulative } });
  });
  if (BigInt(out.length) !== BigInt(recorded.accepted)) throw new Error(`${out.length} accepted outcome events, the record says ${recorded.accepted}`);
  return out;
}
