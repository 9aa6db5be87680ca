/**
 * The durable outbox (SQLite, WAL): every validated reading is committed here before its MQTT
 * message is acknowledged, and stays, with its signature, for good. A raw reading is `held` until
 * the checkpoint planner (checkpoints.ts) either makes it a checkpoint (`queued` → `sent` →
 * `accepted` / `rejected` / `failed`, with the commitment of the raw series it summarises) or
 * files it under the next checkpoint of its device (`raw`, never sent). Transactions
 * (with their signed raw bytes) are recorded before they are broadcast, so a crash at any point
 * is recovered by re-broadcasting or re-queueing — never by losing or duplicating a reading.
 *
 * Numbers wider than 2^53 (seq uint64, cumulative uint128) are stored as zero-padded decimal
 * text so that SQL ordering and comparison stay exact.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { GroupCommit } from "./group-commit.js";
import type { Reading } from "../sdk/typed-data.js";
import type { CompactSignature } from "../sdk/readings.js";
import type { RawCommitment } from "../sdk/raw-series.js";

const pad = (v: bigint, width: number) => v.toString().padStart(width, "0");

function toHead(row: unknown): DeviceHead | undefined {
  const r = row as { seq: string; timestamp: string; cumulative: string } | undefined;
  return r && { seq: BigInt(r.seq), timestamp: BigInt(r.timestamp), cumulative: BigInt(r.cumulative) };
}
const SEQ_W = 20; // uint64
const CUM_W = 39; // uint128

/**
 * held: raw, not yet decided; raw: summarised by checkpoint `checkpointSeq`, never goes on chain;
 * queued → sent → accepted | rejected | failed: a checkpoint on its way to the chain.
 */
export type ReadingStatus = "held" | "raw" | "queued" | "sent" | "accepted" | "rejected" | "failed";
/** The statuses of checkpoints (readings that go on chain). */
export const CHECKPOINT_STATUSES = ["queued", "sent", "accepted", "rejected", "failed"] as const;

export interface OutboxReading {
  id: number;
  reading: Reading;
  signature: CompactSignature;
  operatorAttested: boolean;
  receivedAt: number;
  status: ReadingStatus;
  batchId: number | null;
  /** Seq of the checkpoint whose raw series holds this reading (its own seq for a checkpoint). */
  checkpointSeq: bigint | null;
  /** A checkpoint's commitment of its raw series (undefined for raw readings). */
  commitment?: RawCommitment;
  /** Why it became a checkpoint (checkpoints.ts CheckpointReason). */
  checkpointReason: string | null;
  /** On-chain outcome ("accepted" or the reject reason) once final. */
  outcome: string | null;
  /** Transaction that booked it (checkpoints, once final). */
  txHash: string | null;
  /** Root its checkpoint call committed on chain (CheckpointsCommitted + calldata), once final. */
  committedRoot: string | null;
}

export interface DeviceHead {
  seq: bigint;
  timestamp: bigint;
  cumulative: bigint;
}

/** Register state an adapter keeps per operator-attested device (see adapters/register.ts). */
export interface AdapterState {
  /** Raw register value last seen, in the adapter's raw unit. */
  lastRaw: bigint;
  /** Sum of registers lost to resets, in raw units. */
  offset: bigint;
  /** Last seq the operator signed for this device. */
  seq: bigint;
}

export interface SentBatch {
  id: number;
  nonce: number;
  txHashes: string[];
  rawTxs: string[];
  sentAt: number;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  attempts: number;
  minedBlock: number | null;
  minedBlockHash: string | null;
}

interface ReadingRow {
  id: number;
  device: string;
  seq: string;
  timestamp: string;
  cumulative: string;
  r: string;
  vs: string;
  attested: number;
  received_at: number;
  status: ReadingStatus;
  batch_id: number | null;
  checkpoint_seq: string | null;
  cp_root: string | null;
  cp_count: number | null;
  cp_from: string | null;
  cp_reason: string | null;
  outcome: string | null;
  tx_hash: string | null;
  committed_root: string | null;
}

interface BatchRow {
  id: number;
  nonce: number;
  tx_hashes: string;
  raw_txs: string;
  sent_at: number;
  max_fee: string;
  max_priority_fee: string;
  attempts: number;
  mined_block: number | null;
  mined_block_hash: string | null;
}

function toReading(row: ReadingRow): OutboxReading {
  return {
    id: row.id,
    reading: {
      device: row.device as `0x${string}`,
      seq: BigInt(row.seq),
      timestamp: BigInt(row.timestamp),
      cumulative: BigInt(row.cumulative),
    },
    signature: { r: row.r as `0x${string}`, vs: row.vs as `0x${string}` },
    operatorAttested: row.attested === 1,
    receivedAt: row.received_at,
    status: row.status,
    batchId: row.batch_id,
    checkpointSeq: row.checkpoint_seq === null ? null : BigInt(row.checkpoint_seq),
    commitment:
      row.cp_root === null ? undefined : { root: row.cp_root as `0x${string}`, count: row.cp_count!, fromSeq: BigInt(row.cp_from!) },
    checkpointReason: row.cp_reason,
    outcome: row.outcome,
    txHash: row.tx_hash,
    committedRoot: row.committed_root,
  };
}

function toBatch(row: BatchRow): SentBatch {
  return {
    id: row.id,
    nonce: row.nonce,
    txHashes: JSON.parse(row.tx_hashes) as string[],
    rawTxs: JSON.parse(row.raw_txs) as string[],
    sentAt: row.sent_at,
    maxFeePerGas: BigInt(row.max_fee),
    maxPriorityFeePerGas: BigInt(row.max_priority_fee),
    attempts: row.attempts,
    minedBlock: row.mined_block,
    minedBlockHash: row.mined_block_hash,
  };
}

export class DuplicateReadingError extends Error {}

/** True for a UNIQUE (or PRIMARY KEY) violation, by its SQLite extended result code. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** A validated reading staged for the next group commit. */
interface StagedReading {
  device: string;
  reading: Reading;
  signature: CompactSignature;
  operatorAttested: boolean;
  receivedAt: number;
  adapter?: AdapterState;
  credit?: bigint;
}

export class Outbox {
  readonly db: Database.Database;
  private readonly heads = new Map<string, DeviceHead>();
  /** Plausibility credit carried at each device's head (rate-seconds, see plausibility.ts). */
  private readonly credits = new Map<string, bigint | undefined>();
  /** Adapter register state staged with a reading whose transaction has not committed yet. */
  private readonly stagedAdapter = new Map<string, AdapterState>();
  /** Readings staged by `stage`, committed many per transaction. */
  private readonly group: GroupCommit<StagedReading, number>;
  private readonly stmts;

  constructor(dataDir: string, sync: "NORMAL" | "FULL" = "NORMAL", groupMax = 1024) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, "outbox.sqlite"));
    this.db.pragma("journal_mode = WAL");
    this.db.pragma(`synchronous = ${sync}`);
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS readings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        device TEXT NOT NULL,
        seq TEXT NOT NULL,
        timestamp TEXT NOT NULL,
        cumulative TEXT NOT NULL,
        r TEXT NOT NULL,
        vs TEXT NOT NULL,
        attested INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'queued',
        batch_id INTEGER,
        outcome TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        credit TEXT,
        UNIQUE (device, seq)
      );
      CREATE INDEX IF NOT EXISTS readings_status ON readings (status, id);
      CREATE INDEX IF NOT EXISTS readings_batch ON readings (batch_id);
      CREATE TABLE IF NOT EXISTS batches (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        nonce INTEGER NOT NULL,
        tx_hashes TEXT NOT NULL,
        raw_txs TEXT NOT NULL,
        sent_at INTEGER NOT NULL,
        max_fee TEXT NOT NULL,
        max_priority_fee TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1,
        status TEXT NOT NULL DEFAULT 'sent',
        mined_block INTEGER,
        mined_block_hash TEXT,
        gas_used TEXT
      );
      CREATE INDEX IF NOT EXISTS batches_status ON batches (status);
      CREATE TABLE IF NOT EXISTS adapter_state (
        device TEXT PRIMARY KEY,
        last_raw TEXT NOT NULL,
        offset TEXT NOT NULL,
        seq TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    // Data dirs from before the plausibility allowance: add its column (NULL = no credit carried).
    const columns = this.db.prepare(`PRAGMA table_info(readings)`).all() as { name: string }[];
    if (!columns.some((c) => c.name === "credit")) this.db.exec(`ALTER TABLE readings ADD COLUMN credit TEXT`);
    // Data dirs from before checkpoints: their readings were all checkpoints (commitment built at send).
    for (const [name, type] of [
      ["checkpoint_seq", "TEXT"], ["cp_root", "TEXT"], ["cp_count", "INTEGER"], ["cp_from", "TEXT"],
      ["cp_reason", "TEXT"], ["tx_hash", "TEXT"], ["committed_root", "TEXT"],
    ] as const) {
      if (!columns.some((c) => c.name === name)) this.db.exec(`ALTER TABLE readings ADD COLUMN ${name} ${type}`);
    }
    this.stmts = {
      insert: this.db.prepare(
        `INSERT INTO readings (device, seq, timestamp, cumulative, r, vs, attested, received_at, credit, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'held')`,
      ),
      head: this.db.prepare(
        `SELECT seq, timestamp, cumulative, credit FROM readings WHERE device = ? ORDER BY seq DESC LIMIT 1`,
      ),
      // Devices in the order their oldest queued reading arrived; each device's readings in seq
      // order, so a late reading (an older seq arriving after a newer one) still leaves first.
      queued: this.db.prepare(
        `SELECT r.* FROM readings r
         JOIN (SELECT device, MIN(id) AS first FROM readings WHERE status = 'queued' GROUP BY device) f ON f.device = r.device
         WHERE r.status = 'queued' ORDER BY f.first, r.seq LIMIT ?`,
      ),
      submittedHead: this.db.prepare(
        `SELECT seq, timestamp, cumulative FROM readings WHERE device = ? AND status NOT IN ('held', 'raw') ORDER BY seq DESC LIMIT 1`,
      ),
      before: this.db.prepare(
        `SELECT seq, timestamp, cumulative FROM readings WHERE device = ? AND seq < ? ORDER BY seq DESC LIMIT 1`,
      ),
      after: this.db.prepare(
        `SELECT seq, timestamp, cumulative FROM readings WHERE device = ? AND seq > ? ORDER BY seq ASC LIMIT 1`,
      ),
      oldestQueued: this.db.prepare(`SELECT received_at FROM readings WHERE status = 'queued' ORDER BY id LIMIT 1`),
      oldestOpen: this.db.prepare(
        `SELECT MIN(received_at) AS t FROM readings WHERE status IN ('queued', 'sent')`,
      ),
      heldDevices: this.db.prepare(`SELECT DISTINCT device FROM readings WHERE status = 'held'`),
      held: this.db.prepare(`SELECT * FROM readings WHERE device = ? AND status = 'held' ORDER BY seq`),
      makeCheckpoint: this.db.prepare(
        `UPDATE readings SET status = 'queued', checkpoint_seq = seq, cp_root = ?, cp_count = ?, cp_from = ?, cp_reason = ?
         WHERE device = ? AND seq = ? AND status = 'held'`,
      ),
      fileRaw: this.db.prepare(
        `UPDATE readings SET status = 'raw', checkpoint_seq = ? WHERE device = ? AND seq >= ? AND seq < ? AND status = 'held'`,
      ),
      fileLate: this.db.prepare(
        `UPDATE readings SET status = 'raw', outcome = 'AfterCheckpoint' WHERE device = ? AND seq = ? AND status = 'held'`,
      ),
      series: this.db.prepare(`SELECT * FROM readings WHERE device = ? AND checkpoint_seq = ? ORDER BY seq`),
      rawRange: this.db.prepare(
        `SELECT * FROM readings WHERE device = ? AND timestamp >= ? AND timestamp <= ? AND seq > ? ORDER BY seq LIMIT ?`,
      ),
      checkpointRow: this.db.prepare(`SELECT * FROM readings WHERE device = ? AND seq = ?`),
      setTx: this.db.prepare(`UPDATE readings SET tx_hash = ? WHERE batch_id = ? AND status = 'accepted'`),
      setCommitted: this.db.prepare(`UPDATE readings SET committed_root = ? WHERE id = ?`),
      countStatus: this.db.prepare(`SELECT status, COUNT(*) AS n FROM readings GROUP BY status`),
      countHeld: this.db.prepare(`SELECT COUNT(*) AS n FROM readings WHERE status = 'held'`),
      insertBatch: this.db.prepare(
        `INSERT INTO batches (nonce, tx_hashes, raw_txs, sent_at, max_fee, max_priority_fee) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      markSent: this.db.prepare(
        `UPDATE readings SET status = 'sent', batch_id = ?, attempts = attempts + 1 WHERE id = ? AND status = 'queued'`,
      ),
      openBatches: this.db.prepare(`SELECT * FROM batches WHERE status = 'sent' ORDER BY nonce`),
      batchReadings: this.db.prepare(`SELECT * FROM readings WHERE batch_id = ? ORDER BY id`),
      replace: this.db.prepare(
        `UPDATE batches SET tx_hashes = ?, raw_txs = ?, max_fee = ?, max_priority_fee = ?, attempts = attempts + 1, sent_at = ? WHERE id = ?`,
      ),
      mined: this.db.prepare(`UPDATE batches SET mined_block = ?, mined_block_hash = ? WHERE id = ?`),
      closeBatch: this.db.prepare(`UPDATE batches SET status = ?, gas_used = ? WHERE id = ?`),
      setOutcome: this.db.prepare(
        `UPDATE readings SET status = ?, outcome = ? WHERE id = ? AND status = 'sent' AND batch_id = ?`,
      ),
      requeue: this.db.prepare(
        `UPDATE readings SET status = CASE WHEN attempts >= ? THEN 'failed' ELSE 'queued' END, batch_id = NULL
         WHERE batch_id = ? AND status = 'sent'`,
      ),
      adapterGet: this.db.prepare(`SELECT last_raw, offset, seq FROM adapter_state WHERE device = ?`),
      adapterPut: this.db.prepare(
        `INSERT INTO adapter_state (device, last_raw, offset, seq) VALUES (?, ?, ?, ?)
         ON CONFLICT (device) DO UPDATE SET last_raw = excluded.last_raw, offset = excluded.offset, seq = excluded.seq`,
      ),
      metaGet: this.db.prepare(`SELECT value FROM meta WHERE key = ?`),
      metaPut: this.db.prepare(
        `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      ),
      lastConfirmed: this.db.prepare(`SELECT MAX(mined_block) AS b FROM batches WHERE status = 'final'`),
      outcomes: this.db.prepare(`SELECT outcome, COUNT(*) AS n FROM readings WHERE outcome IS NOT NULL GROUP BY outcome`),
    };
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
    const row = this.stmts.head.get(key) as
      | { seq: string; timestamp: string; cumulative: string; credit: string | null }
      | undefined;
    if (!row) return undefined;
    const head = { seq: BigInt(row.seq), timestamp: BigInt(row.timestamp), cumulative: BigInt(row.cumulative) };
    this.heads.set(key, head);
    this.credits.set(key, row.credit === null ? undefined : BigInt(row.credit));
    return head;
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
    return toHead(this.stmts.submittedHead.get(device.toLowerCase()));
  }

  /** The stored readings of `device` just before and just after `seq` (any status). */
  neighbours(device: string, seq: bigint): { before?: DeviceHead; after?: DeviceHead } {
    this.flush();
    const key = device.toLowerCase();
    const s = pad(seq, SEQ_W);
    return { before: toHead(this.stmts.before.get(key, s)), after: toHead(this.stmts.after.get(key, s)) };
  }

  adapterState(device: string): AdapterState | undefined {
    const staged = this.stagedAdapter.get(device.toLowerCase());
    if (staged) return staged;
    const row = this.stmts.adapterGet.get(device.toLowerCase()) as
      | { last_raw: string; offset: string; seq: string }
      | undefined;
    return row && { lastRaw: BigInt(row.last_raw), offset: BigInt(row.offset), seq: BigInt(row.seq) };
  }

  /**
   * Commits a validated reading (and, for operator-attested readings, the adapter's new register
   * state) in one transaction, now (after anything staged). Throws DuplicateReadingError if
   * (device, seq) is already stored. `credit` is the plausibility credit left after this reading
   * (kept with a new head).
   */
  insert(
    reading: Reading,
    signature: CompactSignature,
    operatorAttested: boolean,
    receivedAt: number,
    adapter?: AdapterState,
    credit?: bigint,
  ): number {
    this.flush();
    const [result] = this.commitStaged([{ device: reading.device.toLowerCase(), reading, signature, operatorAttested, receivedAt, adapter, credit }]);
    if (result instanceof Error) throw result;
    this.advanceHead(reading.device.toLowerCase(), reading, credit);
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
  stage(
    reading: Reading,
    signature: CompactSignature,
    operatorAttested: boolean,
    receivedAt: number,
    adapter?: AdapterState,
    credit?: bigint,
  ): Promise<number> {
    const device = reading.device.toLowerCase();
    this.head(device); // the committed head is cached before a staged one can replace it
    this.advanceHead(device, reading, credit);
    if (adapter) this.stagedAdapter.set(device, adapter);
    return this.group.add({ device, reading, signature, operatorAttested, receivedAt, adapter, credit });
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
          const { device, reading, signature } = row;
          try {
            const info = this.stmts.insert.run(
              device,
              pad(reading.seq, SEQ_W),
              pad(reading.timestamp, SEQ_W),
              pad(reading.cumulative, CUM_W),
              signature.r,
              signature.vs,
              row.operatorAttested ? 1 : 0,
              row.receivedAt,
              row.credit === undefined ? null : row.credit.toString(),
            );
            if (row.adapter) {
              this.stmts.adapterPut.run(device, row.adapter.lastRaw.toString(), row.adapter.offset.toString(), row.adapter.seq.toString());
            }
            return Number(info.lastInsertRowid);
          } catch (err) {
            // A constraint failure undoes this statement only; the rest of the group commits.
            if (!isUniqueViolation(err)) throw err;
            duplicates.add(device);
            return new DuplicateReadingError(`${device} seq ${reading.seq} already stored`);
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
    return (this.stmts.queued.all(limit) as ReadingRow[]).map(toReading);
  }

  /** Arrival time (ms) of the oldest queued reading, or undefined if none is queued. */
  oldestQueuedAt(): number | undefined {
    this.flush();
    return (this.stmts.oldestQueued.get() as { received_at: number } | undefined)?.received_at;
  }

  /** Arrival time (ms) of the oldest reading not yet final, or undefined. */
  oldestOpenAt(): number | undefined {
    this.flush();
    return (this.stmts.oldestOpen.get() as { t: number | null }).t ?? undefined;
  }

  /** Records a signed transaction carrying `readingIds` before it is broadcast. */
  recordBatch(
    readingIds: readonly number[],
    tx: { nonce: number; hash: string; raw: string; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint },
  ): number {
    return this.db.transaction(() => {
      const batchId = Number(
        this.stmts.insertBatch.run(
          tx.nonce,
          JSON.stringify([tx.hash]),
          JSON.stringify([tx.raw]),
          Date.now(),
          tx.maxFeePerGas.toString(),
          tx.maxPriorityFeePerGas.toString(),
        ).lastInsertRowid,
      );
      for (const id of readingIds) this.stmts.markSent.run(batchId, id);
      return batchId;
    })();
  }

  /** Adds a fee-bumped replacement (same nonce) to a batch. */
  recordReplacement(batch: SentBatch, tx: { hash: string; raw: string; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }) {
    this.stmts.replace.run(
      JSON.stringify([...batch.txHashes, tx.hash]),
      JSON.stringify([...batch.rawTxs, tx.raw]),
      tx.maxFeePerGas.toString(),
      tx.maxPriorityFeePerGas.toString(),
      Date.now(),
      batch.id,
    );
  }

  openBatches(): SentBatch[] {
    return (this.stmts.openBatches.all() as BatchRow[]).map(toBatch);
  }

  batchReadings(batchId: number): OutboxReading[] {
    return (this.stmts.batchReadings.all(batchId) as ReadingRow[]).map(toReading);
  }

  markMined(batchId: number, block: number | null, blockHash: string | null) {
    this.stmts.mined.run(block, blockHash, batchId);
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
      for (const [id, outcome] of outcomes) {
        this.stmts.setOutcome.run(outcome === "accepted" ? "accepted" : "rejected", outcome, id, batchId);
      }
      if (mined) {
        this.stmts.setTx.run(mined.txHash, batchId);
        for (const [id, root] of mined.committed) this.stmts.setCommitted.run(root, id);
      }
      this.stmts.requeue.run(maxAttempts, batchId);
      this.stmts.closeBatch.run("final", gasUsed.toString(), batchId);
    })();
  }

  /** Puts a batch's readings back in the queue (reverted, dropped or reorged-out transaction). */
  requeueBatch(batchId: number, why: "reverted" | "dropped", maxAttempts: number) {
    this.db.transaction(() => {
      this.stmts.requeue.run(maxAttempts, batchId);
      this.stmts.closeBatch.run(why, null, batchId);
    })();
  }

  /** Devices with held (undecided raw) readings. */
  heldDevices(): string[] {
    this.flush();
    return (this.stmts.heldDevices.all() as { device: string }[]).map((r) => r.device);
  }

  /** Held readings of `device`, in seq order. */
  held(device: string): OutboxReading[] {
    this.flush();
    return (this.stmts.held.all(device.toLowerCase()) as ReadingRow[]).map(toReading);
  }

  /**
   * Makes held reading (device, seq) a checkpoint with `commitment`, and files the held readings
   * of its series (seq in [commitment.fromSeq, seq)) under it, in one transaction.
   */
  makeCheckpoint(device: string, seq: bigint, commitment: RawCommitment, reason: string): void {
    const key = device.toLowerCase();
    this.db.transaction(() => {
      const info = this.stmts.makeCheckpoint.run(commitment.root, commitment.count, pad(commitment.fromSeq, SEQ_W), reason, key, pad(seq, SEQ_W));
      if (info.changes !== 1) throw new Error(`${key} seq ${seq} is not a held reading`);
      const filed = this.stmts.fileRaw.run(pad(seq, SEQ_W), key, pad(commitment.fromSeq, SEQ_W), pad(seq, SEQ_W));
      if (filed.changes + 1 !== commitment.count) throw new Error(`${key} checkpoint ${seq}: ${filed.changes + 1} readings filed, commitment counts ${commitment.count}`);
    })();
  }

  /** Files a held reading that arrived after a newer checkpoint of its device: kept, never committed. */
  fileLate(device: string, seq: bigint): void {
    this.stmts.fileLate.run(device.toLowerCase(), pad(seq, SEQ_W));
  }

  /** The raw series of checkpoint (device, seq), in seq order (the checkpoint last). */
  series(device: string, checkpointSeq: bigint): OutboxReading[] {
    this.flush();
    return (this.stmts.series.all(device.toLowerCase(), pad(checkpointSeq, SEQ_W)) as ReadingRow[]).map(toReading);
  }

  /** The stored reading (device, seq), if any. */
  reading(device: string, seq: bigint): OutboxReading | undefined {
    this.flush();
    const row = this.stmts.checkpointRow.get(device.toLowerCase(), pad(seq, SEQ_W)) as ReadingRow | undefined;
    return row && toReading(row);
  }

  /** Up to `limit` stored readings of `device` with timestamp in [from, to] and seq > afterSeq, in seq order. */
  rawRange(device: string, from: bigint, to: bigint, afterSeq: bigint, limit: number): OutboxReading[] {
    this.flush();
    return (
      this.stmts.rawRange.all(device.toLowerCase(), pad(from, SEQ_W), pad(to, SEQ_W), pad(afterSeq, SEQ_W), limit) as ReadingRow[]
    ).map(toReading);
  }

  counts(): Record<ReadingStatus, number> {
    this.flush();
    const out: Record<ReadingStatus, number> = { held: 0, raw: 0, queued: 0, sent: 0, accepted: 0, rejected: 0, failed: 0 };
    for (const row of this.stmts.countStatus.all() as { status: ReadingStatus; n: number }[]) out[row.status] = row.n;
    return out;
  }

  /**
   * Readings held (not yet filed under a checkpoint): a range of the status index, so it stays
   * cheap when the outbox holds millions of raw readings (counts() scans them all).
   */
  heldCount(): number {
    this.flush();
    return (this.stmts.countHeld.get() as { n: number }).n;
  }

  outcomes(): Record<string, number> {
    this.flush();
    const out: Record<string, number> = {};
    for (const row of this.stmts.outcomes.all() as { outcome: string; n: number }[]) out[row.outcome] = row.n;
    return out;
  }

  lastConfirmedBlock(): number | undefined {
    return (this.stmts.lastConfirmed.get() as { b: number | null }).b ?? undefined;
  }

  getMeta(key: string): string | undefined {
    return (this.stmts.metaGet.get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string) {
    this.stmts.metaPut.run(key, value);
  }

  close() {
    if (this.db.open) this.flush();
    if (this.db.open) this.db.close();
  }
}
