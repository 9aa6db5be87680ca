/**
 * Decode + validate + store: turns one MQTT message into one committed outbox row, or one counted,
 * logged rejection. Never throws for bad input; only an outbox failure (disk) propagates, so the
 * message stays unacknowledged and the broker redelivers it. Every message, ignored and failed
 * ones included, is counted in pcx_oracle_messages_total{outcome,reason}, once its outcome is
 * final (for a stored reading: after its group commit).
 */
import type { Logger } from "pino";
import type { DeviceAdapter } from "./adapters/types.js";
import type { AnomalyDetector } from "./anomaly.js";
import type { OperatorAttestor } from "./adapters/operator.js";
import type { OracleMetrics } from "./metrics.js";
import { DuplicateReadingError, type Outbox } from "./outbox.js";
import { decodePcxReading, deviceFromTopic, type DecodedReading } from "./payload.js";
import { IngestRejection } from "./reasons.js";
import type { ReadingValidator } from "./validate.js";

export type IngestResult =
  | { outcome: "stored"; id: number }
  | { outcome: "rejected"; reason: IngestRejection["reason"] }
  | { outcome: "ignored"; reason: IgnoreReason };

/** Why a message was ignored: no subscription of ours parses its topic, or it carries no register value. */
export type IgnoreReason = "unknown_topic" | "no_reading";

export interface IngestorDeps {
  outbox: Outbox;
  validator: ReadingValidator;
  metrics: OracleMetrics;
  log: Logger;
  adapters?: readonly DeviceAdapter[];
  attestor?: OperatorAttestor;
  /** Scores each stored reading that advances its device's head (never blocks a reading). */
  anomaly?: Pick<AnomalyDetector, "observe">;
  /** Told after each reading is committed (the checkpoint planner re-decides its device). */
  onStored?: (device: string) => void;
  now?: () => number;
}

/** A PCX message decoded before its lane (or why it could not be), its signature being checked. */
type Early = { decoded: DecodedReading; signed: Promise<boolean> } | { error: unknown };

/** What staging a message produced: its final result, once its reading's commit (if any) is known. */
interface Staged {
  done: Promise<IngestResult>;
}

export class Ingestor {
  private readonly now: () => number;
  /** Per topic, the staging of its latest message: the next one of that topic waits for it. */
  private readonly lanes = new Map<string, Promise<void>>();

  constructor(private readonly deps: IngestorDeps) {
    this.now = deps.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /**
   * Handles one message; resolves once its outcome is final: stored (its reading committed),
   * rejected or ignored. Rejects only if the outbox failed (the message must not be acknowledged).
   * Calls may overlap: messages of one topic (one device) are decoded, validated and staged in
   * the order `handle` was called, each against its predecessors staged or committed; other
   * topics go ahead meanwhile (a directory lookup of one device holds up no other), and staged
   * readings share group commits.
   */
  handle(topic: string, payload: Buffer, receivedAt = performance.now()): Promise<IngestResult> {
    // Decoding and the signature check need no state: they start at once, outside the lane, so
    // a device's backlog has its signatures checked together (one batch in the worker pool).
    const early = this.decode(topic, payload);
    const before = this.lanes.get(topic);
    const stage = () => this.stageMessage(topic, payload, receivedAt, early);
    const staged = before ? before.then(stage) : stage();
    const lane = staged.then(
      () => {},
      () => {},
    );
    this.lanes.set(topic, lane);
    void lane.then(() => {
      if (this.lanes.get(topic) === lane) this.lanes.delete(topic);
    });
    return this.count(staged);
  }

  /** A PCX reading message decoded, its signature check under way; undefined for other topics. */
  private decode(topic: string, payload: Buffer): Early | undefined {
    if (deviceFromTopic(topic) === undefined && !topic.startsWith("pcx/")) return undefined;
    this.deps.metrics.received.inc({ source: "pcx" });
    try {
      const decoded = decodePcxReading(topic, payload);
      const signed = Promise.resolve(this.deps.validator.signatureValid(decoded));
      signed.catch(() => {}); // awaited in the lane; a failure there fails the message
      return { decoded, signed };
    } catch (err) {
      return { error: err };
    }
  }

  /** Counts the message's final outcome in pcx_oracle_messages_total (failed: the outbox threw). */
  private async count(staged: Promise<Staged>): Promise<IngestResult> {
    let result: IngestResult;
    try {
      result = await (await staged).done;
    } catch (err) {
      this.deps.metrics.messages.inc({ outcome: "failed", reason: "store_error" });
      throw err;
    }
    const reason = result.outcome === "stored" ? "ok" : result.reason;
    this.deps.metrics.messages.inc({ outcome: result.outcome, reason });
    return result;
  }

  private async stageMessage(topic: string, payload: Buffer, receivedAt: number, early: Early | undefined): Promise<Staged> {
    const { metrics, log } = this.deps;
    try {
      if (early) {
        if ("error" in early) throw early.error;
        const { credit } = await this.deps.validator.validate(early.decoded, await early.signed);
        return this.store(topic, early.decoded.reading, early.decoded.signature, false, receivedAt, undefined, credit);
      }
      const adapter = this.deps.adapters?.find((a) => a.matches(topic));
      if (!adapter) return final({ outcome: "ignored", reason: "unknown_topic" });
      const sample = adapter.parse(topic, payload);
      if (!sample) return final({ outcome: "ignored", reason: "no_reading" });
      metrics.received.inc({ source: adapter.name });
      if (!this.deps.attestor) throw new IngestRejection("unmapped_topic", `no adapter keys configured for ${sample.key}`);
      const attested = await this.deps.attestor.attest(sample, this.now());
      if (attested.reset) log.warn({ register: sample.key, device: attested.reading.device }, "register reset: new baseline");
      const { credit } = await this.deps.validator.validate(attested);
      return this.store(topic, attested.reading, attested.signature, true, receivedAt, attested.adapterState, credit);
    } catch (err) {
      return final(this.rejected(topic, err));
    }
  }

  /** The rejection for `err` (counted and logged); anything but bad input is rethrown. */
  private rejected(topic: string, err: unknown): IngestResult {
    let rejection: IngestRejection;
    if (err instanceof IngestRejection) rejection = err;
    else if (err instanceof DuplicateReadingError) rejection = new IngestRejection("stale_seq", err.message);
    else if (err instanceof RangeError) rejection = new IngestRejection("out_of_range", err.message);
    else throw err;
    this.deps.metrics.rejected.inc({ reason: rejection.reason });
    this.deps.log.warn({ topic, reason: rejection.reason, detail: rejection.message }, "reading rejected");
    return { outcome: "rejected", reason: rejection.reason };
  }

  /** Stages the reading for the next group commit; its result is known once that committed. */
  private store(
    topic: string,
    reading: Parameters<Outbox["stage"]>[0],
    signature: Parameters<Outbox["stage"]>[1],
    operatorAttested: boolean,
    receivedAt: number,
    adapterState?: Parameters<Outbox["stage"]>[4],
    credit?: bigint,
  ): Staged {
    const { outbox, metrics, anomaly, log } = this.deps;
    const prev = anomaly && outbox.head(reading.device);
    const committed = outbox.stage(reading, signature, operatorAttested, Date.now(), adapterState, credit);
    const done = committed.then(
      (id): IngestResult => {
        metrics.stored.inc();
        metrics.raw.inc();
        this.deps.onStored?.(reading.device);
        if (prev && reading.seq > prev.seq) {
          try {
            anomaly!.observe(reading.device, prev, reading);
          } catch (err) {
            // The reading is committed; a scoring failure must not get its message redelivered.
            log.warn({ device: reading.device, err: (err as Error).message }, "anomaly scoring failed");
          }
        }
        metrics.ingestLatency.observe((performance.now() - receivedAt) / 1000);
        return { outcome: "stored", id };
      },
      // A duplicate refused by the database's unique key: stale; any other error fails the message.
      (err: unknown) => this.rejected(topic, err instanceof DuplicateReadingError ? err : rethrow(err)),
    );
    return { done };
  }
}

function final(result: IngestResult): Staged {
  return { done: Promise.resolve(result) };
}

function rethrow(err: unknown): never {
  throw err;
}
