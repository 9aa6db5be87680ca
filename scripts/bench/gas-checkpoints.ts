/**
 * Gas per household-day: every reading on chain vs checkpoints. A household with 3 meters
 * (electricity, gas, car) at Tasmota's 5-minute teleperiod makes 3 × 288 = 864 readings a day.
 * Ten such households are measured on two fresh deployments:
 *   every reading  all 8,640 readings of the day through submitReadings, batches of 240
 *                  (8 five-minute rounds × 30 devices), sorted by owner as the oracle sends them
 *   checkpoints    one checkpoint per meter (the day's last reading) through submitCheckpoints
 *                  in one batch of 30, each committing the Merkle root of the meter's raw signed
 *                  readings since its previous checkpoint (sdk/raw-series.ts); steady state: the
 *                  previous checkpoint already booked the owners' first emissions this period
 * Both book exactly the same emissions (checked). Writes bench/gas-checkpoints.{json,md}.
 *   npx hardhat run scripts/bench/gas-checkpoints.ts      (npm run bench:gas:checkpoints)
 */
import { network } from "hardhat";
import { Wallet, keccak256, toUtf8Bytes } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { deployCore, deviceKey, periodStart, signedReading, DAY, TEST_CERTIFIER, type Core } from "../../test/ts/fixtures/deploy-core.js";
import { sortForSubmission, toSubmitArgs, type SignedReading } from "../../sdk/readings.js";
import { commitRawSeries } from "../../sdk/raw-series.js";
import { bindDeviceArgs, certifiedBinding } from "../../sdk/certificates.js";
import { gasOf, row, writeReport, type GasRow } from "./lib.js";
import { traceBreakdown } from "./gas-trace.js";

const HOUSEHOLDS = 10;
const METERS = ["elec.cn.grid", "gas.uk.m3", "car.petrol.km"] as const;
const PER_DAY = 288; // 5-minute teleperiod
const ROUNDS_PER_BATCH = 8;

async function setup(ethers: HardhatEthers, helpers: NetworkHelpers) {
  const core = await deployCore(ethers);
  const ownerOf = new Map<string, string>();
  const devices: Wallet[] = [];
  for (let h = 0; h < HOUSEHOLDS; h++) {
    const owner = new Wallet(keccak256(toUtf8Bytes(`pcx-bench-household-${h}`)), ethers.provider);
    await helpers.setBalance(owner.address, 10n ** 20n);
    await (await core.registry.connect(core.accounts.registrar).enroll(owner.address)).wait();
    for (const [k, key] of METERS.entries()) {
      const device = deviceKey(`bench-household-${h}-${k}`);
      const factorId = core.factorIds[key]!;
      const kind = Number((await core.factors.factor(factorId)).kind);
      const binding = await certifiedBinding({ device, certifier: TEST_CERTIFIER, domain: core.registryDomain, owner: owner.address, kind, factorId, validUntil: 4_000_000_000n });
      await (await core.registry.connect(owner).bindDevice(...bindDeviceArgs(binding))).wait();
      devices.push(device);
      ownerOf.set(device.address.toLowerCase(), owner.address);
    }
  }
  return { core, devices, ownerOf };
}

/** A day of readings: round r (0..288) of every device at t0 + r × 300 s, register +40 per round. Round 0 sets the registers. */
async function day(core: Core, devices: Wallet[], t0: bigint): Promise<SignedReading[][]> {
  const rounds: SignedReading[][] = [];
  for (let r = 0; r <= PER_DAY; r++) {
    const round: SignedReading[] = [];
    for (const d of devices) round.push(await signedReading(core, d, r + 1, t0 + BigInt(r * 300), 1_000_000 + r * 40));
    rounds.push(round);
  }
  return rounds;
}

async function emissions(core: Core, owners: Iterable<string>): Promise<bigint> {
  let sum = 0n;
  for (const o of new Set(owners)) sum += (await core.oracle.emissionsOf(o, 0)) as bigint;
  return sum;
}

/** The trace breakdown of the checkpoint transaction (filled by measureHouseholdDay). */
export let breakdown = "";

/** Markdown table of a trace breakdown, largest first, per checkpoint too. */
function breakdownTable(bd: Awaited<ReturnType<typeof traceBreakdown>>, n: number): string {
  const entries = [...bd.buckets.entries()];
  // group the callee's storage reads under their call, the rest by cost
  const top = entries.filter(([k]) => !k.startsWith("  of which")).sort((a, b) => b[1].gas - a[1].gas);
  const lines = ["| what the checkpoint batch pays for | gas | times | gas per checkpoint |", "| --- | ---: | ---: | ---: |"];
  for (const [k, v] of top) {
    lines.push(`| ${k} | ${v.gas} | ${v.count} | ${Math.round(v.gas / n)} |`);
    if (k.startsWith("call ")) {
      const fn = k.slice(5, k.indexOf(" (whole"));
      for (const [k2, v2] of entries.filter(([x]) => x.startsWith("  of which") && x.includes(`(in ${fn})`))) {
        lines.push(`| ↳ ${k2.trim().replace(` (in ${fn})`, "")} | ${v2.gas} | ${v2.count} | ${Math.round(v2.gas / n)} |`);
      }
    }
  }
  lines.push(`| **total = gasUsed** | ${bd.gasUsed} | | ${Math.round(bd.gasUsed / n)} |`);
  return lines.join("\n");
}

export async function measureHouseholdDay(ethers: HardhatEthers, helpers: NetworkHelpers): Promise<GasRow[]> {
  // every reading
  const a = await setup(ethers, helpers);
  const t0 = periodStart(a.core, 0) + DAY;
  const rounds = await day(a.core, a.devices, t0);
  const sorted = (b: SignedReading[]) => sortForSubmission(b, (d) => a.ownerOf.get(d.toLowerCase())!);
  const op = a.core.oracle.connect(a.core.accounts.oracleOperator);
  await helpers.time.setNextBlockTimestamp(t0);
  await gasOf(op.submitReadings(...toSubmitArgs(sorted(rounds[0]!)))); // registers set the day before
  let everyGas = 0;
  let txs = 0;
  for (let r = 1; r <= PER_DAY; r += ROUNDS_PER_BATCH) {
    const batch = rounds.slice(r, Math.min(r + ROUNDS_PER_BATCH, PER_DAY + 1)).flat();
    const last = batch.reduce((m, s) => (s.reading.timestamp > m ? s.reading.timestamp : m), 0n);
    await helpers.time.setNextBlockTimestamp(last + 1n);
    everyGas += await gasOf(op.submitReadings(...toSubmitArgs(sorted(batch))));
    txs++;
  }
  const everyKg = await emissions(a.core, a.ownerOf.values());

  // checkpoints
  const b = await setup(ethers, helpers);
  const t1 = t0 + 2n * DAY; // the same calendar, a later day of period 0 (chain time moved on)
  const rounds2 = await day(b.core, b.devices, t1);
  const opB = b.core.oracle.connect(b.core.accounts.oracleOperator);
  const sortedB = (x: SignedReading[]) => sortForSubmission(x, (d) => b.ownerOf.get(d.toLowerCase())!);
  await helpers.time.setNextBlockTimestamp(t1);
  await gasOf(opB.submitReadings(...toSubmitArgs(sortedB(rounds2[0]!))));
  // steady state, as in every-reading's batches: the previous checkpoint (round 1) already booked
  // this period's first emissions of each owner (not measured)
  await helpers.time.setNextBlockTimestamp(t1 + 300n);
  await gasOf(opB.submitReadings(...toSubmitArgs(sortedB(rounds2[1]!))));
  const checkpoints = sortedB(rounds2[PER_DAY]!);
  const commitments = checkpoints.map((cp) => {
    const series = rounds2.slice(2).map((round) => round.find((s) => s.reading.device === cp.reading.device)!);
    const { leaves: _l, ...c } = commitRawSeries(b.core.oracleDomain, series);
    return c;
  });
  if (commitments.some((c) => c.count !== PER_DAY - 1)) throw new Error("a commitment does not cover the day");
  await helpers.time.setNextBlockTimestamp(checkpoints[0]!.reading.timestamp + 1n);
  const cpTx = await opB.submitCheckpoints(...toSubmitArgs(checkpoints), commitments);
  const cpGas = await gasOf(cpTx);
  const owners = [...new Set(b.ownerOf.values())];
  const devs = b.devices.map((d) => d.address);
  const contracts = { EmissionOracle: await b.core.oracle.getAddress(), Registry: await b.core.registry.getAddress(), EmissionFactors: await b.core.factors.getAddress() };
  const bd = await traceBreakdown(ethers.provider as never, cpTx.hash, contracts, [b.core.oracle.interface, b.core.registry.interface, b.core.factors.interface], [
    { contract: "EmissionOracle", name: "_states[device]", slot: 4, keys: devs },
    { contract: "EmissionOracle", name: "_emissions[owner][period]", slot: 5, keys: owners, innerKeys: [0n, 1n] },
    { contract: "EmissionOracle", name: "_outstanding[device]", slot: 6, keys: devs },
    { contract: "Registry", name: "_enrollments[owner]", slot: 3, keys: owners },
    { contract: "Registry", name: "_devices[device]", slot: 4, keys: devs },
    { contract: "Registry", name: "_certifications[device]", slot: 5, keys: devs },
    { contract: "Registry", name: "_certifiers[certifier]", slot: 6, keys: [TEST_CERTIFIER.address] },
  ]);
  breakdown = breakdownTable(bd, checkpoints.length);
  console.log(breakdown);
  const cpKg = await emissions(b.core, b.ownerOf.values());
  if (cpKg !== everyKg || cpKg === 0n) throw new Error(`emissions differ: every reading ${everyKg}, checkpoints ${cpKg}`);

  const perHouseholdEvery = Math.round(everyGas / HOUSEHOLDS);
  const perHouseholdCp = Math.round(cpGas / HOUSEHOLDS);
  const rows = [
    row(`every reading: a day of ${HOUSEHOLDS} households × 3 meters × ${PER_DAY} readings (submitReadings, ${txs} txs)`, everyGas, HOUSEHOLDS, `${PER_DAY * 3} readings per household-day`),
    row(`checkpoints: the same day, 1 checkpoint per meter (submitCheckpoints, 1 tx)`, cpGas, HOUSEHOLDS, "3 checkpoints per household-day, each committing the 287 raw readings since the previous one"),
  ];
  console.log(
    `gas per household-day: every reading ${perHouseholdEvery}, checkpoints ${perHouseholdCp} (${(perHouseholdEvery / perHouseholdCp).toFixed(0)}× less); ` +
      `per 30-day month: ${perHouseholdEvery * 30} vs ${perHouseholdCp * 30}; readings on chain per household-month: ${PER_DAY * 3 * 30} vs ${3 * 30}; emissions identical (${cpKg} PCC wei)`,
  );
  return rows;
}

const INTRO = [
  "Measured on Hardhat's in-process EDR network (cancun, solc 0.8.28, optimizer 10,000 runs) by",
  "`npm run bench:gas:checkpoints` (scripts/bench/gas-checkpoints.ts). A household has 3 meters",
  "(electricity, gas, car) reporting every 5 minutes: 864 readings a day. Gas per unit = gas per",
  "household-day (10 households measured together, the oracle's batching). Both ways book exactly",
  "the same emissions (the script checks). A 30-day period adds at most one period-close",
  "checkpoint per meter when the daily checkpoint does not fall on the period's end.",
  "",
  "**Cheaper checkpoints (issue #11)**, before → after, per household-day: checkpoints 120,827 →",
  "99,482 (−17.7 %; per checkpoint in this batch of 30: 40,276 → 33,161), i.e. 3.62 M → 2.98 M gas",
  "per household-month; every reading 16,411,147 → 16,405,070 (unchanged: there the skipped",
  "`_outstanding` read was already warm). What changed: one `CheckpointsCommitted` per call (the",
  "hash of the calldata's commitments) instead of a `RawSeriesCommitted` per checkpoint, no",
  "before/after passes over the batch nor transient marker, and a per-device \"owes an estimate\"",
  "flag in the device-state slot so a reading reads `_outstanding` only when there is one to pay off.",
  "",
  "Since then, **one period arithmetic (issue #13, contracts/libraries/PeriodMath.sol)**: +111 gas",
  "a checkpoint (33,161 → 33,272; 99,482 → 99,815 per household-day; the library's internal calls).",
  "",
  "Before that, **readable EmissionOracle (issue #13)**: every reading 12,698,827 → 16,411,147;",
  "checkpoints 107,709 → 120,827 per household-day.",
].join("\n");

const BREAKDOWN_INTRO = [
  "The checkpoint transaction above (30 checkpoints of 10 owners, sorted by owner), from the node's",
  "opcode trace (`debug_traceTransaction`, scripts/bench/gas-trace.ts): each step's gas is what it",
  "took from its frame, a call's includes its callee (whose storage reads are listed under it),",
  "storage keys are named by matching them to the mappings' keccak slots, and the rows sum to the",
  "receipt's gasUsed exactly (the script checks).",
].join("\n");

const FLOOR = [
  "### The floor, per checkpoint",
  "",
  "Measured before this change with the same trace (main at 837ef54), per checkpoint: calldata 2,702",
  "(127 non-zero bytes: device 20, signature 64, root 32, the small fields; 167 zero bytes of ABI",
  "padding), transaction base 700 (21,000 / 30), ecrecover 3,100, Registry.devicePacked 5,827 (cold",
  "device word 2,100 + cold certification 2,100 + its two warm re-reads 200 + certifier 97 + call",
  "overhead ≈ 1,330), device state 5,100 (cold read 2,100, write 2,900, warm re-reads 300 → 100 now),",
  "`_outstanding` cold read **2,100 → 0**, owner's enrollment 919 and period total 1,667 (one write",
  "per owner: 3 meters each), factor lookups 928 (3 a batch), ReadingAccepted 3,155, RawSeriesCommitted",
  "**2,524 → 0** (one CheckpointsCommitted a call: 63), transient marker 200 → 0, plain-Solidity",
  "execution (validation and copies of calldata structs, memory structs, ABI encoding, the ECDSA/EIP-712",
  "wrappers, the before/after passes) 9,954 → 7,988, memory 548 → 545, keccak 389 → 241.",
  "",
  "What no code change inside EmissionOracle can remove while every checkpoint keeps its own",
  "ReadingAccepted, its Registry record (two slots) and its device-state slot: calldata 2.7k, base",
  "0.4–0.7k, ecrecover 3.1k, Registry 4.3k of storage, device state 5.0k, owner 2.6k, factors ≈ 0.2–0.9k,",
  "ReadingAccepted 3.2k: ≈ 21.5–22.5k before any execution at all. The goal of ≤ 21,505 gas a checkpoint",
  "at daily checkpoints (≤ 2 M per household-month) is therefore below this floor; reaching it needs one",
  "of: (a) no per-checkpoint ReadingAccepted (a per-call packed record, −3k; every consumer reads it);",
  "(b) the certificate's validity in the device's own Registry slot or the oracle's (−2.1k and the call",
  "overhead; a Registry storage change); (c) a leaner per-checkpoint code path (packed calldata decoded",
  "by a small tested helper, no memory structs; the execution rows above, perhaps −3 to −4k); or a",
  "longer interval (every 2 days halves it). Not done in this change.",
].join("\n");

if (import.meta.url === `file://${process.argv[1]}` || process.argv.some((a) => a.endsWith("gas-checkpoints.ts"))) {
  const { ethers, networkHelpers } = await network.connect();
  const rows = await measureHouseholdDay(ethers, networkHelpers);
  writeReport("gas-checkpoints", "Gas per household-day: checkpoints vs every reading", INTRO, rows, `## Where a checkpoint's gas goes\n\n${BREAKDOWN_INTRO}\n\n${breakdown}\n\n${FLOOR}`);
}
