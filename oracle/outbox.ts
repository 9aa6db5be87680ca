/**
 * The durable outbox: every validated reading is committed here before its MQTT message is
 * acknowledged, and stays, with its signature, for good. A few small stores over one SQLite
 * database (store/): the reading queue (store/reading-queue.ts: held → checkpoint → on chain, or
 * raw), the batch journal (store/batch-journal.ts: each transaction recorded, with its signed
 * bytes, before it is broadcast), adapter register state and key-value meta; the schema comes
 * from numbered migrations (store/migrations.ts, `PRAGMA user_version`). This class keeps what
 * spans them — one transaction for a reading and its adapter state, for a batch and its
 * readings — plus the device heads the validator reads at every message and the group commit
 * (many staged readings per transaction). A crash at any point is recovered by re-broadcasting or
 * re-queueing — never by losing or duplicating a reading.
 */
import { GroupCommit } from "./group-commit.js";
import type { Reading } from "../sdk/typed-data.js";
import type { CompactSignature } from "../sdk/readings.js";
import type { RawCommitment } from "../sdk/raw-series.js";
import { AdapterStateStore, type AdapterState } from "./store/adapter-state.js";
import { BatchJournal, type SentBatch } from "./store/batch-journal.js";
import { MetaStore } from "./store/meta.js";
import { OUTBOX_MIGRATIONS } from "./store/migrations.js";
import { ReadingQueue, type DeviceHead, type NewReading, type OutboxReading, type ReadingStatus } from "./store/reading-queue.js";
import { isUniqueViolation, openDatabase, type Db } from "./store/sqlite.js";

export type { AdapterState } from "./store/adapter-state.js";
export type { SentBatch } from "./store/batch-journal.js";
export { CHECKPOINT_STATUSES, type DeviceHead, type OutboxReading, type ReadingStatus } from "./store/reading-queue.js";
export { isUniqueViolation } from "./store/sqlite.js";

export class DuplicateReadingError extends Error {}

/** A validated reading staged for the next group commit. */
interface StagedReading extends NewReading {
  adapter?: AdapterState;
}

/**
 * What `insert` and `stage` take: a validated reading and its signature, whether the operator
 * attested it, when it arrived (unix ms), an operator-attested device's new register state, and
 * the plausibility credit left after it (kept with a new head).
 */
type StoreArgs = [reading: Reading, signature: CompactSignature, operatorAttested: boolean, receivedAt: number, adapter?: AdapterState, credit?: bigint];

const staged = ([reading, signature, operatorAttested, receivedAt, adapter, credit]: StoreArgs): StagedReading => ({
  device: reading.device.toLowerCase(),
  reading,
  signature,
  operatorAttested,
  receivedAt,
  adapter,
  credit,
});

export class Outbox {
  readonly db: Db;
  private readonly readings: ReadingQueue;
  private readonly batches: BatchJournal;
  private readonly adapters: AdapterStateStore;
  private readonly meta: MetaStore;
  private readonly heads = new Map<string, DeviceHead>();
  /** Plausibility credit carried at each device's head (rate-seconds, see plausibility.ts). */
  private readonly credits = new Map<string, bigint | undefined>();
  /** Adapter register state staged with a reading whose transaction has not committed yet. */
  private readonly stagedAdapter = new Map<string, AdapterState>();
  /** Readings staged by `stage`, committed many per transaction. */
  private readonly group: GroupCommit<StagedReading, number>;

  constructor(dataDir: string, sync: "NORMAL" | "FULL" = "NORMAL", groupMax = 1024) {
    this.db = openDatabase(dataDir, sync, OUTBOX_MIGRATIONS);
    this.readings = new ReadingQueue(this.db);
    this.batches = new BatchJournal(this.db);
    this.adapters = new AdapterStateStore(this.db);
    this.meta = new MetaStore(this.db);
    this.group = new GroupCommit((rows) => this.commitStaged(rows), {
      maxItems: groupMax,
      // Nothing of the group was written: forget what it had advanced (reloaded from the database).
      onFailure: () => {
        this.heads.clear();
        this.credits.clear();
      },
    });
  }

  /** The newest reading the outbox holds for `device` (any status), or undefined. */
  head(device: string): DeviceHead | undefined {
    const key = device.toLowerCase();
    const cached = this.heads.get(key);
    if (cached) return cached;
    const stored = this.readings.head(key);
    if (!stored) return undefined;
    this.heads.set(key, stored.head);
    this.credits.set(key, stored.credit);
    return stored.head;
  }

  /**
   * The plausibility credit stored with `device`'s head reading (rate-seconds), or undefined if
   * the device has no reading here or its head carries none (a row from before the allowance).
   */
  headCredit(device: string): bigint | undefined {
    const key = device.toLowerCase();
    if (!this.heads.has(key) && !this.head(key)) return undefined;
    return this.credits.get(key);
  }

  /**
   * The newest checkpoint of `device` (queued, in a transaction, final or failed): nothing at or
   * below its seq can be submitted or committed any more.
   */
  submittedHead(device: string): DeviceHead | undefined {
    this.flush();
    return this.readings.submittedHead(device.toLowerCase());
  }

  /** The stored readings of `device` just before and just after `seq` (any status). */
  neighbours(device: string, seq: bigint): { before?: DeviceHead; after?: DeviceHead } {
    this.flush();
    return this.readings.neighbours(device.toLowerCase(), seq);
  }

  adapterState(device: string): AdapterState | undefined {
    const key = device.toLowerCase();
    return this.stagedAdapter.get(key) ?? this.adapters.get(key);
  }

  /**
   * Commits a validated reading (and, for operator-attested readings, the adapter's new register
   * state) in one transaction, now (after anything staged). Throws DuplicateReadingError if
   * (device, seq) is already stored. `credit` is the plausibility credit left after this reading
   * (kept with a new head).
   */
  insert(...args: StoreArgs): number {
    this.flush();
    const row = staged(args);
    const [result] = this.commitStaged([row]);
    if (result instanceof Error) throw result;
    this.advanceHead(row.device, row.reading, row.credit);
    return result!;
  }

  /**
   * Stages a validated reading (and adapter state) for the next group commit: many readings share
   * one transaction. Resolves with its row id once that transaction committed; rejects with
   * DuplicateReadingError if (device, seq) was already stored, or with the error that failed the
   * transaction. Until then, `head`, `headCredit` and `adapterState` already answer with it (the
   * next reading of the device is validated against it), and every other read commits the
   * staged readings first, so no reader sees less than was staged.
   */
  stage(...args: StoreArgs): Promise<number> {
    const row = staged(args);
    this.head(row.device); // the committed head is cached before a staged one can replace it
    this.advanceHead(row.device, row.reading, row.credit);
    if (row.adapter) this.stagedAdapter.set(row.device, row.adapter);
    return this.group.add(row);
  }

  /** Commits the staged readings now (also done before every read that needs the database). */
  flush(): void {
    this.group.flush();
  }

  /** A late reading (older seq) is stored too, but the head stays the newest one. */
  private advanceHead(device: string, reading: Reading, credit: bigint | undefined) {
    const cached = this.heads.get(device);
    if (!cached || reading.seq > cached.seq) {
      this.heads.set(device, { seq: reading.seq, timestamp: reading.timestamp, cumulative: reading.cumulative });
      this.credits.set(device, credit);
    }
  }

  /** Writes `rows` in one transaction: a row id each, or a DuplicateReadingError for a (device, seq) already stored. */
  private commitStaged(rows: readonly StagedReading[]): (number | Error)[] {
    const duplicates = new Set<string>();
    try {
      return this.db.transaction(() =>
        rows.map((row) => {
          try {
            const id = this.readings.insert(row);
            if (row.adapter) this.adapters.put(row.device, row.adapter);
            return id;
          } catch (err) {
            // A constraint failure undoes this statement only; the rest of the group commits.
            if (!isUniqueViolation(err)) throw err;
            duplicates.add(row.device);
            return new DuplicateReadingError(`${row.device} seq ${row.reading.seq} already stored`);
          }
        }),
      )();
    } finally {
      this.stagedAdapter.clear();
      // A refused duplicate may have advanced its device's cached head: reload it from the database.
      for (const d of duplicates) {
        this.heads.delete(d);
        this.credits.delete(d);
      }
    }
  }

  /**
   * Up to `limit` queued readings: devices in the order their oldest queued reading arrived,
   * each device's readings in seq order (a late reading leaves before the newer ones).
   */
  queued(limit: number): OutboxReading[] {
    this.flush();
    return this.readings.queued(limit);
  }

  /** Arrival time (ms) of the oldest queued reading, or undefined if none is queued. */
  oldestQueuedAt(): number | undefined {
    this.flush();
    return this.readings.oldestQueuedAt();
  }

  /** Arrival time (ms) of the oldest reading not yet final, or undefined. */
  oldestOpenAt(): number | undefined {
    this.flush();
    return this.readings.oldestOpenAt();
  }

  /** Records a signed transaction carrying `readingIds` before it is broadcast. */
  recordBatch(
    readingIds: readonly number[],
    tx: { nonce: number; hash: string; raw: string; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint },
  ): number {
    return this.db.transaction(() => {
      const batchId = this.batches.record(tx.nonce, tx);
      for (const id of readingIds) this.readings.markSent(batchId, id);
      return batchId;
    })();
  }

  /** Adds a fee-bumped replacement (same nonce) to a batch. */
  recordReplacement(batch: SentBatch, tx: { hash: string; raw: string; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }) {
    this.db.transaction(() => this.batches.recordReplacement(batch, tx))();
  }

  openBatches(): SentBatch[] {
    return this.batches.open();
  }

  batchReadings(batchId: number): OutboxReading[] {
    return this.readings.ofBatch(batchId);
  }

  markMined(batchId: number, block: number | null, blockHash: string | null) {
    this.batches.markMined(batchId, block, blockHash);
  }

  /**
   * Closes a batch final: each reading gets its on-chain outcome ("accepted" or a reject reason).
   * Readings the receipt does not mention are re-queued.
   */
  finalizeBatch(
    batchId: number,
    gasUsed: bigint,
    outcomes: ReadonlyMap<number, string>,
    maxAttempts: number,
    mined?: { txHash: string; committed: ReadonlyMap<number, string> },
  ) {
    this.db.transaction(() => {
      for (const [id, outcome] of outcomes) this.readings.setOutcome(id, batchId, outcome);
      if (mined) {
        this.readings.setBookedBy(batchId, mined.txHash);
        for (const [id, root] of mined.committed) this.readings.setCommittedRoot(id, root);
      }
      this.readings.requeue(batchId, maxAttempts);
      this.batches.close(batchId, "final", gasUsed);
    })();
  }

  /** Puts a batch's readings back in the queue (reverted, dropped or reorged-out transaction). */
  requeueBatch(batchId: number, why: "reverted" | "dropped", maxAttempts: number) {
    this.db.transaction(() => {
      this.readings.requeue(batchId, maxAttempts);
      this.batches.close(batchId, why, null);
    })();
  }

  /** Devices with held (undecided raw) readings. */
  heldDevices(): string[] {
    this.flush();
    return this.readings.heldDevices();
  }

  /** Held readings of `device`, in seq order. */
  held(device: string): OutboxReading[] {
    this.flush();
    return this.readings.held(device.toLowerCase());
  }

  /**
   * Makes held reading (device, seq) a checkpoint with `commitment`, and files the held readings
   * of its series (seq in [commitment.fromSeq, seq)) under it, in one transaction.
   */
  makeCheckpoint(device: string, seq: bigint, commitment: RawCommitment, reason: string): void {
    this.db.transaction(() => this.readings.makeCheckpoint(device.toLowerCase(), seq, commitment, reason))();
  }

  /** Files a held reading that arrived after a newer checkpoint of its device: kept, never committed. */
  fileLate(device: string, seq: bigint): void {
    this.readings.fileLate(device.toLowerCase(), seq);
  }

  /** The raw series of checkpoint (device, seq), in seq order (the checkpoint last). */
  series(device: string, checkpointSeq: bigint): OutboxReading[] {
    this.flush();
    return this.readings.series(device.toLowerCase(), checkpointSeq);
  }

  /** The stored reading (device, seq), if any. */
  reading(device: string, seq: bigint): OutboxReading | undefined {
    this.flush();
    return this.readings.reading(device.toLowerCase(), seq);
  }

  /** Up to `limit` stored readings of `device` with timestamp in [from, to] and seq > afterSeq, in seq order. */
  rawRange(device: string, from: bigint, to: bigint, afterSeq: bigint, limit: number): OutboxReading[] {
    this.flush();
    return this.readings.rawRange(device.toLowerCase(), from, to, afterSeq, limit);
  }

  counts(): Record<ReadingStatus, number> {
    this.flush();
    return this.readings.counts();
  }

  /**
   * Readings held (not yet filed under a checkpoint): a range of the status index, so it stays
   * cheap when the outbox holds millions of raw readings (counts() scans them all).
   */
  heldCount(): number {
    this.flush();
    return this.readings.heldCount();
  }

  outcomes(): Record<string, number> {
    this.flush();
    return this.readings.outcomes();
  }

  lastConfirmedBlock(): number | undefined {
    return this.batches.lastConfirmedBlock();
  }

  getMeta(key: string): string | undefined {
    return this.meta.get(key);
  }

  setMeta(key: string, value: string) {
    this.meta.set(key, value);
  }

  close() {
    if (this.db.open) this.flush();
    if (this.db.open) this.db.close();
  }
}
