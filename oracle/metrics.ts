/**
 * Prometheus metrics of one oracle instance (its own registry, so tests can run several).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export class OracleMetrics {
  readonly registry = new Registry();
  readonly received = new Counter({
    name: "pcx_oracle_readings_received_total",
    help: "Messages received, by source (pcx, tasmota, shelly)",
    labelNames: ["source"] as const,
    registers: [this.registry],
  });
  readonly rejected = new Counter({
    name: "pcx_oracle_readings_rejected_total",
    help: "Messages rejected before the outbox, by reason",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  readonly messages = new Counter({
    name: "pcx_oracle_messages_total",
    help: "Every message handled, by outcome (stored, rejected, ignored, failed) and reason",
    labelNames: ["outcome", "reason"] as const,
    registers: [this.registry],
  });
  readonly stored = new Counter({
    name: "pcx_oracle_readings_stored_total",
    help: "Readings committed to the outbox",
    registers: [this.registry],
  });
  readonly raw = new Counter({
    name: "pcx_oracle_raw_readings_total",
    help: "Raw readings verified and stored (every one; only checkpoints go on chain)",
    registers: [this.registry],
  });
  readonly checkpoints = new Counter({
    name: "pcx_oracle_checkpoint_readings_total",
    help: "Raw readings made checkpoints (posted on chain with their raw series' commitment), by rule",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  readonly held = new Gauge({
    name: "pcx_oracle_outbox_held",
    help: "Raw readings not yet summarised by a checkpoint",
    registers: [this.registry],
  });
  readonly queued = new Gauge({
    name: "pcx_oracle_outbox_queued",
    help: "Checkpoints in the outbox waiting for a transaction",
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({
    name: "pcx_oracle_outbox_in_flight",
    help: "Readings in sent, not yet final transactions",
    registers: [this.registry],
  });
  readonly submitted = new Counter({
    name: "pcx_oracle_readings_submitted_total",
    help: "Readings put into a submitted transaction (resubmissions counted again)",
    registers: [this.registry],
  });
  readonly confirmed = new Counter({
    name: "pcx_oracle_readings_confirmed_total",
    help: "Readings final on chain, by outcome (accepted, or the on-chain reject reason)",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  readonly batchGas = new Histogram({
    name: "pcx_oracle_batch_gas_used",
    help: "Gas used per submitCheckpoints transaction",
    buckets: [100_000, 250_000, 500_000, 1_000_000, 2_000_000, 4_000_000, 8_000_000, 16_000_000],
    registers: [this.registry],
  });
  readonly gasPerReading = new Gauge({
    name: "pcx_oracle_gas_per_reading",
    help: "Gas per checkpoint of the last confirmed batch",
    registers: [this.registry],
  });
  readonly lag = new Gauge({
    name: "pcx_oracle_lag_seconds",
    help: "Age of the oldest reading not yet final on chain",
    registers: [this.registry],
  });
  readonly ingestLatency = new Histogram({
    name: "pcx_oracle_ingest_seconds",
    help: "Time from message arrival to outbox commit",
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5],
    registers: [this.registry],
  });
  readonly rpcErrors = new Counter({
    name: "pcx_oracle_rpc_errors_total",
    help: "Failed RPC calls (retried with backoff)",
    labelNames: ["stage"] as const,
    registers: [this.registry],
  });
  readonly feeBumps = new Counter({
    name: "pcx_oracle_fee_bumps_total",
    help: "Transactions replaced with higher fees",
    registers: [this.registry],
  });
  readonly lastConfirmedBlock = new Gauge({
    name: "pcx_oracle_last_confirmed_block",
    help: "Block of the last final batch",
    registers: [this.registry],
  });

  readonly authRefusals = new Counter({
    name: "pcx_mqtt_auth_refusals_total",
    help: "Connects, publishes, subscriptions and deliveries the embedded broker refused, by reason",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });

  constructor(defaults = false) {
    if (defaults) collectDefaultMetrics({ register: this.registry, prefix: "pcx_oracle_" });
  }
}
