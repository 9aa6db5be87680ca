/**
 * The batcher: takes queued checkpoints (checkpoints.ts decides which raw readings are
 * checkpoints; nothing else is ever queued) from the outbox into transactions, when a full batch is
 * waiting or the oldest queued reading has waited `batchWaitMs`, with at most `maxInFlight`
 * unfinished transactions. Devices leave the queue in the order their oldest reading arrived and
 * each device's readings in seq order (Outbox.queued), so a device's readings are sent in seq
 * order across consecutive nonces, even a late one that arrived after newer readings.
 */
import type { Logger } from "pino";
import type { Outbox } from "./outbox.js";
import type { Submitter } from "./submitter.js";

export interface BatcherOptions {
  batchSize: number;
  batchWaitMs: number;
  maxInFlight: number;
}

export class Batcher {
  constructor(
    private readonly outbox: Outbox,
    private readonly submitter: Pick<Submitter, "submit">,
    private readonly opts: BatcherOptions,
    private readonly log: Logger,
    private readonly onSubmitted: (r: { batchId: number; hash: string; broadcast: boolean }) => void = () => {},
  ) {}

  /** True if a batch should be cut now. */
  due(now = Date.now()): boolean {
    if (this.outbox.openBatches().length >= this.opts.maxInFlight) return false;
    const oldest = this.outbox.oldestQueuedAt();
    if (oldest === undefined) return false;
    if (now - oldest >= this.opts.batchWaitMs) return true;
    return this.outbox.queued(this.opts.batchSize).length >= this.opts.batchSize;
  }

  /** Cuts and submits one batch if due. Returns the number of readings submitted. */
  async step(now = Date.now()): Promise<number> {
    if (!this.due(now)) return 0;
    // One checkpoint per device per transaction: EmissionOracle commits only the later of two
    // readings of one device in one call; the next one leaves with the next batch.
    const seen = new Set<string>();
    const readings = this.outbox.queued(this.opts.batchSize).filter((r) => {
      const d = r.reading.device.toLowerCase();
      if (seen.has(d)) return false;
      seen.add(d);
      return true;
    });
    if (readings.length === 0) return 0;
    const result = await this.submitter.submit(readings);
    this.onSubmitted(result);
    this.log.debug({ readings: readings.length, batchId: result.batchId }, "batch cut");
    return readings.length;
  }
}
