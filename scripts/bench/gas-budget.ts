/**
 * CarbonBudget gas rows for the core report: claim allowance, settle (first period; with a
 * reward registered; with a shortfall), claim reward, pay deficit. Uses the same fixture as the
 * CarbonBudget tests (real calendar, factors, registry, token, oracle; two households).
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { bookEmissions, deployBudgetFixture } from "../../test/ts/fixtures/budget.js";
import { gasOf, row, type GasRow } from "./lib.js";

export async function measureBudget(ethers: HardhatEthers, helpers: NetworkHelpers): Promise<GasRow[]> {
  const f = await deployBudgetFixture(ethers, helpers);
  const p = await f.calendar.currentPeriod();
  const rows: GasRow[] = [];
  rows.push(row("CarbonBudget.claimAllowance", await gasOf(f.budget.connect(f.alice).claimAllowance(p)), 1, "mints the allowance"));
  await bookEmissions(f, f.aliceMeter, 200_000n);
  await bookEmissions(f, f.bobMeter, 200_000n);
  await f.closePeriod(p);
  rows.push(row("CarbonBudget.settle, first period", await gasOf(f.budget.settle(f.alice.address, p)), 1, "burns emissions, sets the baseline"));
  rows.push(row("CarbonBudget.settle, shortfall", await gasOf(f.budget.settle(f.bob.address, p)), 1, "nothing to burn, deficit recorded"));
  await bookEmissions(f, f.aliceMeter, 100_000n);
  await f.closePeriod(p + 1n);
  rows.push(row("CarbonBudget.settle, reward registered", await gasOf(f.budget.settle(f.alice.address, p + 1n)), 1, "burns, moves the baseline, registers a reward"));
  await helpers.time.increaseTo((await f.calendar.periodEnd(p + 1n)) + f.grace + f.rewardWindow);
  rows.push(row("CarbonBudget.claimReward", await gasOf(f.budget.connect(f.alice).claimReward(p + 1n)), 1, "pro-rata check, mints the reward"));
  await f.budget.connect(f.bob).claimAllowance(await f.calendar.currentPeriod());
  rows.push(row("CarbonBudget.payDeficit", await gasOf(f.budget.connect(f.bob).payDeficit(f.bob.address, 10n ** 18n)), 1, "burns the payer's PCC"));
  return rows;
}
