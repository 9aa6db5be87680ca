/** Register state per operator-attested device (adapters/register.ts): its own table. */
import type { Db } from "./sqlite.js";

/** Register state an adapter keeps per operator-attested device (see adapters/register.ts). */
export interface AdapterState {
  /** Raw register value last seen, in the adapter's raw unit. */
  lastRaw: bigint;
  /** Sum of registers lost to resets, in raw units. */
  offset: bigint;
  /** Last seq the operator signed for this device. */
  seq: bigint;
}

export class AdapterStateStore {
  private readonly getStmt;
  private readonly putStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare(`SELECT last_raw, offset, seq FROM adapter_state WHERE device = ?`);
    this.putStmt = db.prepare(
      `INSERT INTO adapter_state (device, last_raw, offset, seq) VALUES (?, ?, ?, ?)
       ON CONFLICT (device) DO UPDATE SET last_raw = excluded.last_raw, offset = excluded.offset, seq = excluded.seq`,
    );
  }

  get(device: string): AdapterState | undefined {
    const row = this.getStmt.get(device) as { last_raw: string; offset: string; seq: string } | undefined;
    return row && { lastRaw: BigInt(row.last_raw), offset: BigInt(row.offset), seq: BigInt(row.seq) };
  }

  put(device: string, state: AdapterState): void {
    this.putStmt.run(device, state.lastRaw.toString(), state.offset.toString(), state.seq.toString());
  }
}
