/**
 * The reading queue: every verified reading with its signature, for good (`readings`). A reading
 * is `held` until the checkpoint planner makes it a checkpoint (`queued` → `sent` → `accepted` /
 * `rejected` / `failed`, with the commitment of the raw series it summarises) or files it under
 * the next checkpoint of its device (`raw`, never sent). Statements only: transactions spanning
 * stores are the Outbox's (outbox.ts).
 */
import type { Reading } from "../../sdk/typed-data.js";
import type { CompactSignature } from "../../sdk/readings.js";
import type { RawCommitment } from "../../sdk/raw-series.js";
import { CUM_W, SEQ_W, pad, type Db } from "./sqlite.js";

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

/** A reading to store: the validated reading, its signature, and what the ingestor knows of it. */
export interface NewReading {
  device: string;
  reading: Reading;
  signature: CompactSignature;
  operatorAttested: boolean;
  receivedAt: number;
  /** Plausibility credit left after this reading (rate-seconds, plausibility.ts). */
  credit?: bigint;
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

function toReading(row: ReadingRow): OutboxReading {
  return {
    id: row.id,
    reading: { device: row.device as `0x${string}`, seq: BigInt(row.seq), timestamp: BigInt(row.timestamp), cumulative: BigInt(row.cumulative) },
    signature: { r: row.r as `0x${string}`, vs: row.vs as `0x${string}` },
    operatorAttested: row.attested === 1,
    receivedAt: row.received_at,
    status: row.status,
    batchId: row.batch_id,
    checkpointSeq: row.checkpoint_seq === null ? null : BigInt(row.checkpoint_seq),
    commitment: row.cp_root === null ? undefined : { root: row.cp_root as `0x${string}`, count: row.cp_count!, fromSeq: BigInt(row.cp_from!) },
    checkpointReason: row.cp_reason,
    outcome: row.outcome,
    txHash: row.tx_hash,
    committedRoot: row.committed_root,
  };
}

function toHead(row: unknown): DeviceHead | undefined {
  const r = row as { seq: string; timestamp: string; cumulative: string } | undefined;
  return r && { seq: BigInt(r.seq), timestamp: BigInt(r.timestamp), cumulative: BigInt(r.cumulative) };
}

const readings = (rows: unknown[]) => (rows as ReadingRow[]).map(toReading);

export class ReadingQueue {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO readings (device, seq, timestamp, cumulative, r, vs, attested, received_at, credit, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'held')`,
      ),
      head: db.prepare(`SELECT seq, timestamp, cumulative, credit FROM readings WHERE device = ? ORDER BY seq DESC LIMIT 1`),
      // Devices in the order their oldest queued reading arrived; each device's readings in seq
      // order, so a late reading (an older seq arriving after a newer one) still leaves first.
      queued: db.prepare(
        `SELECT r.* FROM readings r
         JOIN (SELECT device, MIN(id) AS first FROM readings WHERE status = 'queued' GROUP BY device) f ON f.device = r.device
         WHERE r.status = 'queued' ORDER BY f.first, r.seq LIMIT ?`,
      ),
      submittedHead: db.prepare(
        `SELECT seq, timestamp, cumulative FROM readings WHERE device = ? AND status NOT IN ('held', 'raw') ORDER BY seq DESC LIMIT 1`,
      ),
      before: db.prepare(`SELECT seq, timestamp, cumulative FROM readings WHERE device = ? AND seq < ? ORDER BY seq DESC LIMIT 1`),
      after: db.prepare(`SELECT seq, timestamp, cumulative FROM readings WHERE device = ? AND seq > ? ORDER BY seq ASC LIMIT 1`),
      oldestQueued: db.prepare(`SELECT received_at FROM readings WHERE status = 'queued' ORDER BY id LIMIT 1`),
      oldestOpen: db.prepare(`SELECT MIN(received_at) AS t FROM readings WHERE status IN ('queued', 'sent')`),
      heldDevices: db.prepare(`SELECT DISTINCT device FROM readings WHERE status = 'held'`),
      held: db.prepare(`SELECT * FROM readings WHERE device = ? AND status = 'held' ORDER BY seq`),
      makeCheckpoint: db.prepare(
        `UPDATE readings SET status = 'queued', checkpoint_seq = seq, cp_root = ?, cp_count = ?, cp_from = ?, cp_reason = ?
         WHERE device = ? AND seq = ? AND status = 'held'`,
      ),
      fileRaw: db.prepare(`UPDATE readings SET status = 'raw', checkpoint_seq = ? WHERE device = ? AND seq >= ? AND seq < ? AND status = 'held'`),
      fileLate: db.prepare(`UPDATE readings SET status = 'raw', outcome = 'AfterCheckpoint' WHERE device = ? AND seq = ? AND status = 'held'`),
      series: db.prepare(`SELECT * FROM readings WHERE device = ? AND checkpoint_seq = ? ORDER BY seq`),
      rawRange: db.prepare(`SELECT * FROM readings WHERE device = ? AND timestamp >= ? AND timestamp <= ? AND seq > ? ORDER BY seq LIMIT ?`),
      one: db.prepare(`SELECT * FROM readings WHERE device = ? AND seq = ?`),
      setTx: db.prepare(`UPDATE readings SET tx_hash = ? WHERE batch_id = ? AND status = 'accepted'`),
      setCommitted: db.prepare(`UPDATE readings SET committed_root = ? WHERE id = ?`),
      countStatus: db.prepare(`SELECT status, COUNT(*) AS n FROM readings GROUP BY status`),
      countHeld: db.prepare(`SELECT COUNT(*) AS n FROM readings WHERE status = 'held'`),
      markSent: db.prepare(`UPDATE readings SET status = 'sent', batch_id = ?, attempts = attempts + 1 WHERE id = ? AND status = 'queued'`),
      ofBatch: db.prepare(`SELECT * FROM readings WHERE batch_id = ? ORDER BY id`),
      setOutcome: db.prepare(`UPDATE readings SET status = ?, outcome = ? WHERE id = ? AND status = 'sent' AND batch_id = ?`),
      requeue: db.prepare(
        `UPDATE readings SET status = CASE WHEN attempts >= ? THEN 'failed' ELSE 'queued' END, batch_id = NULL
         WHERE batch_id = ? AND status = 'sent'`,
      ),
      outcomes: db.prepare(`SELECT outcome, COUNT(*) AS n FROM readings WHERE outcome IS NOT NULL GROUP BY outcome`),
    };
  }

  /** Inserts a held reading; returns its row id. Throws SQLite's UNIQUE error for a stored (device, seq). */
  insert(r: NewReading): number {
    const { device, reading, signature } = r;
    const info = this.stmts.insert.run(
      device,
      pad(reading.seq, SEQ_W),
      pad(reading.timestamp, SEQ_W),
      pad(reading.cumulative, CUM_W),
      signature.r,
      signature.vs,
      r.operatorAttested ? 1 : 0,
      r.receivedAt,
      r.credit === undefined ? null : r.credit.toString(),
    );
    return Number(info.lastInsertRowid);
  }

  /** The newest stored reading of `device` (any status) and the credit stored with it. */
  head(device: string): { head: DeviceHead; credit: bigint | undefined } | undefined {
    const row = this.stmts.head.get(device) as { seq: string; timestamp: string; cumulative: string; credit: string | null } | undefined;
    return row && { head: toHead(row)!, credit: row.credit === null ? undefined : BigInt(row.credit) };
  }

  submittedHead(device: string): DeviceHead | undefined {
    return toHead(this.stmts.submittedHead.get(device));
  }

  neighbours(device: string, seq: bigint): { before?: DeviceHead; after?: DeviceHead } {
    const s = pad(seq, SEQ_W);
    return { before: toHead(this.stmts.before.get(device, s)), after: toHead(this.stmts.after.get(device, s)) };
  }

  queued(limit: number): OutboxReading[] {
    return readings(this.stmts.queued.all(limit));
  }

  oldestQueuedAt(): number | undefined {
    return (this.stmts.oldestQueued.get() as { received_at: number } | undefined)?.received_at;
  }

  oldestOpenAt(): number | undefined {
    return (this.stmts.oldestOpen.get() as { t: number | null }).t ?? undefined;
  }

  heldDevices(): string[] {
    return (this.stmts.heldDevices.all() as { device: string }[]).map((r) => r.device);
  }

  held(device: string): OutboxReading[] {
    return readings(this.stmts.held.all(device));
  }

  /** Makes held (device, seq) a checkpoint and files the held readings of its series under it (call in a transaction). */
  makeCheckpoint(device: string, seq: bigint, commitment: RawCommitment, reason: string): void {
    const info = this.stmts.makeCheckpoint.run(commitment.root, commitment.count, pad(commitment.fromSeq, SEQ_W), reason, device, pad(seq, SEQ_W));
    if (info.changes !== 1) throw new Error(`${device} seq ${seq} is not a held reading`);
    const filed = this.stmts.fileRaw.run(pad(seq, SEQ_W), device, pad(commitment.fromSeq, SEQ_W), pad(seq, SEQ_W));
    if (filed.changes + 1 !== commitment.count) throw new Error(`${device} checkpoint ${seq}: ${filed.changes + 1} readings filed, commitment counts ${commitment.count}`);
  }

  fileLate(device: string, seq: bigint): void {
    this.stmts.fileLate.run(device, pad(seq, SEQ_W));
  }

  series(device: string, checkpointSeq: bigint): OutboxReading[] {
    return readings(this.stmts.series.all(device, pad(checkpointSeq, SEQ_W)));
  }

  reading(device: string, seq: bigint): OutboxReading | undefined {
    const row = this.stmts.one.get(device, pad(seq, SEQ_W)) as ReadingRow | undefined;
    return row && toReading(row);
  }

  rawRange(device: string, from: bigint, to: bigint, afterSeq: bigint, limit: number): OutboxReading[] {
    return readings(this.stmts.rawRange.all(device, pad(from, SEQ_W), pad(to, SEQ_W), pad(afterSeq, SEQ_W), limit));
  }

  markSent(batchId: number, readingId: number): void {
    this.stmts.markSent.run(batchId, readingId);
  }

  ofBatch(batchId: number): OutboxReading[] {
    return readings(this.stmts.ofBatch.all(batchId));
  }

  /** Records the final on-chain outcome of reading `id` sent in `batchId`. */
  setOutcome(id: number, batchId: number, outcome: string): void {
    this.stmts.setOutcome.run(outcome === "accepted" ? "accepted" : "rejected", outcome, id, batchId);
  }

  setBookedBy(batchId: number, txHash: string): void {
    this.stmts.setTx.run(txHash, batchId);
  }

  setCommittedRoot(id: number, root: string): void {
    this.stmts.setCommitted.run(root, id);
  }

  /** Puts a batch's still-sent readings back in the queue, or fails them after `maxAttempts`. */
  requeue(batchId: number, maxAttempts: number): void {
    this.stmts.requeue.run(maxAttempts, batchId);
  }

  counts(): Record<ReadingStatus, number> {
    const out: Record<ReadingStatus, number> = { held: 0, raw: 0, queued: 0, sent: 0, accepted: 0, rejected: 0, failed: 0 };
    for (const row of this.stmts.countStatus.all() as { status: ReadingStatus; n: number }[]) out[row.status] = row.n;
    return out;
  }

  heldCount(): number {
    return (this.stmts.countHeld.get() as { n: number }).n;
  }

  outcomes(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const row of this.stmts.outcomes.all() as { outcome: string; n: number }[]) out[row.outcome] = row.n;
    return out;
  }
}
