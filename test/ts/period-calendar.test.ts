import { expect } from "chai";
import { network } from "hardhat";
import { TEST_CALENDAR, DAY } from "./fixtures/deploy-core.js";

const { ethers, networkHelpers } = await network.connect();
const { time, loadFixture } = networkHelpers;
const { genesis, periodLength, gracePeriod, rewardWindow } = TEST_CALENDAR;

async function deployCalendar() {
  return ethers.deployContract("PeriodCalendar", [genesis, periodLength, gracePeriod, rewardWindow]);
}

describe("PeriodCalendar", () => {
  it("exposes its immutable configuration", async () => {
    const calendar = await loadFixture(deployCalendar);
    expect(await calendar.genesis()).to.equal(genesis);
    expect(await calendar.periodLength()).to.equal(periodLength);
    expect(await calendar.gracePeriod()).to.equal(gracePeriod);
    expect(await calendar.rewardWindow()).to.equal(rewardWindow);
  });

  it("refuses a zero genesis or a zero period length", async () => {
    const calendar = await loadFixture(deployCalendar);
    await expect(ethers.deployContract("PeriodCalendar", [0n, periodLength, 0n, 0n])).to.be.revertedWithCustomError(
      calendar,
      "InvalidCalendar",
    );
    await expect(ethers.deployContract("PeriodCalendar", [genesis, 0n, 0n, 0n])).to.be.revertedWithCustomError(
      calendar,
      "InvalidCalendar",
    );
  });

  it("maps timestamps to periods and periods to their bounds", async () => {
    const calendar = await loadFixture(deployCalendar);
    expect(await calendar.periodOf(genesis)).to.equal(0n);
    expect(await calendar.periodOf(genesis + periodLength - 1n)).to.equal(0n);
    expect(await calendar.periodOf(genesis + periodLength)).to.equal(1n);
    expect(await calendar.periodOf(genesis + 7n * periodLength + 5n)).to.equal(7n);
    expect(await calendar.periodStart(3)).to.equal(genesis + 3n * periodLength);
    expect(await calendar.periodEnd(3)).to.equal(genesis + 4n * periodLength);
  });

  it("reverts with BeforeGenesis for a timestamp before period 0", async () => {
    const calendar = await loadFixture(deployCalendar);
    await expect(calendar.periodOf(genesis - 1n))
      .to.be.revertedWithCustomError(calendar, "BeforeGenesis")
      .withArgs(genesis - 1n);
  });

  it("reports period 0 as current before genesis and follows the clock after it", async () => {
    const calendar = await loadFixture(deployCalendar);
    expect(await calendar.currentPeriod()).to.equal(0n);
    await time.increaseTo(genesis + 2n * periodLength + DAY);
    expect(await calendar.currentPeriod()).to.equal(2n);
  });

  it("keeps a period open for readings until its grace window ends", async () => {
    const calendar = await loadFixture(deployCalendar);
    const end = genesis + periodLength;
    await time.increaseTo(end + gracePeriod - 2n);
    expect(await calendar.isOpenForReadings(0)).to.equal(true);
    await time.increaseTo(end + gracePeriod);
    expect(await calendar.isOpenForReadings(0)).to.equal(false);
    expect(await calendar.isOpenForReadings(1)).to.equal(true);
  });
});
