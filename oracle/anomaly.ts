/**
 * Anomaly scores (risk assessment, never a filter): each stored reading's average power
 * (delta / elapsed, base units per hour) is scored against the device's own history with a
 * robust z-score, 0.6745 × (x − median) / MAD, over the device's time-of-day profile: the last
 * `window` powers seen in the same UTC hour (optionally split weekday / weekend). Until that
 * bucket holds `minSamples` powers the device's overall profile (all hours) is used; until that
 * holds `minSamples` there is no score (warm-up). MAD is floored at 5 % of the median (and one
 * base unit per hour), so a perfectly steady meter does not turn every wobble into a huge score.
 *
 * A device is flagged once `consecutive` scored readings in a row have |score| ≥ `threshold`
 * (a single spike scores high but does not flag) and cleared after as many readings in a row
 * below it. Profiles, streaks and recent scores live in SQLite (the outbox's database), so a
 * restart keeps them: writes are gathered for `flushMs` (or `flushAfter` observations) and
 * committed in one transaction, and `close()` commits the rest, so a crash loses at most that
 * much scoring history (never a reading). Every reading is kept whatever its score: the outbox
 * already has it.
 */
import type Database from "better-sqlite3";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { DeviceHead } from "./outbox.js";
import type { AnomalyStatus, RecentScore, ScoreBasis } from "../sdk/anomaly-status.js";
export type { AnomalyStatus, RecentScore, ScoreBasis };

export interface AnomalyOptions {
  /** Powers a profile needs before it scores (warm-up). */
  minSamples?: number;
  /** Powers kept per hour bucket. */
  window?: number;
  /** Powers kept in the device's overall profile. */
  overallWindow?: number;
  /** |score| at or above this is high. */
  threshold?: number;
  /** High scores in a row that flag a device (and low ones in a row that clear it). */
  consecutive?: number;
  /** Separate weekday and weekend profiles for each hour. */
  weekend?: boolean;
  /** Recent scores kept per device for the API. */
  recent?: number;
  /** Longest time pending profile updates wait before their commit (ms). */
  flushMs?: number;
  /** Pending observations that trigger a commit at once. */
  flushAfter?: number;
}

export const ANOMALY_DEFAULTS: Required<AnomalyOptions> = {
  minSamples: 8,
  window: 48,
  overallWindow: 240,
  threshold: 3.5,
  consecutive: 3,
  weekend: false,
  recent: 20,
  flushMs: 200,
  flushAfter: 500,
};

const OVERALL = -1;
const MAD_FLOOR_FRACTION = 0.05;

export function median(sorted: readonly number[]): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Robust z-score of `x` against `samples` (median and floored MAD). */
export function robustZ(x: number, samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const m = median(sorted);
  const mad = median(sorted.map((v) => Math.abs(v - m)).sort((a, b) => a - b));
  const floor = Math.max(MAD_FLOOR_FRACTION * Math.abs(m), 1);
  return (0.6745 * (x - m)) / Math.max(mad, floor);
}

/** Metrics of the detector, registered in the oracle's registry. */
class AnomalyMetrics {
  readonly scores: Histogram;
  readonly unscored: Counter;
  readonly flagged: Gauge;

  constructor(registry: Registry) {
    this.scores = new Histogram({
      name: "pcx_oracle_anomaly_score",
      help: "Absolute robust z-score of each scored reading's power against its device's profile",
      buckets: [0.5, 1, 2, 3, 3.5, 5, 10, 20, 50],
      registers: [registry],
    });
    this.unscored = new Counter({
      name: "pcx_oracle_anomaly_unscored_total",
      help: "Readings stored without a score (profile warming up, or no elapsed time)",
      registers: [registry],
    });
    this.flagged = new Gauge({
      name: "pcx_oracle_anomaly_flagged_devices",
      help: "Devices whose score stayed high for the configured number of readings",
      registers: [registry],
    });
  }
}

interface StateRow {
  device: string;
  streak: number;
  calm: number;
  flagged: number;
  flagged_at: number | null;
  recent: string;
}

export class AnomalyDetector {
  readonly opts: Required<AnomalyOptions>;
  private readonly metrics: AnomalyMetrics | undefined;
  private readonly stmts;
  /** Profiles and states changed since the last commit (read before the database). */
  private readonly pendingProfiles = new Map<string, { device: string; bucket: number; samples: number[] }>();
  private readonly pendingStates = new Map<string, StateRow>();
  private pendingCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private flaggedTotal: number;

  constructor(
    private readonly db: Database.Database,
    opts: AnomalyOptions = {},
    registry?: Registry,
  ) {
    this.opts = { ...ANOMALY_DEFAULTS, ...opts };
    db.exec(`
      CREATE TABLE IF NOT EXISTS anomaly_profile (
        device TEXT NOT NULL, bucket INTEGER NOT NULL, samples TEXT NOT NULL, PRIMARY KEY (device, bucket)
      );
      CREATE TABLE IF NOT EXISTS anomaly_state (
        device TEXT PRIMARY KEY, streak INTEGER NOT NULL, calm INTEGER NOT NULL,
        flagged INTEGER NOT NULL, flagged_at INTEGER, recent TEXT NOT NULL
      );
    `);
    this.stmts = {
      profile: db.prepare(`SELECT samples FROM anomaly_profile WHERE device = ? AND bucket = ?`),
      putProfile: db.prepare(
        `INSERT INTO anomaly_profile (device, bucket, samples) VALUES (?, ?, ?)
         ON CONFLICT (device, bucket) DO UPDATE SET samples = excluded.samples`,
      ),
      state: db.prepare(`SELECT * FROM anomaly_state WHERE device = ?`),
      putState: db.prepare(
        `INSERT INTO anomaly_state (device, streak, calm, flagged, flagged_at, recent) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (device) DO UPDATE SET streak = excluded.streak, calm = excluded.calm,
           flagged = excluded.flagged, flagged_at = excluded.flagged_at, recent = excluded.recent`,
      ),
      flagged: db.prepare(`SELECT * FROM anomaly_state WHERE flagged = 1 ORDER BY flagged_at DESC`),
      countFlagged: db.prepare(`SELECT COUNT(*) AS n FROM anomaly_state WHERE flagged = 1`),
    };
    this.metrics = registry && new AnomalyMetrics(registry);
    this.flaggedTotal = (this.stmts.countFlagged.get() as { n: number }).n;
    this.metrics?.flagged.set(this.flaggedTotal);
  }

  /** The profile bucket of a reading interval: the UTC hour of its midpoint (+24 on weekends). */
  bucketOf(fromS: number, toS: number): number {
    const mid = new Date(((fromS + toS) / 2) * 1000);
    const hour = mid.getUTCHours();
    const day = mid.getUTCDay();
    return this.opts.weekend && (day === 0 || day === 6) ? hour + 24 : hour;
  }

  /**
   * Scores the interval from `prev` to `reading` of `device`, adds its power to the profiles
   * and updates the device's flag. Returns the recorded score (null score: warm-up), or
   * undefined if no time elapsed (no power to score).
   */
  observe(device: string, prev: DeviceHead, reading: { timestamp: bigint; cumulative: bigint }): RecentScore | undefined {
    const elapsed = Number(reading.timestamp - prev.timestamp);
    if (!(elapsed > 0) || reading.cumulative < prev.cumulative) {
      this.metrics?.unscored.inc();
      return undefined;
    }
    const key = device.toLowerCase();
    const power = (Number(reading.cumulative - prev.cumulative) * 3600) / elapsed;
    const bucket = this.bucketOf(Number(prev.timestamp), Number(reading.timestamp));
    const { minSamples, window, overallWindow, threshold, consecutive, recent } = this.opts;
    const hourly = this.samples(key, bucket);
    const overall = this.samples(key, OVERALL);
    const basis: ScoreBasis | null =
      hourly.length >= minSamples ? "hour" : overall.length >= minSamples ? "overall" : null;
    const score = basis === null ? null : robustZ(power, basis === "hour" ? hourly : overall);
    this.pendingProfiles.set(`${key}|${bucket}`, { device: key, bucket, samples: [...hourly, power].slice(-window) });
    this.pendingProfiles.set(`${key}|${OVERALL}`, { device: key, bucket: OVERALL, samples: [...overall, power].slice(-overallWindow) });

    const row = this.state(key);
    const wasFlagged = row?.flagged === 1;
    let streak = row?.streak ?? 0;
    let calm = row?.calm ?? 0;
    let flagged = wasFlagged;
    let flaggedAt = row?.flagged_at ?? null;
    if (score !== null) {
      if (Math.abs(score) >= threshold) {
        streak += 1;
        calm = 0;
        if (!flagged && streak >= consecutive) {
          flagged = true;
          flaggedAt = Number(reading.timestamp);
        }
      } else {
        streak = 0;
        calm += 1;
        if (flagged && calm >= consecutive) flagged = false;
      }
    }
    const entry: RecentScore = { timestamp: Number(reading.timestamp), power, score, basis };
    const history = [...(row ? (JSON.parse(row.recent) as RecentScore[]) : []), entry].slice(-recent);
    this.pendingStates.set(key, { device: key, streak, calm, flagged: flagged ? 1 : 0, flagged_at: flaggedAt, recent: JSON.stringify(history) });
    if (flagged !== wasFlagged) {
      this.flaggedTotal += flagged ? 1 : -1;
      this.metrics?.flagged.set(this.flaggedTotal);
    }
    if (score === null) this.metrics?.unscored.inc();
    else this.metrics?.scores.observe(Math.abs(score));
    this.scheduleFlush();
    return entry;
  }

  /** Commits pending profile and state updates in one transaction. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pendingCount === 0 || !this.db.open) return;
    this.db.transaction(() => {
      for (const p of this.pendingProfiles.values()) this.stmts.putProfile.run(p.device, p.bucket, JSON.stringify(p.samples));
      for (const r of this.pendingStates.values()) this.stmts.putState.run(r.device, r.streak, r.calm, r.flagged, r.flagged_at, r.recent);
    })();
    this.pendingProfiles.clear();
    this.pendingStates.clear();
    this.pendingCount = 0;
  }

  /** Commits what is pending (call before closing the database). */
  close(): void {
    this.flush();
  }

  private scheduleFlush(): void {
    this.pendingCount += 1;
    if (this.pendingCount >= this.opts.flushAfter) return this.flush();
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.opts.flushMs);
      this.timer.unref();
    }
  }

  private state(device: string): StateRow | undefined {
    return this.pendingStates.get(device) ?? (this.stmts.state.get(device) as StateRow | undefined);
  }

  /** The device's anomaly status, or undefined if none of its readings was observed. */
  status(device: string): AnomalyStatus | undefined {
    const row = this.state(device.toLowerCase());
    return row && toStatus(row);
  }

  /** Flagged devices, most recently flagged first. */
  flagged(): AnomalyStatus[] {
    this.flush();
    return (this.stmts.flagged.all() as StateRow[]).map(toStatus);
  }

  flaggedCount(): number {
    return this.flaggedTotal;
  }

  /** Powers in one profile of `device` (oldest first). */
  samples(device: string, bucket: number): number[] {
    const key = device.toLowerCase();
    const pending = this.pendingProfiles.get(`${key}|${bucket}`);
    if (pending) return pending.samples;
    const row = this.stmts.profile.get(key, bucket) as { samples: string } | undefined;
    return row ? (JSON.parse(row.samples) as number[]) : [];
  }
}

function toStatus(row: StateRow): AnomalyStatus {
  const recent = JSON.parse(row.recent) as RecentScore[];
  const last = [...recent].reverse().find((r) => r.score !== null);
  return {
    device: row.device,
    flagged: row.flagged === 1,
    flaggedAt: row.flagged_at,
    streak: row.streak,
    lastScore: last?.score ?? null,
    recent,
  };
}
