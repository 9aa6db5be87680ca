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
 * period_close and interval never pass over a seq gap younger than `gapWaitS`: a reading whose
 * predecessor seq is missing was most likely overtaken (a broker redelivering older messages after
 * newer ones, a device replaying its buffer newest first), so the device's checkpoints wait for the
 * missing readings, at most `gapWaitS` after the reading past the gap arrived (a gap that stays —
 * a reading refused at ingest — then only delays that checkpoint). Without this wait, a checkpoint
 * cut between two messages of one burst files the older one AfterCheckpoint, outside every
 * committed series.
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
  /** Seconds a reading past a seq gap waits for the missing readings (at most closeDelayS). */
  gapWaitS: number;
}

/** The close delay for a grace window: a quarter of it, at most an hour. */
export function defaultCloseDelay(gracePeriod: number): number {
  return Math.min(Math.floor(gracePeriod / 4), 3600);
}

/** The gap wait for a configured value: never longer than the close delay, so a period's close
 * checkpoint still lands inside its grace window. */
export function gapWait(configuredS: number, closeDelayS: number): number {
  return Math.min(configuredS, closeDelayS);
}

/** A held reading as the rules see it; `receivedAt` (unix ms, the outbox's clock) only matters past a seq gap. */
type Head = Pick<DeviceHead, "seq" | "timestamp"> & { receivedAt?: number };

/**
 * How many ms `rest` (seq order, all above `afterSeq`) still waits for the missing readings of a
 * seq gap at `receivedNowMs` (the clock `receivedAt` was stamped with), or undefined if no gap is
 * pending. A reading without `receivedAt` counts as long arrived.
 */
export function gapPendingMs(rest: readonly Head[], afterSeq: bigint | undefined, receivedNowMs: number, gapWaitS: number): number | undefined {
  let expected = afterSeq === undefined ? undefined : afterSeq + 1n;
  let wait: number | undefined;
  for (const h of rest) {
    if (expected !== undefined && h.seq > expected && h.receivedAt !== undefined) {
      const left = h.receivedAt + gapWaitS * 1000 - receivedNowMs;
      if (left > 0) wait = Math.max(wait ?? 0, left);
    }
    expected = h.seq + 1n;
  }
  return wait;
}

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
  receivedNowMs = Date.now(),
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
  const afterSeq = checkpoints.at(-1)?.seq ?? last?.seq;
  if (gapPendingMs(rest, afterSeq, receivedNowMs, policy.gapWaitS) !== undefined) return { checkpoints, late };
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
export function nextDecisionAt(
  held: readonly Head[],
  last: Head | undefined,
  policy: CheckpointPolicy,
  nowS: number,
  receivedNowMs = Date.now(),
): number | undefined {
  const rest = last ? held.filter((h) => h.seq > last.seq) : held;
  if (rest.length === 0) return undefined;
  if (last === undefined) return 0;
  const close = periodEnd(policy, Number(rest[0]!.timestamp)) + policy.closeDelayS;
  const due = Math.min(Number(last.timestamp) + policy.intervalS, close);
  // A pending gap holds every rule until it fills (a new reading: notify) or expires.
  const gap = gapPendingMs(rest, last.seq, receivedNowMs, policy.gapWaitS);
  return gap === undefined ? due : Math.max(due, nowS + Math.ceil(gap / 1000));
}

export class CheckpointPlanner {
  /** Devices with held readings: re-decide when dirty or at `nextAt` (unix s). */
  private readonly pending = new Map<string, { dirty: boolean; nextAt: number; version: number }>();
  private loaded = false;

  /** A reading of `device` was stored. */
  notify(device: string): void {
    const key = device.toLowerCase();
    // The version tells a step that awaited (the urgent rules) that a reading came meanwhile.
    this.pending.set(key, { dirty: true, nextAt: 0, version: (this.pending.get(key)?.version ?? 0) + 1 });
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
      const version = st.version;
      const held = outbox.held(device);
      const last = outbox.submittedHead(device);
      const urgent = held.length > 0 ? await rules?.urgent(device, nowS) : undefined;
      const heads = held.map((h) => ({ ...h.reading, receivedAt: h.receivedAt }));
      const receivedNowMs = Date.now(); // the outbox stamps receivedAt with the wall clock
      const { checkpoints, late } = decide(heads, last, nowS, policy, urgent, receivedNowMs);
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
      const next = nextDecisionAt(heads, newest, policy, nowS, receivedNowMs);
      // A reading stored while this step awaited was not in `held`: decide again at the next step
      // (without this, its notification was overwritten and it waited for `next`).
      const current = this.pending.get(device)?.version ?? version;
      const changed = current !== version;
      // A pending revocation posts every reading at once: its device is re-decided at every step.
      if (next === undefined && !changed) this.pending.delete(device);
      else this.pending.set(device, { dirty: changed || urgent === "revocation", nextAt: changed ? 0 : next!, version: current });
    }
    metrics.held.set(outbox.heldCount());
    return made;
  }
}
