/**
 * The outbox's schema, as numbered migrations (store/sqlite.ts applies them). Never edit one that
 * has shipped: add the next.
 */
import type { Db, Migration } from "./sqlite.js";

const columnsOf = (db: Db, table: string) => new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));

export const OUTBOX_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "readings, batches, adapter state, meta",
    up(db) {
      db.exec(`
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
      // Data dirs from before migrations may lack the columns added since the first release: the
      // plausibility credit (NULL = none carried) and the checkpoint's (their readings were all
      // checkpoints, the commitment built at send).
      const have = columnsOf(db, "readings");
      for (const [name, type] of [
        ["credit", "TEXT"], ["checkpoint_seq", "TEXT"], ["cp_root", "TEXT"], ["cp_count", "INTEGER"], ["cp_from", "TEXT"],
        ["cp_reason", "TEXT"], ["tx_hash", "TEXT"], ["committed_root", "TEXT"],
      ] as const) {
        if (!have.has(name)) db.exec(`ALTER TABLE readings ADD COLUMN ${name} ${type}`);
      }
    },
  },
  {
    version: 2,
    name: "a batch's signed transactions in their own table (were JSON arrays in two TEXT columns)",
    up(db) {
      db.exec(`
        CREATE TABLE batch_txs (
          batch_id INTEGER NOT NULL REFERENCES batches (id),
          attempt INTEGER NOT NULL,
          hash TEXT NOT NULL UNIQUE,
          raw TEXT NOT NULL,
          PRIMARY KEY (batch_id, attempt)
        );
        INSERT INTO batch_txs (batch_id, attempt, hash, raw)
          SELECT b.id, CAST(h.key AS INTEGER) + 1, h.value, r.value
          FROM batches b, json_each(b.tx_hashes) h, json_each(b.raw_txs) r
          WHERE h.key = r.key;
        ALTER TABLE batches DROP COLUMN tx_hashes;
        ALTER TABLE batches DROP COLUMN raw_txs;
      `);
    },
  },
];
