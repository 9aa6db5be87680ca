/**
 * A signature-check worker thread (verify-pool.ts): receives batches of readings with their
 * signatures, answers for each whether its device key signed it (ReadingVerifier, the same code
 * as on the main thread: EIP-712 digest, libsecp256k1 recovery, low-s and range checks).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { CompactSignature } from "../sdk/readings.js";
import type { Reading, TypedDataDomain } from "../sdk/typed-data.js";
import { ReadingVerifier, type RecoveryBackend } from "./signature.js";

export interface VerifyBatch {
  id: number;
  items: { reading: Reading; signature: CompactSignature }[];
}

const { domain, backend } = workerData as { domain: TypedDataDomain; backend: RecoveryBackend };
const verifier = new ReadingVerifier(domain, { backend });
parentPort!.on("message", (batch: VerifyBatch) => {
  const ok = new Uint8Array(batch.items.length);
  batch.items.forEach((it, i) => (ok[i] = verifier.isSignedByDevice(it.reading, it.signature) ? 1 : 0));
  parentPort!.postMessage({ id: batch.id, ok }, [ok.buffer]);
});
