import { expect } from "chai";
import { network } from "hardhat";
import { id as roleId } from "ethers";
import { deployBudgetFixture, bindDevice, bookEmissions, E18 } from "./fixtures/budget.js";

const { ethers, networkHelpers } = await network.connect();
const { time, loadFixture } = networkHelpers;

const fixture = () => deployBudgetFixture(ethers, networkHelpers);

describe("CarbonBudget", () => {
  describe("claimAllowance", () => {
    it("mints the period's allowance once to an enrolled account", async () => {
      const f = await loadFixture(fixture);
      const p = await f.calendar.currentPeriod();
      await expect(f.budget.connect(f.alice).claimAllowance(p))
        .to.emit(f.budget, "AllowanceClaimed")
        .withArgs(f.alice.address, p, f.params.allowance)
        .and.to.emit(f.token, "Minted");
      expect(await f.token.balanceOf(f.alice.address)).to.equal(f.params.allowance);
      expect(await f.budget.allowanceClaimed(f.alice.address, p)).to.equal(true);
      await expect(f.budget.connect(f.alice).claimAllowance(p))
        .to.be.revertedWithCustomError(f.budget, "AllowanceAlreadyClaimed")
        .withArgs(f.alice.address, p);
    });

    it("refuses accounts that are not enrolled", async () => {
      const f = await loadFixture(fixture);
      const p = await f.calendar.currentPeriod();
      await expect(f.budget.connect(f.stranger).claimAllowance(p))
        .to.be.revertedWithCustomError(f.budget, "NotEnrolled")
        .withArgs(f.stranger.address);
    });

    it("refuses a period that has not started", async () => {
      const f = await loadFixture(fixture);
      const p = (await f.calendar.currentPeriod()) + 1n;
      await expect(f.budget.connect(f.alice).claimAllowance(p))
        .to.be.revertedWithCustomError(f.budget, "PeriodNotStarted")
        .withArgs(p);
    });

    it("stays open through the grace window and closes when it ends", async () => {
      const f = await loadFixture(fixture);
      const p = await f.calendar.currentPeriod();
      const end = await f.calendar.periodEnd(p);
      await time.setNextBlockTimestamp(end + f.grace - 1n);
      await f.budget.connect(f.alice).claimAllowance(p);
      await time.setNextBlockTimestamp(end + f.grace);
      await expect(f.budget.connect(f.bob).claimAllowance(p))
        .to.be.revertedWithCustomError(f.budget, "ClaimWindowClosed")
        .withArgs(p);
    });

    it("refuses periods before the account's enrollment", async () => {
      const f = await loadFixture(fixture);
      const p = await f.calendar.currentPeriod();
      await time.increaseTo(await f.calendar.periodStart(p + 1n));
      await f.registry.connect(f.registrar).enroll(f.stranger.address);
      await expect(f.budget.connect(f.stranger).claimAllowance(p))
        .to.be.revertedWithCustomError(f.budget, "ClaimWindowClosed")
        .withArgs(p);
      await f.budget.connect(f.stranger).claimAllowance(p + 1n);
    });

    it("refuses a period whose allowance is zero", async () => {
      const f = await loadFixture(fixture);
      const p = await f.calendar.currentPeriod();
      await f.budget.connect(f.admin).scheduleParameters(p + 1n, 0n, f.params.rewardBudget, 1000);
      await time.increaseTo(await f.calendar.periodStart(p + 1n));
      await expect(f.budget.connect(f.alice).claimAllowance(p + 1n))
        .to.be.revertedWithCustomError(f.budget, "NothingToClaim")
        .withArgs(f.alice.address, p + 1n);
    });
  });

  describe("settle", () => {
    it("refuses before the period's grace window is over", async () => {
      const f = await loadFixture(fixture);
      const p = await f.calendar.currentPeriod();
      const at = (await f.calendar.periodEnd(p)) + f.grace;
      await time.setNextBlockTimestamp(at - 1n);
      await expect(f.budget.settle(f.alice.address, p))
        .to.be.revertedWithCustomError(f.budget, "PeriodNotSettleable")
        .withArgs(p, at);
    });

    it("surrenders emissions, sets the first baseline to min(emissions, allowance) and pays no reward", async () => {
      const f = await loadFixture(fixture);
      const p = await f.calendar.currentPeriod();
      await f.budget.connect(f.alice).claimAllowance(p);
      const kg = await bookEmissions(f, f.aliceMeter, 150_000n); // 150 kWh
      await f.closePeriod(p);
      await expect(f.budget.connect(f.stranger).settle(f.alice.address, p))
        .to.emit(f.budget, "Settled")
        .withArgs(f.alice.address, p, f.stranger.address, kg, kg, 0n, 0n, kg, 0n)
        .and.to.emit(f.token, "Surrendered")
        .withArgs(f.alice.address, kg, await f.budget.getAddress());
      expect(await f.token.balanceOf(f.alice.address)).to.equal(f.params.allowance - kg);
      expect(await f.budget.baselineOf(f.alice.address)).to.equal(kg);
      expect(await f.budget.nextSettlementPeriod(f.alice.address)).to.equal(p + 1n);
      const s = await f.budget.settlement(f.alice.address, p);
      expect(s.settled).to.equal(true);
      expect(s.emissions).to.equal(kg);
      expect(s.surrendered).to.equal(kg);
    });

    it("caps the first baseline at the allowance", async () => {
      const f = await loadFixture(fixture);
      const p = await f.calendar.currentPeriod();
      await bookEmissions(f, f.aliceMeter, 1_000_000n); // 1000 kWh = 536.6 kg > 400 kg allowance
      await f.closePeriod(p);
      await f.budget.settle(f.alice.address, p);
      expect(await f.budget.baselineOf(f.alice.address)).to.equal(f.params.allowance);
    });

    it("records what the balance cannot cover as a deficit", async () => {
      const f = await loadFixture(fixture);
      const p = await f.calendar.currentPeriod();
      const kg = await bookEmissions(f, f.aliceMeter, 100_000n);
      await f.closePeriod(p);
      await expect(f.budget.settle(f.alice.address, p))
        .to.emit(f.budget, "Settled")
        .withArgs(f.alice.address, p, f.deployer.address, kg, 0n, kg, 0n, kg, 0n);
      expect(await f.budget.deficitOf(f.alice.address)).to.equal(kg);
    });

    it("settles periods strictly in order from the enrollment period", async () => {
      const f = await loadFixture(fixture);
      const p = await f.calendar.currentPeriod();
      await f.closePeriod(p + 1n);
      await expect(f.budget.settle(f.alice.address, p + 1n))
        .to.be.revertedWithCustomError(f.budget, "OutOfOrderSettlement")
        .withArgs(f.alice.address, p + 1n, p);
      await f.budget.settle(f.alice.address, p);
      await expect(f.budget.settle(f.alice.address, p))
        .to.be.revertedWithCustomError(f.budget, "OutOfOrderSettlement")
        .withArgs(f.alice.address, p, p + 1n);
      await f.budget.settle(f.alice.address, p + 1n);
    });

    it("refuses accounts that were never enrolled", async () => {
      const f = await loadFixture(fixture);
      const p = await f.calendar.currentPeriod();
      await f.closePeriod(p);
      await expect(f.budget.settle(f.stranger.address, p))
        .to.be.revertedWithCustomError(f.budget, "NotEnrolled")
        .withArgs(f.stranger.address);
    });
  });

  describe("rewards", () => {
    /**
     * Alice and Bob claim their allowances and emit [first, second] Wh in two periods (no deficit:
     * rewards need none); the first is settled, the second closed.
     */
    async function twoPeriods(f: Awaited<ReturnType<typeof fixture>>, aliceWh: [bigint, bigint], bobWh: [bigint, bigint]) {
      const p = await f.calendar.currentPeriod();
      await f.budget.connect(f.alice).claimAllowance(p);
      await f.budget.connect(f.bob).claimAllowance(p);
      await bookEmissions(f, f.aliceMeter, aliceWh[0]);
      await bookEmissions(f, f.bobMeter, bobWh[0]);
      await f.closePeriod(p);
      await f.budget.settle(f.alice.address, p);
      await f.budget.settle(f.bob.address, p);
      await f.budget.connect(f.alice).claimAllowance(p + 1n);
      await f.budget.connect(f.bob).claimAllowance(p + 1n);
      await bookEmissions(f, f.aliceMeter, aliceWh[1]);
      await bookEmissions(f, f.bobMeter, bobWh[1]);
      await f.closePeriod(p + 1n);
      return p + 1n;
    }

    it("registers (baseline − emissions) × rate and pays it after the reward window", async () => {
      const f = await loadFixture(fixture);
      const p = await twoPeriods(f, [200_000n, 100_000n], [200_000n, 200_000n]);
      const baseline = await f.budget.baselineOf(f.alice.address);
      const emissions = await f.oracle.emissionsOf(f.alice.address, p);
      expect(emissions).to.be.lessThan(baseline);
      const entitlement = ((baseline - emissions) * BigInt(f.params.rewardRateBps)) / 10_000n;
      const baselineAfter = baseline - ((baseline - emissions) * 2_500n) / 10_000n;
      await expect(f.budget.settle(f.alice.address, p))
        .to.emit(f.budget, "Settled")
        .withArgs(f.alice.address, p, f.deployer.address, emissions, emissions, 0n, baseline, baselineAfter, entitlement);
      expect(await f.budget.totalEntitled(p)).to.equal(entitlement);
      expect(await f.budget.pendingReward(f.alice.address, p)).to.equal(entitlement);

      const closes = (await f.calendar.periodEnd(p)) + f.grace + f.rewardWindow;
      await expect(f.budget.connect(f.alice).claimReward(p))
        .to.be.revertedWithCustomError(f.budget, "RewardWindowOpen")
        .withArgs(p, closes);
      await time.increaseTo(closes);
      await expect(f.budget.connect(f.alice).claimReward(p))
        .to.emit(f.budget, "RewardClaimed")
        .withArgs(f.alice.address, p, entitlement, entitlement);
      expect(await f.budget.rewardsPaid(p)).to.equal(entitlement);
      expect(await f.budget.pendingReward(f.alice.address, p)).to.equal(0n);
      await expect(f.budget.connect(f.alice).claimReward(p))
        .to.be.revertedWithCustomError(f.budget, "NothingToClaim")
        .withArgs(f.alice.address, p);
    });

    it("scales claims pro rata so a period never pays more than its budget", async () => {
      const f = await loadFixture(fixture);
      const p0 = await f.calendar.currentPeriod();
      // A tiny budget for the second period: 1 PCC.
      await f.budget.connect(f.admin).scheduleParameters(p0 + 1n, f.params.allowance, E18, 10_000);
      const p = await twoPeriods(f, [300_000n, 100_000n], [300_000n, 200_000n]);
      await f.budget.settle(f.alice.address, p);
      await f.budget.settle(f.bob.address, p);
      const eA = (await f.budget.settlement(f.alice.address, p)).rewardEntitlement;
      const eB = (await f.budget.settlement(f.bob.address, p)).rewardEntitlement;
      const total = eA + eB;
      expect(total).to.be.greaterThan(E18);
      await time.increaseTo((await f.calendar.periodEnd(p)) + f.grace + f.rewardWindow);
      await f.budget.connect(f.alice).claimReward(p);
      await f.budget.connect(f.bob).claimReward(p);
      const paid = await f.budget.rewardsPaid(p);
      expect(paid).to.equal((eA * E18) / total + (eB * E18) / total);
      expect(paid).to.be.lessThanOrEqual(E18);
    });

    it("registers nothing for settlements after the reward window or with zero emissions", async () => {
      const f = await loadFixture(fixture);
      const p = await twoPeriods(f, [200_000n, 100_000n], [200_000n, 0n]);
      await f.budget.settle(f.bob.address, p); // zero emissions: no reward
      expect((await f.budget.settlement(f.bob.address, p)).rewardEntitlement).to.equal(0n);
      await time.increaseTo((await f.calendar.periodEnd(p)) + f.grace + f.rewardWindow);
      await f.budget.settle(f.alice.address, p); // too late for a reward
      expect((await f.budget.settlement(f.alice.address, p)).rewardEntitlement).to.equal(0n);
      await expect(f.budget.connect(f.alice).claimReward(p)).to.be.revertedWithCustomError(f.budget, "NothingToClaim");
    });

    it("moves the baseline a quarter of the way up when emissions rise", async () => {
      const f = await loadFixture(fixture);
      const p = await twoPeriods(f, [100_000n, 300_000n], [100_000n, 100_000n]);
      const before = await f.budget.baselineOf(f.alice.address);
      const emissions = await f.oracle.emissionsOf(f.alice.address, p);
      await f.budget.settle(f.alice.address, p);
      expect(await f.budget.baselineOf(f.alice.address)).to.equal(before + ((emissions - before) * 2_500n) / 10_000n);
      expect((await f.budget.settlement(f.alice.address, p)).rewardEntitlement).to.equal(0n);
    });
  });

  describe("payDeficit", () => {
    it("burns the payer's credits to pay down any account's deficit", async () => {
      const f = await loadFixture(fixture);
      const p = await f.calendar.currentPeriod();
      const kg = await bookEmissions(f, f.aliceMeter, 100_000n);
      await f.closePeriod(p);
      await f.budget.settle(f.alice.address, p);
      await f.budget.connect(f.bob).claimAllowance(p + 1n);
      await expect(f.budget.connect(f.bob).payDeficit(f.alice.address, 0n)).to.be.revertedWithCustomError(
        f.budget,
        "ZeroAmount",
      );
      await expect(f.budget.connect(f.bob).payDeficit(f.alice.address, kg + 1n))
        .to.be.revertedWithCustomError(f.budget, "PaymentExceedsDeficit")
        .withArgs(kg + 1n, kg);
      await expect(f.budget.connect(f.bob).payDeficit(f.alice.address, kg - 1n))
        .to.emit(f.budget, "DeficitPaid")
        .withArgs(f.alice.address, f.bob.address, kg - 1n, 1n);
      expect(await f.budget.deficitOf(f.alice.address)).to.equal(1n);
      expect(await f.token.balanceOf(f.bob.address)).to.equal(f.params.allowance - kg + 1n);
    });
  });

  describe("parameters", () => {
    it("only PARAMETERS_ROLE schedules", async () => {
      const f = await loadFixture(fixture);
      const p = await f.calendar.currentPeriod();
      await expect(f.budget.connect(f.stranger).scheduleParameters(p + 1n, 1n, 1n, 1))
        .to.be.revertedWithCustomError(f.budget, "AccessControlUnauthorizedAccount")
        .withArgs(f.stranger.address, roleId("PARAMETERS_ROLE"));
    });

    it("schedules only future periods, replaces a pending entry and looks up by period", async () => {
      const f = await loadFixture(fixture);
      const p = await f.calendar.currentPeriod();
      await expect(f.budget.connect(f.admin).scheduleParameters(p, 1n, 1n, 1))
        .to.be.revertedWithCustomError(f.budget, "ParametersTooEarly")
        .withArgs(p, p + 1n);
      await expect(f.budget.connect(f.admin).scheduleParameters(p + 1n, 1n, 1n, 10_001))
        .to.be.revertedWithCustomError(f.budget, "RateTooHigh")
        .withArgs(10_001);
      await expect(f.budget.connect(f.admin).scheduleParameters(p + 3n, 3n, 3n, 3))
        .to.emit(f.budget, "ParametersScheduled")
        .withArgs(p + 3n, 3n, 3n, 3);
      await expect(f.budget.connect(f.admin).scheduleParameters(p + 2n, 2n, 2n, 2))
        .to.be.revertedWithCustomError(f.budget, "ParametersTooEarly")
        .withArgs(p + 2n, p + 3n);
      await f.budget.connect(f.admin).scheduleParameters(p + 3n, 4n, 4n, 4); // replaces the pending entry
      expect(await f.budget.parametersCount()).to.equal(2n);
      expect((await f.budget.parametersAt(p + 2n)).allowance).to.equal(f.params.allowance);
      expect((await f.budget.parametersAt(p + 3n)).allowance).to.equal(4n);
      expect((await f.budget.parametersAt(p + 100n)).rewardRateBps).to.equal(4n);
      expect((await f.budget.parametersByIndex(1n)).fromPeriod).to.equal(p + 3n);
    });
  });

  it("has the roles it needs on the token", async () => {
    const f = await loadFixture(fixture);
    const budget = await f.budget.getAddress();
    expect(await f.token.hasRole(roleId("MINTER_ROLE"), budget)).to.equal(true);
    expect(await f.token.hasRole(roleId("BURNER_ROLE"), budget)).to.equal(true);
  });
});
