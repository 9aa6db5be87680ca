/**
 * Checkpoints: which raw readings go on chain. Every verified reading is stored `held` in the
 * outbox; this stage decides, per device, which held readings become checkpoints (queued for the
 * batcher, with the Merkle commitment of the raw series they summarise) and files the rest under
 * them (`raw`: kept with their signatures, never sent). The cumulative register makes the raw
 * readings' deltas ride on the next checkpoint, so the chain books the same emissions.
 *
 * Rules, per device (`decide`), in this order:
 *   first         the device's first reading here: sets its register on chain at once
 *   revocation /  a rule needs the chain up to date now (CheckpointRules: the device's revocation
 *   factor_change is pending; a new factor version takes effect next period): the newest held
 *   period_close  every period that has closed: its last held reading, posted in the period's
 *                 grace window — once a reading of a later period arrived, or `closeDelayS` after
 *                 the period ended (min(grace / 4, 1 h): well inside the grace window)
 *   interval      `intervalS` after the last checkpoint's timestamp: the newest held reading
 *                 (so at most one interval checkpoint per device per interval)
 * A held reading at or below the device's newest checkpoint (it arrived after it) can no longer
 * be committed: it is filed `raw` with outcome AfterCheckpoint (ingest refuses most of these).
 * Every decision is one SQLite transaction: a crash between checkpoints loses nothing — the
 * held readings are still held and the next checkpoint carries their delta.
 *
 * Cost: the planner re-reads a device's held readings only when something can have changed —
 * a new reading of it (`notify`, from the ingestor), the earliest time a rule can fire for it
 * (its interval's end, its oldest held period's close), or new chain events (`markAllDirty`) —
 * not at every step, so a fleet holding a day of 5-minute readings per meter stays cheap.
 */
import type { Logger } from "pino";
import { commitRawSeries } from "../sdk/raw-series.js";
import type { TypedDataDomain } from "../sdk/typed-data.js";
import type { OracleMetrics } from "./metrics.js";
import type { DeviceHead, Outbox } from "./outbox.js";

export type CheckpointReason = "first" | "revocation" | "factor_change" | "period_close" | "interval";

export interface CheckpointPolicy {
  /** Seconds between interval checkpoints of one device (PCX_CHECKPOINT_INTERVAL_S). */
  intervalS: number;
  /** PeriodCalendar values. */
  genesis: number;
  periodLength: number;
  gracePeriod: number;
  /** Seconds after a period's end before its last reading is posted without a later reading. */
  closeDelayS: number;
}

/** The close delay for a grace window: a quarter of it, at most an hour. */
export function defaultCloseDelay(gracePeriod: number): number {
  return Math.min(Math.floor(gracePeriod / 4), 3600);
}

type Head = Pick<DeviceHead, "seq" | "timestamp">;

/** The end of the period `ts` belongs to (genesis for a timestamp before it). */
export function periodEnd(policy: Pick<CheckpointPolicy, "genesis" | "periodLength">, ts: number): number {
  if (ts < policy.genesis) return policy.genesis;
  return policy.genesis + (Math.floor((ts - policy.genesis) / policy.periodLength) + 1) * policy.periodLength;
}

/**
 * Which of a device's `held` readings (seq order) become checkpoints now. `last` is its newest
 * checkpoint, `urgent` a rule that needs one at once. Pure: the planner and the tests share it.
 */
export function decide(
  held: readonly Head[],
  last: Head | undefined,
  nowS: number,
  policy: CheckpointPolicy,
  urgent?: CheckpointReason,
): { checkpoints: { seq: bigint; reason: CheckpointReason }[]; late: bigint[] } {
  const late = last ? held.filter((h) => h.seq <= last.seq).map((h) => h.seq) : [];
  let rest = last ? held.filter((h) => h.seq > last.seq) : [...held];
  let lastTs = last === undefined ? undefined : Number(last.timestamp);
  const checkpoints: { seq: bigint; reason: CheckpointReason }[] = [];
  const choose = (h: Head, reason: CheckpointReason) => {
    checkpoints.push({ seq: h.seq, reason });
    lastTs = Number(h.timestamp);
    rest = rest.filter((x) => x.seq > h.seq);
  };
  if (rest.length === 0) return { checkpoints, late };
  if (lastTs === undefined) choose(rest[0]!, "first");
  if (urgent && rest.length > 0) choose(rest.at(-1)!, urgent);
  while (rest.length > 0) {
    const end = periodEnd(policy, Number(rest[0]!.timestamp));
    const inPeriod = rest.filter((h) => Number(h.timestamp) < end);
    const closed = nowS >= end + policy.closeDelayS || rest.some((h) => Number(h.timestamp) >= end);
    if (!closed) break;
    choose(inPeriod.at(-1)!, "period_close");
  }
  if (rest.length > 0 && lastTs !== undefined && nowS - lastTs >= policy.intervalS) choose(rest.at(-1)!, "interval");
  return { checkpoints, late };
}

/** Something that knows when a device needs a checkpoint at once (checkpoint-rules.ts). */
export interface UrgentRules {
  urgent(device: string, nowS: number): Promise<CheckpointReason | undefined>;
}

/** When a device's held readings next need a decision, absent new readings or chain events. */
export function nextDecisionAt(held: readonly Head[], last: Head | undefined, policy: CheckpointPolicy): number | undefined {
  const rest = last ? held.filter((h) => h.seq > last.seq) : held;
  if (rest.length === 0) return undefined;
  const close = periodEnd(policy, Number(rest[0]!.timestamp)) + policy.closeDelayS;
  return last === undefined ? 0 : Math.min(Number(last.timestamp) + policy.intervalS, close);
}

export class CheckpointPlanner {
  /** Devices with held readings: re-decide when dirty or at `nextAt` (unix s). */
  private readonly pending = new Map<string, { dirty: boolean; nextAt: number }>();
  private loaded = false;

  /** A reading of `device` was stored. */
  notify(device: string): void {
    this.pending.set(device.toLowerCase(), { dirty: true, nextAt: 0 });
  }

  /** New chain events (revocations, factor versions): re-decide every device with held readings. */
  markAllDirty(): void {
    for (const st of this.pending.values()) st.dirty = true;
  }

  constructor(
    private readonly deps: {
      outbox: Outbox;
      domain: TypedDataDomain;
      policy: CheckpointPolicy;
      metrics: OracleMetrics;
      log: Logger;
      rules?: UrgentRules;
    },
  ) {}

  /** One pass over the devices with held readings. Returns the number of checkpoints made. */
  async step(nowS = Math.floor(Date.now() / 1000)): Promise<number> {
    const { outbox, domain, policy, metrics, log, rules } = this.deps;
    let made = 0;
    if (!this.loaded) {
      for (const device of outbox.heldDevices()) this.notify(device);
      this.loaded = true;
    }
    for (const [device, st] of [...this.pending]) {
      if (!st.dirty && nowS < st.nextAt) continue;
      const held = outbox.held(device);
      const last = outbox.submittedHead(device);
      const urgent = held.length > 0 ? await rules?.urgent(device, nowS) : undefined;
      const { checkpoints, late } = decide(held.map((h) => h.reading), last, nowS, policy, urgent);
      for (const seq of late) outbox.fileLate(device, seq);
      let from = 0;
      for (const cp of checkpoints) {
        const to = held.findIndex((h) => h.reading.seq === cp.seq);
        const series = held.slice(from, to + 1).filter((h) => !last || h.reading.seq > last.seq);
        from = to + 1;
        const { leaves: _leaves, ...commitment } = commitRawSeries(domain, series);
        outbox.makeCheckpoint(device, cp.seq, commitment, cp.reason);
        metrics.checkpoints.inc({ reason: cp.reason });
        log.debug({ device, seq: cp.seq.toString(), reason: cp.reason, raw: commitment.count, root: commitment.root }, "checkpoint");
        made++;
      }
      const chosen = checkpoints.at(-1);
      const newest = chosen ? { seq: chosen.seq, timestamp: held.find((h) => h.reading.seq === chosen.seq)!.reading.timestamp } : last;
      const next = nextDecisionAt(held.map((h) => h.reading), newest, policy);
      // A pending revocation posts every reading at once: its device is re-decided at every step.
      if (next === undefined) this.pending.delete(device);
      else this.pending.set(device, { dirty: urgent === "revocation", nextAt: next });
    }
    metrics.held.set(outbox.heldCount());
    return made;
  }
}
