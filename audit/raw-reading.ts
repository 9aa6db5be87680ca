/**
 * `audit reading <device> <seq> --proof <file>`: checks one raw reading, as the oracle's raw
 * readings API served it (the page's JSON saved to a file, or one item of it), against the chain:
 *   1. signature  the device key signed the reading (EIP-712 Reading, this deployment's
 *                 EmissionOracle domain)
 *   2. commitment the device's checkpoint the item names was accepted (ReadingAccepted) by a
 *                 submitCheckpoints call whose CheckpointsCommitted binds the commitments in its
 *                 calldata (sdk committedCheckpoints); the checkpoint's commitment is taken from there
 *   3. proof      leaf = keccak256(digest ‖ r ‖ vs) and the proof lead to that commitment's root
 *                 (sdk/raw-series.ts), whoever committed it
 *   4. range      fromSeq ≤ seq ≤ the checkpoint's seq
 *   5. register   the reading's cumulative ≤ the checkpoint's (from the same calldata), and its
 *                 timestamp ≤ the checkpoint's
 * Every check is computed here from the file's reading, signature and proof and from the chain;
 * the file's own digest, leaf and root are not trusted.
 */
import { readFileSync } from "node:fs";
import { encodeEventTopics, isHex, keccak256, stringToHex } from "viem";
import { committedCheckpoints, processProof, rawLeaf, readingDigest, readingSigner, normHex, type CommittedCheckpoint, type Hex, type Outcome } from "../sdk/raw-series.js";
import { emissionOracleDomain, type Reading } from "../sdk/typed-data.js";
import { atBlock, toAddress, type AuditTarget } from "./context.js";
import { decodeLog, fetchEvents, named } from "./events.js";

interface RawItem {
  device: string;
  seq: string;
  timestamp: string;
  cumulative: string;
  signature: { r: Hex; vs: Hex };
  proof: Hex[] | null;
  status?: string;
  checkpoint: { seq: string; root: string | null } | null;
}

export interface ReadingVerdict {
  ok: boolean;
  /** The check that failed (signature, commitment, proof, range, register, file), if any. */
  failed?: string;
  text: string;
}

const fail = (failed: string, text: string): ReadingVerdict => ({ ok: false, failed, text: `INVALID (${failed}): ${text}` });

/** Finds the item for (device, seq) in an API page or a single item. */
export function findItem(json: unknown, device: string, seq: bigint): RawItem | undefined {
  const items: unknown[] = Array.isArray((json as { items?: unknown[] })?.items) ? (json as { items: unknown[] }).items : [json];
  return items.find(
    (i): i is RawItem =>
      typeof i === "object" && i !== null && String((i as RawItem).device).toLowerCase() === device.toLowerCase() && String((i as RawItem).seq) === seq.toString(),
  );
}

export async function verifyRawReading(target: AuditTarget, device: string, seq: bigint, proofFile: string): Promise<ReadingVerdict> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(proofFile, "utf8"));
  } catch (err) {
    return fail("file", `cannot read ${proofFile} as JSON: ${(err as Error).message}`);
  }
  const item = findItem(json, device, seq);
  if (!item) return fail("file", `${proofFile} holds no raw reading of ${device} seq ${seq}`);
  const oracle = target.contracts.EmissionOracle;
  const oracleAddress = target.addresses.EmissionOracle;
  const domain = emissionOracleDomain(target.chainId, oracleAddress);
  const reading: Reading = {
    device: toAddress(item.device),
    seq: BigInt(item.seq),
    timestamp: BigInt(item.timestamp),
    cumulative: BigInt(item.cumulative),
  };

  // 1. device signature
  let signer: string;
  try {
    signer = await readingSigner(domain, reading, item.signature);
  } catch {
    signer = "(no signer)";
  }
  if (signer.toLowerCase() !== device.toLowerCase()) {
    return fail("signature", `the reading (seq ${seq}, register ${reading.cumulative}, time ${reading.timestamp}) is not signed by device ${device} in the EmissionOracle domain of chain ${target.chainId} at ${oracleAddress} (it recovers to ${signer})`);
  }

  // 2. the on-chain commitment of its checkpoint
  if (!item.checkpoint || item.proof === null) {
    return fail("commitment", `the reading is not in a checkpoint yet (status ${item.status ?? "unknown"}): nothing on chain commits it`);
  }
  const cpSeq = BigInt(item.checkpoint.seq);
  const abi = target.abis.EmissionOracle;
  const topics = encodeEventTopics({ abi, eventName: "ReadingAccepted", args: { device: toAddress(device) } });
  const accepted = named(await fetchEvents(target.provider, oracleAddress, abi, { fromBlock: target.fromBlock, toBlock: target.toBlock, topics }), "ReadingAccepted").filter(
    (e) => e.args.seq === cpSeq,
  );
  const ev = accepted[0];
  if (!ev) {
    return fail("commitment", `no ReadingAccepted on chain for device ${device} checkpoint seq ${cpSeq} (the file says ${item.status ?? "?"}): the checkpoint was not booked`);
  }
  // its call's record (CheckpointsCommitted) and the commitment in the call's calldata
  const receipt = await target.provider.getTransactionReceipt(ev.txHash);
  const tx = await target.provider.getTransaction(ev.txHash);
  const outcomes: Outcome[] = [];
  let record: { commitmentsHash: string; checkpoints: bigint; accepted: bigint; submitter: string } | undefined;
  for (const entry of receipt?.logs ?? []) {
    if (entry.address.toLowerCase() !== oracleAddress.toLowerCase()) continue;
    const parsed = decodeLog(abi, entry);
    if (parsed?.eventName === "ReadingAccepted" || parsed?.eventName === "ReadingRejected") outcomes.push(parsed.eventName === "ReadingAccepted" ? "accepted" : "rejected");
    else if (parsed?.eventName === "CheckpointsCommitted") {
      const { commitmentsHash, checkpoints, accepted, submitter } = parsed.args;
      record = { commitmentsHash, checkpoints, accepted, submitter };
    }
  }
  if (!record) {
    return fail("commitment", `checkpoint seq ${cpSeq} of device ${device} was booked in tx ${ev.txHash} without a commitment (no CheckpointsCommitted: not a submitCheckpoints call)`);
  }
  let cp: (CommittedCheckpoint & { reading: Reading }) | undefined;
  try {
    const input = tx?.data ?? "0x";
    if (!isHex(input)) throw new Error("calldata is not hex");
    cp = committedCheckpoints(input, outcomes, record).find((c) => c.reading.device.toLowerCase() === device.toLowerCase() && c.reading.seq === cpSeq);
  } catch (err) {
    return fail("commitment", `the commitments of tx ${ev.txHash} are not readable from its calldata (${(err as Error).message}; a direct submitCheckpoints call is needed)`);
  }
  if (!cp) return fail("commitment", `tx ${ev.txHash} commits nothing for device ${device} checkpoint seq ${cpSeq}`);
  const root = normHex(cp.root);
  const fromSeq = BigInt(cp.fromSeq);
  const count = cp.count;
  const submitter = record.submitter;
  const isOperator = await oracle.read.hasRole([keccak256(stringToHex("ORACLE_ROLE")), toAddress(submitter)], atBlock(target));
  const who = `${submitter} (${isOperator ? "holds ORACLE_ROLE" : "not an oracle operator: a relayer"})`;

  // 3. leaf + proof → the committed root
  const leaf = rawLeaf(readingDigest(domain, reading), item.signature);
  const reached = processProof(leaf, item.proof);
  if (reached !== root) {
    const served = item.checkpoint.root ? normHex(item.checkpoint.root) : undefined;
    const why =
      served && served !== root
        ? `the oracle served root ${served}, but the root committed on chain is ${root}, committed by ${who} in tx ${ev.txHash}: the raw readings do not match that commitment`
        : `it leads to ${reached}, not to the root ${root} committed on chain by ${who} in tx ${ev.txHash}`;
    return fail("proof", `the raw reading seq ${seq} and its proof do not match the commitment of checkpoint seq ${cpSeq}: ${why}`);
  }

  // 4. range
  if (seq < fromSeq || seq > cpSeq) {
    return fail("range", `seq ${seq} lies outside the committed range [${fromSeq}, ${cpSeq}]`);
  }

  // 5. the checkpoint's register, from its transaction's calldata (read above)
  if (reading.cumulative > cp.reading.cumulative) {
    return fail("register", `the raw register ${reading.cumulative} exceeds the checkpoint's ${cp.reading.cumulative}: it cannot precede the checkpoint`);
  }
  if (reading.timestamp > cp.reading.timestamp) {
    return fail("register", `the raw reading's time ${reading.timestamp} is after the checkpoint's ${cp.reading.timestamp}`);
  }

  const block = ev.blockNumber;
  const when = new Date(Number(reading.timestamp) * 1000).toISOString();
  return {
    ok: true,
    text: [
      `VALID: raw reading seq ${seq} of device ${device} (register ${reading.cumulative} at ${when}) is signed by the device,`,
      `and is one of the ${count} raw readings [seq ${fromSeq}…${cpSeq}] committed on chain with checkpoint seq ${cpSeq}`,
      `(register ${cp.reading.cumulative}): root ${root}, committed by ${who}, tx ${ev.txHash}, block ${block}.`,
    ].join("\n"),
  };
}
