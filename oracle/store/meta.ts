/** Small key-value facts the oracle keeps across restarts (e.g. the last block a poller read). */
import type { Db } from "./sqlite.js";

export class MetaStore {
  private readonly getStmt;
  private readonly putStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare(`SELECT value FROM meta WHERE key = ?`);
    this.putStmt = db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  }

  get(key: string): string | undefined {
    return (this.getStmt.get(key) as { value: string } | undefined)?.value;
  }

  set(key: string, value: string): void {
    this.putStmt.run(key, value);
  }
}
