/**
 * bench/scale.md from bench/scale.json (written by `npm run bench:scale`): the measured figures
 * against the goals, and the extrapolation to 10,000 and 1,000,000 households with the measured
 * unit costs. `node --import tsx scripts/bench/scale-report.ts [--load "<uptime>"]`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "../../sdk/deployment.js";

const { values } = parseArgs({ options: { load: { type: "string" } } });
const r = JSON.parse(readFileSync(path.join(REPO_ROOT, "bench", "scale.json"), "utf8"));
// A run of 1,000 households over fewer days (`npm run bench:scale -- --households 1000 --days 3
// --out scale-1000-households`), when committed: the household count the month run did not reach.
const bigFile = path.join(REPO_ROOT, "bench", "scale-1000-households.json");
const big = existsSync(bigFile) ? JSON.parse(readFileSync(bigFile, "utf8")) : undefined;
const n = (x: number) => Math.round(x).toLocaleString("en-US");
const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
const gb = (b: number) => (b >= 1e12 ? `${(b / 1e12).toFixed(1)} TB` : `${(b / 1e9).toFixed(1)} GB`);
const ok = (met: boolean) => (met ? "met" : "**missed**");

// Base mainnet since 2025-10-28: 200 M gas per 2-s block, EIP-1559 elasticity 4 → 50 M gas target per block.
const BASE_TARGET_PER_DAY = (50e6 / 2) * 86_400;
const gasPerHouseholdDay = r.gasPerHouseholdMonth / 30;
// The empty indexer database (schema, setup events): 39.5 MB, measured by a 20-household, 2-day run.
const INDEXER_EMPTY = 39_515_561;
const dbPerHousehold = Math.max(0, r.indexerDbBytes - INDEXER_EMPTY) / r.households;
const oraclePerHousehold = r.oracleDbBytes / r.households;
const rows = [10_000, 1_000_000].map((households) => {
  const rateHourly = (households * r.metersPerHousehold) / 3600;
  const rate5min = (households * r.metersPerHousehold) / 300;
  const gasDay = gasPerHouseholdDay * households;
  return {
    households,
    instancesHourly: Math.max(1, Math.ceil(rateHourly / (r.ingestReadingsPerSecond * 0.5))),
    instances5min: Math.max(1, Math.ceil(rate5min / (r.ingestReadingsPerSecond * 0.5))),
    rate5min,
    gasDay,
    share: gasDay / BASE_TARGET_PER_DAY,
    everyReadingShare: ((r.everyReadingGasPerHouseholdMonth / 30) * households) / BASE_TARGET_PER_DAY,
    indexerDb: dbPerHousehold * households,
    oracleDb: oraclePerHousehold * households,
  };
});

const md = `# A month of ${n(r.households)} households, measured

\`npm run bench:scale\` (scripts/bench/scale.ts; this page: scripts/bench/scale-report.ts), ${r.date},
${r.machine}${values.load ? `; machine load during the run: \`${values.load}\`` : ""}; load average at the end ${r.loadAverageAtEnd.join(" / ")}
(the 2 cores were shared with other workers: every throughput figure here is a floor).

${n(r.households)} simulated households × ${r.metersPerHousehold} meters × ${r.days} simulated days, one signed raw reading per
meter per hour (${n(r.rawReadings)} raw readings), through the real pipeline: the embedded authenticated
Aedes broker (the simulator publishes as an issued device credential), the oracle service
(signatures verified in libsecp256k1, every raw reading durably stored in the SQLite outbox,
daily checkpoints with the Merkle commitment of the raw series) on a local Hardhat node whose
time follows the simulated clock (a block mined at each simulated hour; the oracle runs on the
same clock through \`OracleService.start(…, { clock })\`), one 30-day period with a 3-day grace
window, and the Ponder indexer following the chain. The chain's total emissions
(Σ emissionsOf over the households, and Σ ReadingAccepted kg) equal the simulator's exact total,
${r.emissionsWei} wei; every meter's on-chain register equals the simulator's last reading (the
bench exits 1 otherwise), and the audit CLI rebuilds the month from RPC with no mismatch.

| measure | result | goal | |
| --- | ---: | ---: | --- |
| raw readings stored (signature verified, SQLite) | ${n(r.rawReadings)} | ≥ 2,160,000 | ${ok(r.rawReadings >= 2_160_000)} |
| on-chain checkpoints (${Object.entries(r.checkpointsByReason).map(([k, v]) => `${k} ${n(v as number)}`).join(", ")}) in ${n(r.oracleTransactions)} transactions | ${n(r.onchainReadings)} | — | |
| **gas per household-month**, all oracle transactions ÷ households (${n(r.gasPerCheckpoint)} gas a checkpoint) | ${n(r.gasPerHouseholdMonth)} | ≤ 2,000,000 | ${ok(r.gasPerHouseholdMonth <= 2_000_000)} |
| the same month posted reading by reading at 5-minute metering (${n(r.everyReadingGasPerReading)} gas a reading, bench/gas-core.json, batch of 100 × 864 readings a day × 30) | ${n(r.everyReadingGasPerHouseholdMonth)} | — | ${(r.everyReadingGasPerHouseholdMonth / r.gasPerHouseholdMonth).toFixed(0)}× more |
| indexer lag behind the chain head, p95 / max (${r.indexerLagSamples} samples, 1 s apart, during the month) | ${r.indexerLagBlocksP95} / ${r.indexerLagBlocksMax} blocks | p95 ≤ 2 | ${ok(r.indexerLagBlocksP95 <= 2)} |
| dashboard indexer query p95 (emissions per period, readings per day per device ×3, trail; ${r.dashboardHouseholdsSampled} households, month indexed) | ${r.dashboardQueryP95Ms} ms (p50 ${r.dashboardQueryP50Ms}; periods ${r.dashboardQueryP95ByKindMs.periods}, days ${r.dashboardQueryP95ByKindMs.days}, trail ${r.dashboardQueryP95ByKindMs.trail}) | ≤ 200 ms | ${ok(r.dashboardQueryP95Ms <= 200)} |
| a whole household dashboard (5 queries in sequence), p95 | ${r.dashboardLoadP95Ms} ms | — | |
| audit CLI over the month (rebuild from RPC, ${n(r.chainBlocks)} blocks), clean: ${r.auditClean} | ${r.auditSeconds} s | — | |
| ingest, one oracle instance, real MQTT, at the 5-minute rate as fast as it goes (${n(r.ingest.readings)} pre-signed readings of ${n(r.ingest.meters)} meters) | ${n(r.ingestReadingsPerSecond)} readings/s | ≥ 10,000 | ${ok(r.ingestReadingsPerSecond >= 10_000)} |
| ingest during the month (whole pipeline on the same 2 cores as the simulator's signing, the chain and the indexer) | ${n(r.monthIngestReadingsPerSecond)} readings/s | — | |
| whole bench, wall clock | ${r.wallSeconds} s | ≤ 1,200 s | ${ok(r.wallSeconds <= 1200)} |

Stage timings (s): ${Object.entries(r.timings).map(([k, v]) => `${k} ${v}`).join(", ")}.
Setup (not oracle gas): enrolling the households and binding their certified meters cost ${n(r.setupGas)} gas
(${n(r.setupGas / r.households)} a household, once). Oracle outbox on disk: ${mb(r.oracleDbBytes)}; indexer database (PGlite): ${mb(r.indexerDbBytes)}.

${r.households < 1000 ? `## The 1,000-household run: not completed

The full size (1,000 households × 3 meters × 30 days = 2,160,000 raw readings) was started on
2026-12-01 at 11:14 UTC (load average 3.7–6.5 on the 2 shared cores) and stopped after 3.5 minutes of its month: setup
(chain, deploy, 1,000 enrolments + 3,000 certified bindings, 378 M gas) took 24 s and the indexer's
backfill of the ≈ 4,000 setup blocks 149 s, but the oracle then stored only 45,101 raw readings in
≈ 215 s (≈ 210 readings/s, against ${n(r.monthIngestReadingsPerSecond)} /s with ${r.households * r.metersPerHousehold} meters here) and its checkpoint planner had not
finished its first pass over the 3,000 newly dirty meters (no checkpoint counted yet). The oracle's MQTT client twice hit its
30-s keepalive (the PINGRESP waits behind the queued PUBLISH packets, which the source handles one at a time)
and reconnected; the broker redelivered the unacknowledged readings, which were refused as duplicates
(stale_seq, 7) and lost nothing. At that rate the month would take ≈ 3 hours, so the figures above are
from ${n(r.households)} households × ${r.days} days, the largest month that fits the time box; the per-household
unit costs (gas, database bytes) do not depend on the fleet size, the throughput figures do.

` : ""}## Extrapolation with the measured unit costs

Assumptions: gas per household-day = the measured ${n(gasPerHouseholdDay)} (daily checkpoints, ${r.metersPerHousehold} meters);
an oracle instance is run at half its measured ingest rate (${n(r.ingestReadingsPerSecond)} readings/s here, on a loaded
shared 2-core machine) for headroom; the L2 is Base mainnet, whose block gas limit is 200 M per 2-s block with
EIP-1559 elasticity 4 since 2025-10-28, i.e. a gas **target** of 50 M gas per block = 25 M gas/s =
${(BASE_TARGET_PER_DAY / 1e12).toFixed(2)} × 10¹² gas a day (source: base/contract-deployments,
mainnet/2025-10-28-increase-gas-and-elasticity-limit, executed). Database sizes scale linearly per household-month
(the indexer's, less its empty database of ${mb(INDEXER_EMPTY)}; the oracle outbox's at hourly raw readings — it grows with the raw rate,
12× at 5-minute readings, and is the oracle operator's archive, prunable once the raw series are exported).

| households | oracle instances (hourly / 5-minute readings) | readings/s at 5 min | oracle gas a day | share of Base's gas target | reading by reading instead | indexer DB a month | oracle outbox a month |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.map((x) => `| ${n(x.households)} | ${x.instancesHourly} / ${x.instances5min} | ${n(x.rate5min)} | ${(x.gasDay / 1e9).toFixed(2)} × 10⁹ | ${(x.share * 100).toFixed(2)} % | ${(x.everyReadingShare * 100).toFixed(0)} % | ${gb(x.indexerDb)} | ${gb(x.oracleDb)} |`).join("\n")}

## Reading the results

- **Gas.** Each checkpoint costs ≈ ${n(r.gasPerCheckpoint)} gas in batches of up to 256 (calldata of the reading and
  its signature and commitment, the device-state write, the owner's period total, ReadingAccepted;
  one CheckpointsCommitted per call; where each gas goes: bench/gas-checkpoints.md); a meter makes ${((r.onchainReadings / r.households / r.metersPerHousehold) * (30 / r.days)).toFixed(0)} a month (first, daily intervals, period close). Checkpoints cut the on-chain cost
  ${(r.everyReadingGasPerHouseholdMonth / r.gasPerHouseholdMonth).toFixed(0)}× against posting every 5-minute reading, and the cost no longer depends on the raw rate. The 2 M goal
  needs ≤ ${n(2_000_000 / (r.metersPerHousehold * 31))} gas a checkpoint at daily checkpoints, or checkpoints every ${Math.ceil(r.gasPerHouseholdMonth / 2_000_000)} days at
  this cost: see "What is left". Issue #11's cut took a checkpoint from 40,276 to 33,161 gas in
  bench/gas-checkpoints.md's batch (where each gas goes is listed there); the previous run of this page
  (3,436,014 gas per household-month, 35,437 a checkpoint) was measured on the assembly oracle, before the
  readable rewrite (#13) added ≈ 4.4k a checkpoint.
- **Ingest.** The oracle handles one MQTT message at a time per connection (the PUBACK waits for
  the SQLite commit): per reading, Aedes routing, JSON + schema, EIP-712 digest (3 keccaks in JS),
  libsecp256k1 recovery (≈ 70 µs unloaded), the monotonic/plausibility checks and one SQLite
  transaction. All of it runs on one event loop; on this machine that loop shared 2 cores with
  the simulator (signing), the Hardhat node, Ponder and other workers.
- **Indexer lag.** Counted in blocks of a chain that runs a simulated month in minutes: a block per
  simulated hour plus the oracle's batches, several blocks a second, which Ponder (200 ms polling,
  each block fetched and its events written to PGlite) trails by a few blocks; at Base's 2-s blocks
  the same lag in blocks would be a much smaller share of the block rate. Not met as measured.

${
  big
    ? `## 1,000 households (${big.days} simulated days, bench/scale-1000-households.json)

The same pipeline with ${n(big.households)} households × ${big.metersPerHousehold} meters, ${big.days} days of hourly readings
(${big.date}, ${big.machine}): ${n(big.rawReadings)} raw readings stored in ${big.timings.month} s
(${n(big.monthIngestReadingsPerSecond)} readings/s end to end: simulator signing, Aedes, oracle, Hardhat and Ponder on 2 cores),
${n(big.onchainReadings)} checkpoints on chain in ${n(big.oracleTransactions)} transactions, emissions exact to the wei:
${n(big.gasPerCheckpoint)} gas a checkpoint (${n(r.gasPerCheckpoint)} with 50 households: more owners per batch, more cold slots);
${n(big.gasPerHouseholdMonth)} gas per household-month as the script scales it (×30/${big.days}), which counts each meter's
one-time first checkpoint ${Math.round(30 / big.days)} times: the month's figure is the 50-household run's above. Dashboard query p95
${big.dashboardQueryP95Ms} ms; indexer lag p95 **${big.indexerLagBlocksP95} blocks** (max ${big.indexerLagBlocksMax}): with 3,000 meters Ponder on PGlite
falls behind the chain while the month runs and catches up after it (${big.timings.indexerCatchUp} s); the audit over the run ${big.auditSeconds} s (clean: ${big.auditClean}),
oracle database ${mb(big.oracleDbBytes)}, indexer database ${mb(big.indexerDbBytes)}; wall ${Math.round(big.wallSeconds)} s.
At that end-to-end rate the full 30-day month of 1,000 households (2.16 M raw readings) takes about
${Math.round(2_160_000 / big.monthIngestReadingsPerSecond / 60)} minutes on this machine, beyond the 20 minutes the issue allows.
`
    : ""
}
## What is left

- **1,000 households for a whole month.** ${
  big
    ? `Measured above over ${big.days} days: ${n(big.monthIngestReadingsPerSecond)} readings/s end to end with 3,000 meters (≈ 210 before the
  in-flight ingest with group commits), so the month needs ≈ ${Math.round(2_160_000 / big.monthIngestReadingsPerSecond / 60)} minutes here; a faster run needs the
  simulator and the chain off the oracle's two cores, or pre-signed readings.`
    : `The service pipeline (not the bare ingest path) slows down with the number of meters: ≈ 210
  readings/s with 3,000 meters against 639 with 150.`
}
- **MQTT keepalive behind a backlog.** With thousands of queued messages and a slow handler, the
  source's 30-s keepalive expires and it reconnects (nothing is lost: QoS 1 redelivery, duplicates
  refused as stale_seq). Acknowledging in batches or a longer keepalive would avoid the churn.
- **Ingest ≥ 10,000 readings/s.** Not attempted here: one SQLite transaction per N messages and
  signature recovery in a worker pool are the two levers; on 2 shared cores the simulator, chain and
  indexer compete for the second core.
- **Gas ≤ 2 M per household-month.** ≈ ${n(r.gasPerCheckpoint)} gas a checkpoint × 32 a meter-month × 3 meters (issue #11's
  cut: one CheckpointsCommitted per call instead of a RawSeriesCommitted per checkpoint, no
  \`_outstanding\` read unless the device owes an estimate). bench/gas-checkpoints.md measures the floor:
  ≈ 21.5–22.5 k gas a checkpoint before any execution while each keeps its ReadingAccepted, its two
  Registry slots and its state slot, so ≤ 21.5 k needs a per-call packed record instead of
  ReadingAccepted, the certificate's validity in one slot with the device record, or a leaner code path
  with packed calldata; or a checkpoint every 2 days (PCX_CHECKPOINT_INTERVAL_S=172800).
`;
writeFileSync(path.join(REPO_ROOT, "bench", "scale.md"), md);
console.log("wrote bench/scale.md");
