/**
 * Decode + validate + store: turns one MQTT message into one committed outbox row, or one counted,
 * logged rejection. Never throws for bad input; only an outbox failure (disk) propagates, so the
 * message stays unacknowledged and the broker redelivers it. Every message, ignored and failed
 * ones included, is counted in pcx_oracle_messages_total{outcome,reason}.
 */
import type { Logger } from "pino";
import type { DeviceAdapter } from "./adapters/types.js";
import type { AnomalyDetector } from "./anomaly.js";
import type { OperatorAttestor } from "./adapters/operator.js";
import type { OracleMetrics } from "./metrics.js";
import { DuplicateReadingError, type Outbox } from "./outbox.js";
import { decodePcxReading, deviceFromTopic } from "./payload.js";
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

export class Ingestor {
  private readonly now: () => number;

  constructor(private readonly deps: IngestorDeps) {
    this.now = deps.now ?? (() => Math.floor(Date.now() / 1000));
  }

  async handle(topic: string, payload: Buffer, receivedAt = performance.now()): Promise<IngestResult> {
    let result: IngestResult;
    try {
      result = await this.handleMessage(topic, payload, receivedAt);
    } catch (err) {
      this.deps.metrics.messages.inc({ outcome: "failed", reason: "store_error" });
      throw err;
    }
    const reason = result.outcome === "stored" ? "ok" : result.reason;
    this.deps.metrics.messages.inc({ outcome: result.outcome, reason });
    return result;
  }

  private async handleMessage(topic: string, payload: Buffer, receivedAt: number): Promise<IngestResult> {
    const { metrics, log } = this.deps;
    try {
      if (deviceFromTopic(topic) !== undefined || topic.startsWith("pcx/")) {
        metrics.received.inc({ source: "pcx" });
        const decoded = decodePcxReading(topic, payload);
        const { credit } = await this.deps.validator.validate(decoded);
        return this.store(decoded.reading, decoded.signature, false, receivedAt, undefined, credit);
      }
      const adapter = this.deps.adapters?.find((a) => a.matches(topic));
      if (!adapter) return { outcome: "ignored", reason: "unknown_topic" };
      const sample = adapter.parse(topic, payload);
      if (!sample) return { outcome: "ignored", reason: "no_reading" };
      metrics.received.inc({ source: adapter.name });
      if (!this.deps.attestor) throw new IngestRejection("unmapped_topic", `no adapter keys configured for ${sample.key}`);
      const attested = await this.deps.attestor.attest(sample, this.now());
      if (attested.reset) log.warn({ register: sample.key, device: attested.reading.device }, "register reset: new baseline");
      const { credit } = await this.deps.validator.validate(attested);
      return this.store(attested.reading, attested.signature, true, receivedAt, attested.adapterState, credit);
    } catch (err) {
      let rejection: IngestRejection;
      if (err instanceof IngestRejection) rejection = err;
      else if (err instanceof DuplicateReadingError) rejection = new IngestRejection("stale_seq", err.message);
      else if (err instanceof RangeError) rejection = new IngestRejection("out_of_range", err.message);
      else throw err;
      metrics.rejected.inc({ reason: rejection.reason });
      log.warn({ topic, reason: rejection.reason, detail: rejection.message }, "reading rejected");
      return { outcome: "rejected", reason: rejection.reason };
    }
  }

  private store(
    reading: Parameters<Outbox["insert"]>[0],
    signature: Parameters<Outbox["insert"]>[1],
    operatorAttested: boolean,
    receivedAt: number,
    adapterState?: Parameters<Outbox["insert"]>[4],
    credit?: bigint,
  ): IngestResult {
    const prev = this.deps.anomaly && this.deps.outbox.head(reading.device);
    const id = this.deps.outbox.insert(reading, signature, operatorAttested, Date.now(), adapterState, credit);
    this.deps.metrics.stored.inc();
    this.deps.metrics.raw.inc();
    this.deps.onStored?.(reading.device);
    if (prev && reading.seq > prev.seq) {
      try {
        this.deps.anomaly!.observe(reading.device, prev, reading);
      } catch (err) {
        // The reading is committed; a scoring failure must not get its message redelivered.
        this.deps.log.warn({ device: reading.device, err: (err as Error).message }, "anomaly scoring failed");
      }
    }
    this.deps.metrics.ingestLatency.observe((performance.now() - receivedAt) / 1000);
    return { outcome: "stored", id };
  }
}
