/**
 * The submitter: turns a batch of outbox checkpoints into one `submitCheckpoints` transaction,
 * each with the commitment of the raw series it summarises.
 * Readings are sorted by owner, device, seq (cheapest on chain). The transaction is signed
 * locally with an explicitly managed nonce and EIP-1559 fees, and recorded in the outbox
 * (raw bytes included) BEFORE it is broadcast: after a crash the confirmer re-broadcasts it, so
 * a reading can never be in two live transactions nor in none.
 */
import { keccak256, type Contract, type JsonRpcProvider, type Wallet, type HDNodeWallet } from "ethers";
import type { Logger } from "pino";
import { sortForSubmission, toSubmitArgs, type SignedReading } from "../sdk/readings.js";
import { commitRawSeries, type RawCommitment } from "../sdk/raw-series.js";
import type { TypedDataDomain } from "../sdk/typed-data.js";
import { withRetry } from "./chain.js";
import type { OracleMetrics } from "./metrics.js";
import type { Outbox, OutboxReading } from "./outbox.js";

/** Gas limit for a batch: generous against the measured ~25–40k gas per reading. */
export function batchGasLimit(readings: number): bigint {
  return 80_000n + 60_000n * BigInt(readings);
}

export interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

export interface SubmitterDeps {
  provider: JsonRpcProvider;
  wallet: Wallet | HDNodeWallet;
  oracle: Contract;
  chainId: bigint;
  /** The EmissionOracle domain (for the single-leaf commitment of a reading stored before checkpoints). */
  domain: TypedDataDomain;
  outbox: Outbox;
  metrics: OracleMetrics;
  log: Logger;
  ownerOf: (device: string) => string | undefined;
  stopped: () => boolean;
}

export class Submitter {
  private nonce: number | undefined;

  constructor(private readonly deps: SubmitterDeps) {}

  /** Current EIP-1559 fees from the node (retried while the endpoint is down). */
  async fees(): Promise<Fees> {
    const { provider, log, metrics, stopped } = this.deps;
    const fee = await withRetry("fee_data", () => provider.getFeeData(), { log, metrics, stopped });
    const priority = fee.maxPriorityFeePerGas ?? 1_000_000_000n;
    const max = fee.maxFeePerGas ?? (fee.gasPrice ?? 1_000_000_000n) * 2n;
    return { maxFeePerGas: max > priority ? max : priority, maxPriorityFeePerGas: priority };
  }

  /** The commitment a checkpoint carries (its own single leaf for a reading queued before checkpoints). */
  commitment(r: OutboxReading): RawCommitment {
    if (r.commitment) return r.commitment;
    const { leaves: _l, ...c } = commitRawSeries(this.deps.domain, [{ reading: r.reading, signature: r.signature }]);
    return c;
  }

  /** Signs a submitCheckpoints transaction for `readings` at `nonce` with `fees`. */
  async sign(readings: readonly OutboxReading[], nonce: number, fees: Fees): Promise<{ raw: string; hash: string }> {
    const { oracle, wallet, chainId } = this.deps;
    const signed: SignedReading[] = readings.map((r) => ({ reading: r.reading, signature: r.signature }));
    const commitments = readings.map((r) => this.commitment(r));
    const data = oracle.interface.encodeFunctionData("submitCheckpoints", [...toSubmitArgs(signed), commitments]);
    const raw = await wallet.signTransaction({
      type: 2,
      chainId,
      nonce,
      to: await oracle.getAddress(),
      data,
      gasLimit: batchGasLimit(readings.length),
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    });
    return { raw, hash: keccak256(raw) };
  }

  /** Sorts `readings` by owner, device, seq (the order the contract books cheapest). */
  order(readings: readonly OutboxReading[]): OutboxReading[] {
    const byKey = new Map(readings.map((r) => [`${r.reading.device}:${r.reading.seq}`, r]));
    const sorted = sortForSubmission(
      readings.map((r) => ({ reading: r.reading, signature: r.signature })),
      (device) => this.deps.ownerOf(device) ?? device,
    );
    return sorted.map((s) => byKey.get(`${s.reading.device}:${s.reading.seq}`)!);
  }

  /** Records and broadcasts one batch. */
  async submit(readings: readonly OutboxReading[]): Promise<{ batchId: number; hash: string; broadcast: boolean }> {
    const { provider, wallet, outbox, metrics, log, stopped } = this.deps;
    if (this.nonce === undefined) {
      const pending = await withRetry("nonce", () => provider.getTransactionCount(wallet.address, "pending"), {
        log,
        metrics,
        stopped,
      });
      // A batch recorded just before a crash may not have reached the node: never reuse its nonce.
      const recorded = outbox.openBatches().reduce((max, b) => Math.max(max, b.nonce + 1), 0);
      this.nonce = Math.max(pending, recorded);
    }
    const ordered = this.order(readings);
    const fees = await this.fees();
    const nonce = this.nonce;
    const tx = await this.sign(ordered, nonce, fees);
    const batchId = outbox.recordBatch(
      ordered.map((r) => r.id),
      { nonce, hash: tx.hash, raw: tx.raw, ...fees },
    );
    this.nonce = nonce + 1;
    metrics.submitted.inc(ordered.length);
    log.info({ batchId, nonce, readings: ordered.length, tx: tx.hash }, "batch submitted");
    return { batchId, hash: tx.hash, broadcast: await this.broadcast(tx.raw) };
  }

  /**
   * Sends a signed transaction. Failures are logged, not thrown: the confirmer re-broadcasts
   * unmined transactions, so an RPC outage only delays them.
   */
  async broadcast(raw: string): Promise<boolean> {
    try {
      await this.deps.provider.broadcastTransaction(raw);
      return true;
    } catch (err) {
      const msg = (err as Error).message ?? String(err);
      if (/already known|known transaction|already imported/i.test(msg)) return true;
      this.deps.metrics.rpcErrors.inc({ stage: "broadcast" });
      this.deps.log.warn({ err: msg.slice(0, 200) }, "broadcast failed; will retry");
      return false;
    }
  }

  /** Forgets the local nonce (re-read from the node before the next batch). */
  resetNonce(): void {
    this.nonce = undefined;
  }
}
