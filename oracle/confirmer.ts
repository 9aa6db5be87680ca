/**
 * The confirmer: follows every sent batch until it is final.
 * - Receipt found and `confirmations` deep: each reading gets its on-chain outcome from the
 *   ReadingAccepted / ReadingRejected events (matched by device and seq); readings the logs do
 *   not mention are re-queued. A reverted transaction (e.g. oracle paused) re-queues its batch.
 * - Mined but its block left the canonical chain (reorg): un-mark and re-broadcast; if the nonce
 *   was meanwhile used by something else, the batch is re-queued.
 * - Not mined after `feeBumpAfterMs`: replaced at the same nonce with fees raised by 25 %.
 * - Not yet broadcast successfully in this process (RPC outage, restart after a crash):
 *   re-broadcast. Idempotent, because the chain rejects a seq it has already accepted.
 */
import type { Contract, JsonRpcProvider, TransactionReceipt } from "ethers";
import type { Logger } from "pino";
import { REJECT_REASONS } from "../sdk/readings.js";
import { committedCheckpoints, type Outcome } from "../sdk/raw-series.js";
import type { OracleMetrics } from "./metrics.js";
import type { Outbox, SentBatch } from "./outbox.js";
import type { Submitter } from "./submitter.js";

export const MAX_ATTEMPTS = 5;

export interface ConfirmerDeps {
  provider: JsonRpcProvider;
  oracle: Contract;
  walletAddress: string;
  outbox: Outbox;
  submitter: Submitter;
  metrics: OracleMetrics;
  log: Logger;
  confirmations: number;
  feeBumpAfterMs: number;
}

const bump = (v: bigint) => (v * 125n) / 100n + 1n;

export class Confirmer {
  /** Transaction hashes broadcast successfully by this process. */
  private readonly broadcast = new Set<string>();

  constructor(private readonly deps: ConfirmerDeps) {}

  markBroadcast(hash: string): void {
    this.broadcast.add(hash);
  }

  /** One pass over the open batches. Throws on RPC failure (the caller retries later). */
  async tick(): Promise<void> {
    const { provider, outbox, metrics } = this.deps;
    const batches = outbox.openBatches();
    metrics.queued.set(outbox.counts().queued);
    const open = outbox.oldestOpenAt();
    metrics.lag.set(open === undefined ? 0 : (Date.now() - open) / 1000);
    if (batches.length === 0) return;
    const head = await provider.getBlockNumber();
    let confirmedNonce: number | undefined;
    for (const batch of batches) {
      const receipt = await this.findReceipt(batch);
      if (receipt) {
        await this.onMined(batch, receipt, head);
        continue;
      }
      if (batch.minedBlock !== null) {
        this.deps.log.warn({ batchId: batch.id, block: batch.minedBlock }, "batch left the canonical chain (reorg)");
        outbox.markMined(batch.id, null, null);
        batch.txHashes.forEach((h) => this.broadcast.delete(h));
      }
      confirmedNonce ??= await provider.getTransactionCount(this.deps.walletAddress, "latest");
      if (batch.nonce < confirmedNonce) {
        // The nonce is used, but by none of our transactions for this batch: it can never mine.
        // Re-check the receipts once more (a replacement may just have been mined) before giving up.
        if (!(await this.findReceipt(batch))) {
          this.deps.log.warn({ batchId: batch.id, nonce: batch.nonce }, "batch dropped (nonce used); re-queueing");
          outbox.requeueBatch(batch.id, "dropped", MAX_ATTEMPTS);
        }
        continue;
      }
      await this.keepAlive(batch);
    }
  }

  private async findReceipt(batch: SentBatch): Promise<TransactionReceipt | null> {
    for (const hash of [...batch.txHashes].reverse()) {
      const receipt = await this.deps.provider.getTransactionReceipt(hash);
      if (receipt) return receipt;
    }
    return null;
  }

  private async onMined(batch: SentBatch, receipt: TransactionReceipt, head: number): Promise<void> {
    const { outbox, metrics, log, oracle } = this.deps;
    if (batch.minedBlockHash !== receipt.blockHash) outbox.markMined(batch.id, receipt.blockNumber, receipt.blockHash);
    if (receipt.status !== 1) {
      log.warn({ batchId: batch.id, tx: receipt.hash }, "batch reverted; re-queueing its readings");
      outbox.requeueBatch(batch.id, "reverted", MAX_ATTEMPTS);
      return;
    }
    if (head - receipt.blockNumber + 1 < this.deps.confirmations) return;
    const readings = outbox.batchReadings(batch.id);
    const idByKey = new Map(readings.map((r) => [`${r.reading.device.toLowerCase()}:${r.reading.seq}`, r.id]));
    const outcomes = new Map<number, string>();
    const committed = new Map<number, string>();
    const oracleAddress = (await oracle.getAddress()).toLowerCase();
    const inOrder: Outcome[] = [];
    let record: { commitmentsHash: string; checkpoints: bigint; accepted: bigint } | undefined;
    for (const entry of receipt.logs) {
      if (entry.address.toLowerCase() !== oracleAddress) continue;
      const parsed = oracle.interface.parseLog(entry);
      if (!parsed) continue;
      if (parsed.name === "CheckpointsCommitted") {
        record = { commitmentsHash: String(parsed.args.commitmentsHash), checkpoints: BigInt(parsed.args.checkpoints), accepted: BigInt(parsed.args.accepted) };
        continue;
      }
      if (parsed.name !== "ReadingAccepted" && parsed.name !== "ReadingRejected") continue;
      inOrder.push(parsed.name === "ReadingAccepted" ? "accepted" : "rejected");
      const device = String(parsed.args.device).toLowerCase();
      const id = idByKey.get(`${device}:${BigInt(parsed.args.seq)}`);
      if (id === undefined) continue;
      if (parsed.name === "ReadingAccepted") outcomes.set(id, "accepted");
      else outcomes.set(id, REJECT_REASONS[Number(parsed.args.reason)] ?? "Unknown");
    }
    if (record) {
      // the roots the call's calldata commits for its accepted checkpoints (sdk committedCheckpoints)
      const tx = await this.deps.provider.getTransaction(receipt.hash);
      try {
        for (const cp of committedCheckpoints((tx?.data ?? "0x") as `0x${string}`, inOrder, record)) {
          const id = idByKey.get(`${cp.reading.device.toLowerCase()}:${cp.reading.seq}`);
          if (id !== undefined) committed.set(id, cp.root.toLowerCase());
        }
      } catch (err) {
        log.error({ batchId: batch.id, tx: receipt.hash, err: (err as Error).message }, "checkpoint commitments not readable from the transaction");
      }
    }
    outbox.finalizeBatch(batch.id, receipt.gasUsed, outcomes, MAX_ATTEMPTS, { txHash: receipt.hash, committed });
    for (const r of readings) {
      const root = committed.get(r.id);
      if (outcomes.get(r.id) === "accepted" && r.commitment && root !== r.commitment.root.toLowerCase()) {
        log.error({ device: r.reading.device, seq: r.reading.seq.toString(), ours: r.commitment.root, onChain: root ?? null }, "checkpoint accepted without our commitment");
      }
    }
    for (const outcome of outcomes.values()) metrics.confirmed.inc({ outcome });
    metrics.batchGas.observe(Number(receipt.gasUsed));
    if (readings.length > 0) metrics.gasPerReading.set(Number(receipt.gasUsed) / readings.length);
    metrics.lastConfirmedBlock.set(receipt.blockNumber);
    const rejected = [...outcomes.values()].filter((o) => o !== "accepted");
    log.info(
      { batchId: batch.id, block: receipt.blockNumber, gasUsed: receipt.gasUsed.toString(), readings: readings.length, rejected: rejected.length },
      "batch final",
    );
    if (rejected.length > 0) log.warn({ batchId: batch.id, reasons: rejected }, "readings rejected on chain");
  }

  /** Re-broadcasts or fee-bumps an unmined batch. */
  private async keepAlive(batch: SentBatch): Promise<void> {
    const { submitter, outbox, metrics, log } = this.deps;
    const latest = batch.txHashes.length - 1;
    if (Date.now() - batch.sentAt > this.deps.feeBumpAfterMs) {
      const readings = outbox.batchReadings(batch.id);
      const fees = await submitter.fees();
      const next = {
        maxFeePerGas: [bump(batch.maxFeePerGas), fees.maxFeePerGas].reduce((a, b) => (a > b ? a : b)),
        maxPriorityFeePerGas: [bump(batch.maxPriorityFeePerGas), fees.maxPriorityFeePerGas].reduce((a, b) => (a > b ? a : b)),
      };
      const tx = await submitter.sign(readings, batch.nonce, next);
      outbox.recordReplacement(batch, { ...tx, ...next });
      metrics.feeBumps.inc();
      log.warn({ batchId: batch.id, nonce: batch.nonce, tx: tx.hash }, "fee-bumped stuck batch");
      if (await submitter.broadcast(tx.raw)) this.broadcast.add(tx.hash);
      return;
    }
    const hash = batch.txHashes[latest]!;
    if (!this.broadcast.has(hash) && (await submitter.broadcast(batch.rawTxs[latest]!))) this.broadcast.add(hash);
  }
}
