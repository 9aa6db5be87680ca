/**
 * The batch journal: every transaction the submitter signed, recorded before it is broadcast
 * (`batches`: nonce, fees, attempts, where it was mined, its final status and gas; `batch_txs`:
 * each signed attempt's hash and raw bytes, a row each), so a restart re-broadcasts or re-queues
 * instead of guessing.
 */
import type { Db } from "./sqlite.js";

export interface SentBatch {
  id: number;
  nonce: number;
  /** Every signed attempt at this nonce, oldest first (fee bumps add one). */
  txHashes: string[];
  rawTxs: string[];
  sentAt: number;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  attempts: number;
  minedBlock: number | null;
  minedBlockHash: string | null;
}

export interface SignedTx {
  hash: string;
  raw: string;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

interface BatchRow {
  id: number;
  nonce: number;
  sent_at: number;
  max_fee: string;
  max_priority_fee: string;
  attempts: number;
  mined_block: number | null;
  mined_block_hash: string | null;
}

/** How a batch ended: final (mined and confirmed), or its transaction reverted or was dropped. */
export type BatchEnd = "final" | "reverted" | "dropped";

export class BatchJournal {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare(`INSERT INTO batches (nonce, sent_at, max_fee, max_priority_fee) VALUES (?, ?, ?, ?)`),
      insertTx: db.prepare(`INSERT INTO batch_txs (batch_id, attempt, hash, raw) VALUES (?, ?, ?, ?)`),
      replace: db.prepare(`UPDATE batches SET max_fee = ?, max_priority_fee = ?, attempts = attempts + 1, sent_at = ? WHERE id = ?`),
      open: db.prepare(`SELECT * FROM batches WHERE status = 'sent' ORDER BY nonce`),
      txs: db.prepare(`SELECT hash, raw FROM batch_txs WHERE batch_id = ? ORDER BY attempt`),
      mined: db.prepare(`UPDATE batches SET mined_block = ?, mined_block_hash = ? WHERE id = ?`),
      close: db.prepare(`UPDATE batches SET status = ?, gas_used = ? WHERE id = ?`),
      lastConfirmed: db.prepare(`SELECT MAX(mined_block) AS b FROM batches WHERE status = 'final'`),
    };
  }

  /** Records the first signed transaction of a new batch; returns the batch id. */
  record(nonce: number, tx: SignedTx, now = Date.now()): number {
    const id = Number(this.stmts.insert.run(nonce, now, tx.maxFeePerGas.toString(), tx.maxPriorityFeePerGas.toString()).lastInsertRowid);
    this.stmts.insertTx.run(id, 1, tx.hash, tx.raw);
    return id;
  }

  /** Adds a fee-bumped replacement (same nonce) to a batch. */
  recordReplacement(batch: SentBatch, tx: SignedTx, now = Date.now()): void {
    this.stmts.insertTx.run(batch.id, batch.txHashes.length + 1, tx.hash, tx.raw);
    this.stmts.replace.run(tx.maxFeePerGas.toString(), tx.maxPriorityFeePerGas.toString(), now, batch.id);
  }

  /** Batches not yet ended, by nonce. */
  open(): SentBatch[] {
    return (this.stmts.open.all() as BatchRow[]).map((row) => {
      const txs = this.stmts.txs.all(row.id) as { hash: string; raw: string }[];
      return {
        id: row.id,
        nonce: row.nonce,
        txHashes: txs.map((t) => t.hash),
        rawTxs: txs.map((t) => t.raw),
        sentAt: row.sent_at,
        maxFeePerGas: BigInt(row.max_fee),
        maxPriorityFeePerGas: BigInt(row.max_priority_fee),
        attempts: row.attempts,
        minedBlock: row.mined_block,
        minedBlockHash: row.mined_block_hash,
      };
    });
  }

  markMined(batchId: number, block: number | null, blockHash: string | null): void {
    this.stmts.mined.run(block, blockHash, batchId);
  }

  close(batchId: number, end: BatchEnd, gasUsed: bigint | null): void {
    this.stmts.close.run(end, gasUsed === null ? null : gasUsed.toString(), batchId);
  }

  /** The highest block a final batch was mined in. */
  lastConfirmedBlock(): number | undefined {
    return (this.stmts.lastConfirmed.get() as { b: number | null }).b ?? undefined;
  }
}
