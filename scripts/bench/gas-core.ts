/**
 * Gas benchmark of the PCX core: readings per batch (1, 10, 100) in steady state, device
 * binding and retirement. Deterministic: fixed device keys and owners, fixed block timestamps.
 *   npx hardhat run scripts/bench/gas-core.ts      (npm run bench:gas:core)
 * Writes bench/gas-core.json and bench/gas-core.md. `measureCore` is exported so a wider
 * benchmark can add its own rows.
 */
import { network } from "hardhat";
import { Wallet, keccak256, toUtf8Bytes } from "ethers";
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { deployCore, deviceKey, periodStart, signedReading, DAY, type Core } from "../../test/ts/fixtures/deploy-core.js";
import { sortForSubmission, toSubmitArgs, type SignedReading } from "../../sdk/readings.js";
import { commitRawSeries } from "../../sdk/raw-series.js";
import { gasOf, row, writeReport, type GasRow } from "./lib.js";
import { measureBudget } from "./gas-budget.js";
import { measureCommunity } from "./gas-community.js";

const DEVICES_PER_OWNER = 4;
const FACTOR_KEYS = ["elec.cn.grid", "gas.uk.m3", "car.petrol.km", "fuel.petrol.l"] as const;

interface Fleet {
  devices: Wallet[];
  ownerOf: Map<string, string>;
  seq: Map<string, bigint>;
  cumulative: Map<string, bigint>;
}

/** Owners with deterministic keys, funded and enrolled; each gets DEVICES_PER_OWNER devices. */
async function buildFleet(core: Core, helpers: NetworkHelpers, ethers: HardhatEthers, deviceCount: number): Promise<Fleet> {
  const fleet: Fleet = { devices: [], ownerOf: new Map(), seq: new Map(), cumulative: new Map() };
  const owners = Math.ceil(deviceCount / DEVICES_PER_OWNER);
  for (let o = 0; o < owners; o++) {
    const owner = new Wallet(keccak256(toUtf8Bytes(`pcx-bench-owner-${o}`)), ethers.provider);
    await helpers.setBalance(owner.address, 10n ** 20n);
    await (await core.registry.connect(core.accounts.registrar).enroll(owner.address)).wait();
    for (let k = 0; k < DEVICES_PER_OWNER && fleet.devices.length < deviceCount; k++) {
      const device = deviceKey(`bench-${o}-${k}`);
      await bindWith(core, owner, device, FACTOR_KEYS[k % FACTOR_KEYS.length]);
      fleet.devices.push(device);
      fleet.ownerOf.set(device.address.toLowerCase(), owner.address);
      fleet.seq.set(device.address, 0n);
      fleet.cumulative.set(device.address, 1_000_000n);
    }
  }
  return fleet;
}

async function bindWith(core: Core, owner: Wallet, device: Wallet, factorKey: string): Promise<number> {
  const { bindDeviceArgs, certifiedBinding } = await import("../../sdk/certificates.js");
  const { TEST_CERTIFIER } = await import("../../test/ts/fixtures/deploy-core.js");
  const factorId = core.factorIds[factorKey]!;
  const kind = Number((await core.factors.factor(factorId)).kind);
  const binding = await certifiedBinding({
    device,
    certifier: TEST_CERTIFIER,
    domain: core.registryDomain,
    owner: owner.address,
    kind,
    factorId,
    validUntil: 4_000_000_000n,
  });
  return gasOf(core.registry.connect(owner).bindDevice(...bindDeviceArgs(binding)));
}

/** Next signed reading of each of `devices` (seq + 1, register + 1234 base units). */
async function nextReadings(core: Core, fleet: Fleet, devices: readonly Wallet[], timestamp: bigint): Promise<SignedReading[]> {
  const out: SignedReading[] = [];
  for (const d of devices) {
    const seq = fleet.seq.get(d.address)! + 1n;
    const cumulative = fleet.cumulative.get(d.address)! + 1234n;
    fleet.seq.set(d.address, seq);
    fleet.cumulative.set(d.address, cumulative);
    out.push(await signedReading(core, d, seq, timestamp, cumulative));
  }
  return sortForSubmission(out, (device) => fleet.ownerOf.get(device.toLowerCase())!);
}

async function submitAt(
  core: Core,
  helpers: NetworkHelpers,
  timestamp: bigint,
  batch: readonly SignedReading[],
): Promise<number> {
  await helpers.time.setNextBlockTimestamp(timestamp);
  const [readings, signatures] = toSubmitArgs(batch);
  return gasOf(core.oracle.connect(core.accounts.oracleOperator).submitReadings(readings, signatures));
}

/** Runs every core measurement on a fresh deployment and returns the rows. */
export async function measureCore(ethers: HardhatEthers, helpers: NetworkHelpers): Promise<GasRow[]> {
  const core = await deployCore(ethers);
  const rows: GasRow[] = [];
  const fleet = await buildFleet(core, helpers, ethers, 100);
  let t = periodStart(core, 0) + DAY;

  // bind device (measured on one more owner/device pair)
  const extraOwner = new Wallet(keccak256(toUtf8Bytes("pcx-bench-owner-extra")), ethers.provider);
  await helpers.setBalance(extraOwner.address, 10n ** 20n);
  await (await core.registry.connect(core.accounts.registrar).enroll(extraOwner.address)).wait();
  rows.push(row("Registry.bindDevice", await bindWith(core, extraOwner, deviceKey("bench-extra"), "elec.cn.grid")));

  // First readings set each device's register; the second books the first emissions of each
  // owner for the period. Neither is steady state, both are shown for reference.
  const first = await submitAt(core, helpers, t, await nextReadings(core, fleet, fleet.devices, t));
  rows.push(row("submitReadings, first reading of 100 new devices", first, 100, "sets registers, no emissions"));
  t += 3600n;
  const firstBooking = await submitAt(core, helpers, t, await nextReadings(core, fleet, fleet.devices, t));
  rows.push(row("submitReadings, 100 readings, owners' first emissions this period", firstBooking, 100, "totals go 0 → non-zero"));

  for (const n of [1, 10, 100]) {
    t += 3600n;
    const gas = await submitAt(core, helpers, t, await nextReadings(core, fleet, fleet.devices.slice(0, n), t));
    rows.push(
      row(
        `submitReadings, steady state, batch of ${n}`,
        gas,
        n,
        `sorted by owner, ${Math.min(n, DEVICES_PER_OWNER)} devices per owner`,
      ),
    );
  }

  // The same steady-state batch of 100 as checkpoints, each with a commitment (a real root over
  // the checkpoint's own leaf; the gas does not depend on how many raw readings a root covers).
  t += 3600n;
  const cps = await nextReadings(core, fleet, fleet.devices, t);
  const commitments = cps.map((c) => ({ root: commitRawSeries(core.oracleDomain, [c]).root, count: Number(c.reading.seq), fromSeq: 1n }));
  await helpers.time.setNextBlockTimestamp(t);
  rows.push(
    row(
      "submitCheckpoints, steady state, batch of 100",
      await gasOf(core.oracle.connect(core.accounts.oracleOperator).submitCheckpoints(...toSubmitArgs(cps), commitments)),
      100,
      "sorted by owner, 4 devices per owner; commitments in calldata, one CheckpointsCommitted per call",
    ),
  );

  // Worst order: every consecutive reading belongs to another owner (one total write per reading).
  t += 3600n;
  const mixed = await nextReadings(core, fleet, fleet.devices, t);
  const interleaved = [...mixed].sort((a, b) => {
    const ia = fleet.devices.findIndex((d) => d.address === a.reading.device);
    const ib = fleet.devices.findIndex((d) => d.address === b.reading.device);
    return (ia % DEVICES_PER_OWNER) - (ib % DEVICES_PER_OWNER) || ia - ib;
  });
  rows.push(
    row("submitReadings, steady state, batch of 100, unsorted", await submitAt(core, helpers, t, interleaved), 100, "owner changes at every reading"),
  );

  // Same number of readings, but 25 devices × 4 consecutive readings each (an oracle that
  // batches a device's 15-minute readings hourly): device state and record are warm after the first.
  t += 3600n;
  const perDevice: SignedReading[] = [];
  for (let k = 0; k < 4; k++) perDevice.push(...(await nextReadings(core, fleet, fleet.devices.slice(0, 25), t + BigInt(k))));
  const byDevice = sortForSubmission(perDevice, (device) => fleet.ownerOf.get(device.toLowerCase())!);
  rows.push(
    row(
      "submitReadings, steady state, batch of 100 = 25 devices × 4 readings",
      await submitAt(core, helpers, t + 4n, byDevice),
      100,
      "sorted by owner, device, seq",
    ),
  );

  // retire
  const holder: HardhatEthersSigner = core.accounts.households[0];
  await (await core.token.connect(core.accounts.minter).mint(holder.address, 10n ** 21n)).wait();
  rows.push(
    row(
      "CarbonCredit.retire",
      await gasOf(core.token.connect(holder).retire(10n ** 18n, holder.address, "Household 0", "Offset of a flight", "CN")),
      1,
      "first retirement, short texts",
    ),
  );
  rows.push(
    row(
      "CarbonCredit.retire (again)",
      await gasOf(core.token.connect(holder).retire(10n ** 18n, holder.address, "Household 0", "Offset of a flight", "CN")),
      1,
      "later retirement, short texts",
    ),
  );
  return rows;
}

const INTRO = [
  "Measured on Hardhat's in-process EDR network (cancun, solc 0.8.28, optimizer 10,000 runs) by",
  "`npm run bench:gas:core` (scripts/bench/gas-core.ts). Gas per reading = transaction gas ÷",
  "readings, including the 21,000 base cost. Steady state = every device has already reported",
  "this period and its owner already has emissions booked this period. Batches are sorted by",
  "owner as the oracle service submits them (sdk/readings.ts `sortForSubmission`).",
  "",
  "**Cheaper checkpoints (issue #11).** Per reading, before → after: checkpoints, batch of 100",
  "38,216 → 31,082 (−7,134: no RawSeriesCommitted per checkpoint, no before/after passes, one",
  "CheckpointsCommitted per call); steady-state batch of 100 30,546 → 28,728 (−1,818: the",
  "`_outstanding` read is skipped unless the device's state slot says it owes an estimate); batch of 1",
  "83,225 → 81,363; batch of 10 37,357 → 35,499; unsorted 31,851 → 30,034; 25 devices × 4 readings",
  "20,910 → 20,591; owners' first emissions 34,820 → 33,002. Three rows got dearer, knowingly: first",
  "readings of new devices 42,407 → 42,914 (+507: the record's 40-bit timestamp and flag are packed",
  "with SafeCast), the pay-off reading 83,287 → 83,692 (+405) and settle with a gap estimate 181,953 →",
  "182,260 (+307: it sets the flag in the device's state slot).",
  "",
  "**Readable EmissionOracle (issue #13).** The per-reading rule is now plain Solidity (named",
  "functions, the reject reasons as the enum, `DeviceWord`, OpenZeppelin `ECDSA.tryRecover`) instead",
  "of one inline-assembly loop. Measured with this script before and after, per reading: steady-state",
  "batch of 100 26,292 → 30,546 (+4,254, +16 %); batch of 1 77,048 → 83,225; batch of 10 32,962 →",
  "37,357; checkpoints, batch of 100 33,833 → 38,216 (+4,383); unsorted 27,403 → 31,851; 25 devices ×",
  "4 readings 16,702 → 20,910 (+4,208, +25 %); first readings 38,928 → 42,407; the pay-off reading",
  "77,007 → 83,287. A `debug_traceTransaction` of the steady-state batch shows the same storage reads",
  "and writes, calls and events in both versions (one more warm SLOAD, 100 gas); the rest is about",
  "1,200 more EVM instructions per reading (internal calls, memory structs, checked arithmetic, ABI",
  "decoding and encoding, memory growth). That is the price of a rule an auditor can read in",
  "Solidity; checkpoints put one reading per device per day on chain, so it is about 4.4k gas per",
  "meter-day (bench/gas-checkpoints.md). The settle rows moved by 31–67 gas (the oracle's code layout).",
  "",
  "**One period arithmetic (issue #13)**: CarbonBudget, EmissionOracle and the order book compute",
  "periods with contracts/libraries/PeriodMath.sol instead of their own copies of the formulas",
  "(internal library calls under the legacy optimizer): +111 gas a reading (a steady batch of 100",
  "4,291,418 → 4,302,518), the budget rows +49–409 (claimAllowance 128,958 → 129,075), every",
  "order-book place and take +58 (bench/gas-orderbook.md).",
  "",
  "**Community board (issue #12).** The last rows: CommunityBoard's join, rename and leave, whose",
  "pseudonym check (≤ 24 bytes of UTF-8, folded for uniqueness) runs in the same transaction.",
].join("\n");

if (import.meta.url === `file://${process.argv[1]}` || process.argv.some((a) => a.endsWith("gas-core.ts"))) {
  const { ethers, networkHelpers } = await network.connect();
  const rows = [...(await measureCore(ethers, networkHelpers)), ...(await measureBudget(ethers, networkHelpers)), ...(await measureCommunity(ethers))];
  writeReport("gas-core", "PCX core gas report", INTRO, rows);
}
