/**
 * CarbonBudget gas rows for the core report: claim allowance, settle (first period; with a
 * reward registered; with a shortfall), claim reward, pay deficit. Uses the same fixture as the
 * CarbonBudget tests (real calendar, factors, registry, token, oracle; two households).
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { bookEmissions, deployBudgetFixture } from "../../test/ts/fixtures/budget.js";
import { emissionOracleDomain } from "../../sdk/typed-data.js";
import { signReading, toSubmitArgs } from "../../sdk/readings.js";
import { gasOf, row, type GasRow } from "./lib.js";

export async function measureBudget(ethers: HardhatEthers, helpers: NetworkHelpers): Promise<GasRow[]> {
  const f = await deployBudgetFixture(ethers, helpers);
  const p = await f.calendar.currentPeriod();
  const rows: GasRow[] = [];
  rows.push(row("CarbonBudget.claimAllowance", await gasOf(f.budget.connect(f.alice).claimAllowance(p)), 1, "mints the allowance"));
  await bookEmissions(f, f.aliceMeter, 200_000n);
  await bookEmissions(f, f.bobMeter, 1_000_000n); // ≈ 537 kg and no allowance: a deficit above one allowance
  await f.closePeriod(p);
  rows.push(row("CarbonBudget.settle, first period", await gasOf(f.budget.settle(f.alice.address, p)), 1, "burns emissions, sets the baseline"));
  rows.push(row("CarbonBudget.settle, shortfall", await gasOf(f.budget.settle(f.bob.address, p)), 1, "nothing to burn, deficit recorded"));
  await f.budget.connect(f.alice).claimAllowance(p + 1n);
  await bookEmissions(f, f.aliceMeter, 100_000n);
  await helpers.time.increaseTo((await f.calendar.periodEnd(p + 1n)) - 600n);
  await bookEmissions(f, f.aliceMeter, 0n); // covers the period: no gap estimate
  await f.closePeriod(p + 1n);
  rows.push(row("CarbonBudget.settle, reward registered", await gasOf(f.budget.settle(f.alice.address, p + 1n)), 1, "burns, moves the baseline, registers a reward"));
  await helpers.time.increaseTo((await f.calendar.periodEnd(p + 1n)) + f.grace + f.rewardWindow);
  rows.push(row("CarbonBudget.claimReward", await gasOf(f.budget.connect(f.alice).claimReward(p + 1n)), 1, "pro-rata check, mints the reward"));
  const now = await f.calendar.currentPeriod();
  rows.push(
    row("CarbonBudget.claimAllowance, deficit open", await gasOf(f.budget.connect(f.bob).claimAllowance(now)), 1, "mints, then surrenders the part that pays the deficit"),
  );
  await f.token.connect(f.alice).transfer(f.bob.address, 10n ** 18n);
  rows.push(row("CarbonBudget.payDeficit", await gasOf(f.budget.connect(f.bob).payDeficit(f.bob.address, 10n ** 18n)), 1, "burns the payer's PCC"));
  // A silent required meter: settlement books a gap estimate; the next reading pays it off.
  await f.oracle.connect(f.admin).setGapEstimate(0, 800n * 10n ** 18n);
  const q = now;
  while ((await f.budget.nextSettlementPeriod(f.alice.address)) < q) {
    const next = await f.budget.nextSettlementPeriod(f.alice.address);
    await f.budget.settle(f.alice.address, next);
  }
  await f.closePeriod(q);
  rows.push(row("CarbonBudget.settle, gap estimate booked", await gasOf(f.budget.settle(f.alice.address, q)), 1, "one silent required meter: GapEstimated, owed by the meter"));
  const paying = await bookEmissionsGas(f, 10_000n);
  rows.push(row("submitReadings, 1 reading paying off an estimate", paying, 1, "EstimatePaidOff; nothing booked to the period"));
  return rows;
}

/** Gas of one reading of Alice's meter adding `wh`, submitted by the operator. */
async function bookEmissionsGas(f: Awaited<ReturnType<typeof deployBudgetFixture>>, wh: bigint): Promise<number> {
  const state = await f.oracle.deviceState(f.aliceMeter.wallet.address);
  const signed = await signReading(f.aliceMeter.wallet, emissionOracleDomain(f.chainId, await f.oracle.getAddress()), {
    device: f.aliceMeter.wallet.address as `0x${string}`,
    seq: state.lastSeq + 1n,
    timestamp: BigInt(await f.helpers.time.latest()),
    cumulative: state.lastCumulative + wh,
  });
  return gasOf(f.oracle.connect(f.oracleOperator).submitReadings(...toSubmitArgs([signed])));
}
