/**
 * Validation of a decoded reading before it may enter the outbox: the signature is the device
 * key's (checked first, so a forged message costs no lookup), the device is registered and
 * active, seq / timestamp / cumulative move forward against
 * both the outbox and the chain, the timestamp is not in the future beyond the allowed clock skew,
 * and the register increase is physically plausible for the device kind: per reading, and
 * across readings through the device's allowance (plausibility.ts), whose carried credit is
 * stored with the reading so a restart keeps it.
 * Throws IngestRejection with the reason; never anything else for bad input.
 */
import type { DeviceKind } from "../sdk/units.js";
import { DeviceStatus, type DeviceDirectory, type DeviceInfo } from "./directory.js";
import type { DeviceHead, Outbox } from "./outbox.js";
import type { DecodedReading } from "./payload.js";
import { fullCredit, maxPlausibleDelta, spendAllowance } from "./plausibility.js";
import { IngestRejection } from "./reasons.js";
import type { ReadingVerifier } from "./signature.js";
import type { VerifyPool } from "./verify-pool.js";

export interface ValidatorDeps {
  /** The signature check: ReadingVerifier on this thread, or a VerifyPool of worker threads. */
  verifier: Pick<ReadingVerifier, "isSignedByDevice"> | Pick<VerifyPool, "isSignedByDevice">;
  directory: DeviceDirectory;
  outbox: Pick<Outbox, "head" | "headCredit" | "submittedHead" | "neighbours">;
  maxClockSkewS: number;
  /** Current unix time in seconds. */
  now?: () => number;
}

/** The later of two heads by seq (either may be missing). */
function newest(a: DeviceHead | undefined, b: DeviceHead | undefined): DeviceHead | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.seq >= b.seq ? a : b;
}

/** A reading that passed: its device's record, and for a new head the credit to store with it. */
export interface Validated {
  info: DeviceInfo;
  /** Plausibility credit left after this reading (undefined for a late reading: the head stays). */
  credit?: bigint;
}

export class ReadingValidator {
  private readonly now: () => number;

  constructor(private readonly deps: ValidatorDeps) {
    this.now = deps.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /** Whether `decoded` carries its device's signature (on this thread, or a worker's answer). */
  signatureValid({ reading, signature }: DecodedReading): boolean | Promise<boolean> {
    return this.deps.verifier.isSignedByDevice(reading, signature);
  }

  /**
   * Validates `decoded`; returns the device's registry record and the credit to store. `signed`
   * is the answer of `signatureValid` when the caller checked it already (ahead of its turn).
   */
  async validate(decoded: DecodedReading, signed?: boolean): Promise<Validated> {
    const { reading } = decoded;
    // The signature first: a forged message costs no directory lookup (no RPC call).
    if (!(signed ?? (await this.signatureValid(decoded)))) {
      throw new IngestRejection("bad_signature", `${reading.device} seq ${reading.seq}`);
    }
    const info = await this.deps.directory.lookup(reading.device);
    if (info.status === DeviceStatus.None) throw new IngestRejection("unknown_device", reading.device);
    if (info.status !== DeviceStatus.Active) throw new IngestRejection("device_not_active", reading.device);
    const local = this.deps.outbox.head(reading.device);
    const head = newest(local, info.chainHead);
    if (head && reading.seq <= head.seq) {
      this.checkLate(reading.device, info.kind, reading, info.chainHead);
      return { info };
    }
    this.checkAgainstHead(reading.device, info.kind, reading, head);
    // A first reading starts with the full credit. So does a head whose credit this outbox does
    // not know: one known only from the chain (a new data dir, or another instance's reading)
    // or a row from before the allowance. Each such head grants one credit, no more.
    if (!head) return { info, credit: fullCredit(info.kind) };
    const credit = (head === local ? this.deps.outbox.headCredit(reading.device) : undefined) ?? fullCredit(info.kind);
    const spent = spendAllowance(info.kind, reading.timestamp - head.timestamp, reading.cumulative - head.cumulative, credit);
    if (!spent.ok) {
      throw new IngestRejection(
        "implausible",
        `${reading.device} +${reading.cumulative - head.cumulative} in ${reading.timestamp - head.timestamp} s > allowance ${spent.available} (rate × elapsed + carried credit)`,
      );
    }
    return { info, credit: spent.credit };
  }

  /**
   * A late reading: older than the newest one known, as when a broker redelivers unacknowledged
   * messages after newer ones it queued while the oracle was down. It is still wanted if no
   * reading at or after its seq has gone to the chain (the batcher sends each device's queued
   * readings in seq order) and it fits between its stored neighbours; otherwise it is stale
   * (its delta is carried by the newer reading's register anyway). It spends no allowance: it
   * splits an interval whose energy the newer reading already passed the allowance with.
   */
  private checkLate(
    device: string,
    kind: DeviceKind,
    r: { seq: bigint; timestamp: bigint; cumulative: bigint },
    chainHead: DeviceHead | undefined,
  ): void {
    const { outbox } = this.deps;
    const floor = newest(outbox.submittedHead(device), chainHead);
    if (floor && r.seq <= floor.seq) throw new IngestRejection("stale_seq", `${device} seq ${r.seq} ≤ ${floor.seq} (already submitted)`);
    // (A reading with the very same seq is refused by the outbox's unique key: stale_seq.)
    const { before, after } = outbox.neighbours(device, r.seq);
    this.checkAgainstHead(device, kind, r, newest(before, floor));
    if (after && r.timestamp > after.timestamp) {
      throw new IngestRejection("timestamp_not_increasing", `${device} timestamp ${r.timestamp} > ${after.timestamp} of seq ${after.seq}`);
    }
    if (after && r.cumulative > after.cumulative) {
      throw new IngestRejection("cumulative_decreased", `${device} ${r.cumulative} > ${after.cumulative} of seq ${after.seq}`);
    }
  }

  /** The time and monotonicity rules against the newest known reading of the device. */
  checkAgainstHead(
    device: string,
    kind: DeviceKind,
    r: { seq: bigint; timestamp: bigint; cumulative: bigint },
    head: DeviceHead | undefined,
  ): void {
    if (r.seq === 0n) throw new IngestRejection("out_of_range", `${device} seq 0 (sequences start at 1)`);
    const limit = BigInt(this.now() + this.deps.maxClockSkewS);
    if (r.timestamp > limit) {
      throw new IngestRejection("timestamp_in_future", `${device} timestamp ${r.timestamp} > ${limit}`);
    }
    if (!head) return; // a device's first reading only sets its register
    if (r.seq <= head.seq) throw new IngestRejection("stale_seq", `${device} seq ${r.seq} ≤ ${head.seq}`);
    if (r.timestamp < head.timestamp) {
      throw new IngestRejection("timestamp_not_increasing", `${device} timestamp ${r.timestamp} < ${head.timestamp}`);
    }
    if (r.cumulative < head.cumulative) {
      throw new IngestRejection("cumulative_decreased", `${device} ${r.cumulative} < ${head.cumulative}`);
    }
    const delta = r.cumulative - head.cumulative;
    const allowed = maxPlausibleDelta(kind, r.timestamp - head.timestamp);
    if (delta > allowed) {
      throw new IngestRejection("implausible", `${device} +${delta} in ${r.timestamp - head.timestamp} s > ${allowed}`);
    }
  }
}
