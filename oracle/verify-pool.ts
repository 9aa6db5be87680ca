/**
 * Signature checks off the main thread: a pool of worker threads (verify-worker.ts), each running
 * the same ReadingVerifier. Recovery (≈ 70 µs in libsecp256k1) and the digest's keccaks are most
 * of a reading's CPU; in workers they run beside the event loop that does MQTT, decoding and
 * SQLite. Requests made in one turn of the event loop go to a worker as one batch (one message
 * each way), round robin over the workers. Answers are exactly the main-thread verifier's.
 */
import { Worker } from "node:worker_threads";
import type { CompactSignature } from "../sdk/readings.js";
import type { Reading, TypedDataDomain } from "../sdk/typed-data.js";
import type { RecoveryBackend } from "./signature.js";
import type { VerifyBatch } from "./verify-worker.js";

interface Pending {
  items: VerifyBatch["items"];
  waiters: { resolve: (ok: boolean) => void; reject: (e: unknown) => void }[];
}

export class VerifyPool {
  private readonly workers: Worker[];
  private next = 0;
  private batchId = 0;
  private queued: Pending | undefined;
  private readonly inFlight = new Map<number, Pending>();
  private closed = false;

  constructor(
    domain: TypedDataDomain,
    readonly size: number,
    readonly backend: RecoveryBackend,
  ) {
    if (!(size >= 1)) throw new RangeError("a verify pool needs at least one worker");
    this.workers = Array.from({ length: size }, () => {
      const w = new Worker(new URL("./verify-worker.ts", import.meta.url), {
        workerData: { domain, backend },
        // The worker is TypeScript, like the rest of the oracle: loaded through tsx.
        execArgv: ["--import", "tsx"],
      });
      w.on("message", (m: { id: number; ok: Uint8Array }) => {
        const p = this.inFlight.get(m.id);
        if (!p) return;
        this.inFlight.delete(m.id);
        p.waiters.forEach((w, i) => w.resolve(m.ok[i] === 1));
      });
      w.on("error", (err) => this.fail(err));
      w.on("exit", (code) => {
        if (!this.closed) this.fail(new Error(`signature worker exited (${code})`));
      });
      w.unref();
      return w;
    });
  }

  /** True if `reading` was signed by its own device key (as ReadingVerifier.isSignedByDevice). */
  isSignedByDevice(reading: Reading, signature: CompactSignature): Promise<boolean> {
    if (this.closed) return Promise.reject(new Error("verify pool closed"));
    if (!this.queued) {
      this.queued = { items: [], waiters: [] };
      setImmediate(() => this.send());
    }
    const q = this.queued;
    q.items.push({ reading, signature });
    return new Promise((resolve, reject) => q.waiters.push({ resolve, reject }));
  }

  private send(): void {
    const q = this.queued;
    this.queued = undefined;
    if (!q || q.items.length === 0) return;
    const id = ++this.batchId;
    this.inFlight.set(id, q);
    this.workers[this.next++ % this.workers.length]!.postMessage({ id, items: q.items } satisfies VerifyBatch);
  }

  /** A worker failed: everything waiting is refused with the error (the messages are redelivered). */
  private fail(err: unknown): void {
    for (const p of this.inFlight.values()) for (const w of p.waiters) w.reject(err);
    this.inFlight.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.fail(new Error("verify pool closed"));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
