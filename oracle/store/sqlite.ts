/**
 * Opening the oracle's SQLite database (WAL) and bringing its schema up to date: numbered
 * migrations, each applied once, in order, in its own transaction, with `PRAGMA user_version`
 * recording the last one applied. A data dir from before migrations has version 0.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export type Db = Database.Database;

/** One schema step: `version` is its number (1, 2, …), `up` changes the schema and moves the data. */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

/** Opens (creating) `<dataDir>/outbox.sqlite` and applies the migrations it has not seen. */
export function openDatabase(dataDir: string, sync: "NORMAL" | "FULL", migrations: readonly Migration[]): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, "outbox.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${sync}`);
  db.pragma("busy_timeout = 5000");
  migrate(db, migrations);
  return db;
}

/** Applies every migration above the database's user_version; returns the versions applied. */
export function migrate(db: Db, migrations: readonly Migration[]): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`outbox schema version ${current} is newer than this oracle knows (${migrations.length}): upgrade the oracle`);
  }
  const applied: number[] = [];
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}

/** True for a UNIQUE (or PRIMARY KEY) violation, by its SQLite extended result code. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** uint64 and uint128 as zero-padded decimal text, so SQL ordering and comparison stay exact. */
export const SEQ_W = 20;
export const CUM_W = 39;
export const pad = (v: bigint, width: number) => v.toString().padStart(width, "0");
