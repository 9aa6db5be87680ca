/**
 * The outbox's schema migrations (oracle/store/migrations.ts): a data dir written by an oracle
 * from before migrations (user_version 0: the batch's transactions as JSON arrays, readings without
 * the credit and checkpoint columns) opens with every reading and transaction intact; a fresh one
 * gets every migration once; a data dir from a newer oracle is refused rather than misread.
 */
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { Outbox } from "../outbox.js";
import { OUTBOX_MIGRATIONS } from "../store/migrations.js";
import { tempDir } from "./helpers.js";

/** The schema the oracle wrote before migrations and checkpoints (from git history, 2026-11). */
function writeLegacyDataDir(dir: string): void {
  const db = new Database(path.join(dir, "outbox.sqlite"));
  db.exec(`
    CREATE TABLE readings (
      id INTEGER PRIMARY KEY AUTOINCREMENT, device TEXT NOT NULL, seq TEXT NOT NULL, timestamp TEXT NOT NULL,
      cumulative TEXT NOT NULL, r TEXT NOT NULL, vs TEXT NOT NULL, attested INTEGER NOT NULL, received_at INTEGER NOT NULL,
      status TEXT NOT NULL DEFAULT 'queued', batch_id INTEGER, outcome TEXT, attempts INTEGER NOT NULL DEFAULT 0,
      UNIQUE (device, seq)
    );
    CREATE TABLE batches (
      id INTEGER PRIMARY KEY AUTOINCREMENT, nonce INTEGER NOT NULL, tx_hashes TEXT NOT NULL, raw_txs TEXT NOT NULL,
      sent_at INTEGER NOT NULL, max_fee TEXT NOT NULL, max_priority_fee TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 1,
      status TEXT NOT NULL DEFAULT 'sent', mined_block INTEGER, mined_block_hash TEXT, gas_used TEXT
    );
    CREATE TABLE adapter_state (device TEXT PRIMARY KEY, last_raw TEXT NOT NULL, offset TEXT NOT NULL, seq TEXT NOT NULL);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `);
  const device = "0x00000000000000000000000000000000000000aa";
  const pad = (v: number, w: number) => String(v).padStart(w, "0");
  db.prepare(`INSERT INTO batches (nonce, tx_hashes, raw_txs, sent_at, max_fee, max_priority_fee, attempts) VALUES (7, ?, ?, 1000, '30', '2', 2)`).run(
    JSON.stringify(["0xaaa1", "0xaaa2"]),
    JSON.stringify(["0xbbb1", "0xbbb2"]),
  );
  db.prepare(
    `INSERT INTO readings (device, seq, timestamp, cumulative, r, vs, attested, received_at, status, batch_id, attempts) VALUES (?, ?, ?, ?, '0x01', '0x02', 0, 5, 'sent', 1, 1)`,
  ).run(device, pad(3, 20), pad(1_700_000_000, 20), pad(4_200, 39));
  db.prepare(`INSERT INTO adapter_state VALUES (?, '2500', '0', '3')`).run(device);
  db.prepare(`INSERT INTO meta VALUES ('lastBlock', '41')`).run();
  db.close();
}

describe("outbox migrations", () => {
  it("a data dir from before migrations opens with its readings, transactions, adapter state and meta intact", () => {
    const dir = tempDir("migrate-legacy");
    writeLegacyDataDir(dir);
    const outbox = new Outbox(dir);
    try {
      expect(outbox.db.pragma("user_version", { simple: true })).toBe(OUTBOX_MIGRATIONS.length);
      const [batch] = outbox.openBatches();
      expect(batch).toMatchObject({ id: 1, nonce: 7, txHashes: ["0xaaa1", "0xaaa2"], rawTxs: ["0xbbb1", "0xbbb2"], attempts: 2, maxFeePerGas: 30n });
      const device = "0x00000000000000000000000000000000000000aa";
      expect(outbox.head(device)).toEqual({ seq: 3n, timestamp: 1_700_000_000n, cumulative: 4_200n });
      expect(outbox.headCredit(device)).toBeUndefined(); // a row from before the plausibility credit
      expect(outbox.batchReadings(1).map((r) => [r.status, r.checkpointSeq])).toEqual([["sent", null]]);
      expect(outbox.adapterState(device)).toEqual({ lastRaw: 2500n, offset: 0n, seq: 3n });
      expect(outbox.getMeta("lastBlock")).toBe("41");
      // the journal goes on in the new table: a fee bump adds the third attempt
      outbox.recordReplacement(batch!, { hash: "0xaaa3", raw: "0xbbb3", maxFeePerGas: 40n, maxPriorityFeePerGas: 3n });
      expect(outbox.openBatches()[0]).toMatchObject({ txHashes: ["0xaaa1", "0xaaa2", "0xaaa3"], attempts: 3, maxFeePerGas: 40n });
    } finally {
      outbox.close();
    }
  });

  it("applies each migration once: reopening changes nothing", () => {
    const dir = tempDir("migrate-fresh");
    new Outbox(dir).close();
    const db = new Database(path.join(dir, "outbox.sqlite"));
    const schema = () => db.prepare(`SELECT sql FROM sqlite_master ORDER BY name`).all();
    const before = schema();
    db.close();
    new Outbox(dir).close();
    const again = new Database(path.join(dir, "outbox.sqlite"));
    expect(again.prepare(`SELECT sql FROM sqlite_master ORDER BY name`).all()).toEqual(before);
    expect(again.pragma("user_version", { simple: true })).toBe(OUTBOX_MIGRATIONS.length);
    again.close();
  });

  it("refuses a data dir written by a newer oracle", () => {
    const dir = tempDir("migrate-newer");
    new Outbox(dir).close();
    const db = new Database(path.join(dir, "outbox.sqlite"));
    db.pragma(`user_version = ${OUTBOX_MIGRATIONS.length + 1}`);
    db.close();
    expect(() => new Outbox(dir)).toThrow(/newer than this oracle knows/);
  });

  it("a duplicate (device, seq) is told by SQLite's constraint code, not the message text", async () => {
    const outbox = new Outbox(tempDir("migrate-dup"));
    try {
      const reading = { device: "0x00000000000000000000000000000000000000bb" as const, seq: 1n, timestamp: 1n, cumulative: 1n };
      const sig = { r: "0x01" as const, vs: "0x02" as const };
      outbox.insert(reading, sig, false, 1);
      expect(() => outbox.insert(reading, sig, false, 2)).toThrow(/already stored/);
    } finally {
      outbox.close();
    }
  });
});
