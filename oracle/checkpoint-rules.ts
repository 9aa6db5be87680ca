/**
 * The chain rules that need a device's checkpoint at once (checkpoints.ts "urgent"), learnt from
 * events polled from the chain:
 *   revocation     Registry.DeviceRevoked with effectiveAt in the future (an owner's revocation of
 *                  an optional meter takes effect at the end of the grace window): until then
 *                  every reading is posted at once, so the register before the revocation counts
 *   factor_change  EmissionFactors.FactorVersionPublished effective from a later period, for the
 *                  device's factor: one checkpoint now (once per device and version), so what was
 *                  measured so far is booked before the change; the period-close checkpoint then
 *                  closes the old factor's period exactly.
 * The rules live in memory, so every start looks back LOOKBACK_BLOCKS (on a 2 s chain ≈ 2.3 days,
 * on the 5-minute local calendar far more than a grace window) and rebuilds them: a revocation
 * pending before a restart is still seen (a factor change may then ask one more checkpoint per
 * device). The last block read is written to the outbox (meta `rules_block`) for `status`.
 */
import type { Contract, JsonRpcProvider } from "ethers";
import type { Logger } from "pino";
import type { CheckpointReason, UrgentRules } from "./checkpoints.js";
import type { Outbox } from "./outbox.js";

export const LOOKBACK_BLOCKS = 100_000;
export const POLL_MS = 2_000;

export class CheckpointRules implements UrgentRules {
  private readonly revocations = new Map<string, number>();
  private readonly versions = new Map<number, { versionId: number; effectiveFromPeriod: number }[]>();
  private readonly handled = new Set<string>();

  constructor(
    private readonly deps: {
      provider: JsonRpcProvider;
      registry: Contract;
      factors: Contract;
      outbox: Outbox;
      log: Logger;
      factorOf: (device: string) => Promise<number | undefined>;
      currentPeriod: (nowS: number) => number;
    },
  ) {}

  private lastPoll = 0;
  private cursor: number | undefined;

  /**
   * Reads the new events since the last poll (at most every POLL_MS); true if any arrived.
   * Throws on RPC failure (the caller retries).
   */
  async poll(nowMs = Date.now()): Promise<boolean> {
    if (nowMs - this.lastPoll < POLL_MS) return false;
    this.lastPoll = nowMs;
    const { provider, registry, factors, outbox } = this.deps;
    const head = await provider.getBlockNumber();
    const from = this.cursor === undefined ? Math.max(0, head - LOOKBACK_BLOCKS) : this.cursor + 1;
    if (from > head) return false;
    const [revoked, published] = await Promise.all([
      registry.queryFilter(registry.filters.DeviceRevoked!(), from, head),
      factors.queryFilter(factors.filters.FactorVersionPublished!(), from, head),
    ]);
    for (const e of revoked) {
      if (!("args" in e)) continue;
      this.revocations.set(String(e.args.device).toLowerCase(), Number(e.args.effectiveAt));
    }
    for (const e of published) {
      if (!("args" in e)) continue;
      const factorId = Number(e.args.factorId);
      const list = this.versions.get(factorId) ?? [];
      list.push({ versionId: Number(e.args.versionId), effectiveFromPeriod: Number(e.args.effectiveFromPeriod) });
      this.versions.set(factorId, list);
    }
    this.cursor = head;
    outbox.setMeta("rules_block", String(head));
    return revoked.length + published.length > 0;
  }

  async urgent(device: string, nowS: number): Promise<CheckpointReason | undefined> {
    const key = device.toLowerCase();
    const effectiveAt = this.revocations.get(key);
    if (effectiveAt !== undefined) {
      if (effectiveAt > nowS) return "revocation";
      this.revocations.delete(key);
    }
    if (this.versions.size === 0) return undefined;
    const factorId = await this.deps.factorOf(key);
    if (factorId === undefined) return undefined;
    const current = this.deps.currentPeriod(nowS);
    for (const v of this.versions.get(factorId) ?? []) {
      if (v.effectiveFromPeriod <= current) continue;
      const mark = `${key}:${v.versionId}`;
      if (this.handled.has(mark)) continue;
      this.handled.add(mark);
      return "factor_change";
    }
    return undefined;
  }
}
