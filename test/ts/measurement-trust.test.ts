/**
 * The attacks a household can try on PCX's figures (issue #10), each as the exact sequence an
 * attacker would run on the real contracts, and the rule that stops it:
 *   1. bind nothing (or a self-made key) and emit zero → no allowance while a required meter is missing;
 *      settlement books the whole period as a gap estimate
 *   2. revoke a meter before a heavy week → required meters are locked; optional ones count to the period's end
 *   3. silence → conservative gap estimate at settlement, paid off first by the next measured delta
 *   6. reward capture (over-report, leave the deficit, report ~nothing) → capped baseline, debt first, no reward
 *   7. silent truncation of huge emissions → readings of 2^96 wei or more are refused; settlement casts are checked
 *   censorship: with the oracle stopped, the household relays its own certified readings
 * (Attacks 4, 5 and 8 are on the oracle service: oracle/test.)
 */
import { expect } from "chai";
import { network } from "hardhat";
import { deployBudgetFixture, bindDevice, bookEmissions, E18, type Meter } from "./fixtures/budget.js";
import { emissionOracleDomain } from "../../sdk/typed-data.js";
import { rejectReason, signReading, toSubmitArgs } from "../../sdk/readings.js";
import { DeviceKind } from "../../sdk/contracts.js";
import { gapEstimateWei, kindMask } from "../../sdk/gap-estimates.js";

const { ethers, networkHelpers } = await network.connect();
const { time, loadFixture } = networkHelpers;

const ELEC_FIGURE = gapEstimateWei(DeviceKind.Electricity); // 800 kg per period
const DAY = 86_400n;

async function fixture() {
  const f = await deployBudgetFixture(ethers, networkHelpers);
  await f.oracle.connect(f.admin).setGapEstimate(DeviceKind.Electricity, ELEC_FIGURE);
  return f;
}
type F = Awaited<ReturnType<typeof fixture>>;

/** A reading of `meter` adding `wh`, at the latest block time, submitted by `from` (default: the operator). */
async function report(f: F, meter: Meter, wh: bigint, from = f.oracleOperator) {
  const state = await f.oracle.deviceState(meter.wallet.address);
  const signed = await signReading(meter.wallet, emissionOracleDomain(f.chainId, await f.oracle.getAddress()), {
    device: meter.wallet.address as `0x${string}`,
    seq: state.lastSeq + 1n,
    timestamp: BigInt(await time.latest()) + 1n,
    cumulative: state.lastCumulative + wh,
  });
  return f.oracle.connect(from).submitReadings(...toSubmitArgs([signed]));
}

/** Moves to `secondsBeforeEnd` before the end of `period`. */
async function nearEnd(f: F, period: bigint, secondsBeforeEnd: bigint) {
  await time.increaseTo((await f.calendar.periodEnd(period)) - secondsBeforeEnd);
}

describe("Measurement trust: attacks on the figures", () => {
  it("1. a household that binds no certified meter gets no allowance and its silence is estimated in full", async () => {
    const f = await loadFixture(fixture);
    const [, , , , , , , carol] = await ethers.getSigners();
    await f.registry.connect(f.registrar).enroll(carol.address);
    await f.registry.connect(f.registrar).setRequiredMeters(carol.address, kindMask([DeviceKind.Electricity]));
    const p = await f.calendar.currentPeriod();
    await expect(f.budget.connect(carol).claimAllowance(p))
      .to.be.revertedWithCustomError(f.budget, "RequiredMeterMissing")
      .withArgs(carol.address, kindMask([DeviceKind.Electricity]));
    await f.closePeriod(p);
    const tx = f.budget.settle(carol.address, p);
    await expect(tx).to.emit(f.oracle, "GapEstimated");
    const estimated = await f.oracle.estimatedOf(carol.address, p);
    // uncovered from the moment the requirement was recorded to the period's end: most of the day
    expect(estimated).to.be.greaterThan((ELEC_FIGURE * 9n) / 10n);
    expect((await f.budget.settlement(carol.address, p)).emissions).to.equal(estimated);
    expect(await f.budget.deficitOf(carol.address)).to.equal(estimated);
  });

  it("2. an optional meter revoked by its owner still books the rest of the period", async () => {
    const f = await loadFixture(fixture);
    const plug = await bindDevice(f, f.alice, 1); // a second electricity meter: optional
    await report(f, plug, 0n);
    await f.registry.connect(f.alice).revokeDevice(plug.wallet.address);
    await time.increase(3_600);
    await expect(report(f, plug, 10_000n)).to.emit(f.oracle, "ReadingAccepted");
    const p = await f.calendar.currentPeriod();
    expect(await f.oracle.emissionsOf(f.alice.address, p)).to.equal(10_000n * f.factorValue);
    // the required one cannot be revoked by her at all
    await expect(f.registry.connect(f.alice).revokeDevice(f.aliceMeter.wallet.address)).to.be.revertedWithCustomError(
      f.registry,
      "RequiredMeterLocked",
    );
    // from the end of the grace window the plug is revoked
    await f.closePeriod(p);
    await expect(report(f, plug, 10_000n))
      .to.emit(f.oracle, "ReadingRejected")
      .withArgs(plug.wallet.address, 3n, rejectReason("DeviceNotActive"));
  });

  it("3. silence books a conservative estimate that the next measured delta pays off first", async () => {
    const f = await loadFixture(fixture);
    const p = await f.calendar.currentPeriod();
    await f.budget.connect(f.alice).claimAllowance(p);
    await f.budget.connect(f.bob).claimAllowance(p);
    // Alice's meter goes silent right after its first reading; Bob's reports until an hour before the end.
    await nearEnd(f, p, 3_600n);
    await report(f, f.bobMeter, 50_000n);
    const aliceLast = (await f.oracle.deviceState(f.aliceMeter.wallet.address)).lastTimestamp;
    await f.closePeriod(p);
    const periodEnd = await f.calendar.periodEnd(p);
    const [, since] = await f.registry.requiredMeters(f.alice.address);
    const boundAt = (await f.registry.device(f.aliceMeter.wallet.address)).boundAt;
    const finalGap = boundAt - since;
    const owedGap = periodEnd - aliceLast;
    const expected = (ELEC_FIGURE * (finalGap + owedGap)) / DAY;
    const owed = (ELEC_FIGURE * owedGap) / DAY;
    await expect(f.budget.settle(f.alice.address, p))
      .to.emit(f.oracle, "GapEstimated")
      .withArgs(f.alice.address, p, f.aliceMeter.wallet.address, DeviceKind.Electricity, finalGap + owedGap, expected);
    await expect(f.budget.settle(f.bob.address, p)).not.to.emit(f.oracle, "GapEstimated"); // 1 h ≤ 10 % of a day
    expect(await f.oracle.emissionsOf(f.alice.address, p)).to.equal(expected);
    expect(await f.oracle.outstandingEstimate(f.aliceMeter.wallet.address)).to.equal(owed);

    // The meter reports again: its register carries what it measured while silent.
    const wh = 2_000_000n; // 2 MWh ≈ 1,073 kg: more than the owed estimate
    const measured = wh * f.factorValue;
    const tx = await report(f, f.aliceMeter, wh);
    await expect(tx)
      .to.emit(f.oracle, "EstimatePaidOff")
      .withArgs(f.aliceMeter.wallet.address, f.alice.address, p + 1n, owed, 0n);
    expect(await f.oracle.outstandingEstimate(f.aliceMeter.wallet.address)).to.equal(0n);
    expect(await f.oracle.emissionsOf(f.alice.address, p + 1n)).to.equal(measured - owed);
    // booked = measured + estimates − pay-offs, and never less than measured
    const booked = (await f.oracle.emissionsOf(f.alice.address, p)) + (await f.oracle.emissionsOf(f.alice.address, p + 1n));
    expect(booked).to.equal(measured + expected - owed);
    expect(booked).to.be.greaterThanOrEqual(measured);
    // and the period with the estimate registered no reward for her
    expect((await f.budget.settlement(f.alice.address, p)).rewardEntitlement).to.equal(0n);
  });

  it("3b. a small delta pays off only its own size; the rest stays owed", async () => {
    const f = await loadFixture(fixture);
    const p = await f.calendar.currentPeriod();
    await f.closePeriod(p);
    await f.budget.settle(f.alice.address, p);
    const owed = await f.oracle.outstandingEstimate(f.aliceMeter.wallet.address);
    expect(owed).to.be.greaterThan(0n);
    const kg = 1_000n * f.factorValue;
    await expect(report(f, f.aliceMeter, 1_000n))
      .to.emit(f.oracle, "EstimatePaidOff")
      .withArgs(f.aliceMeter.wallet.address, f.alice.address, p + 1n, kg, owed - kg);
    expect(await f.oracle.emissionsOf(f.alice.address, p + 1n)).to.equal(0n);
  });

  it("censorship: with the oracle stopped, the household relays its own certified readings and avoids the estimate", async () => {
    const f = await loadFixture(fixture);
    const p = await f.calendar.currentPeriod();
    await f.budget.connect(f.alice).claimAllowance(p);
    // No operator submits anything. Alice's app relays what her meter signed, from her own wallet.
    for (const hoursBeforeEnd of [20n, 12n, 6n, 1n]) {
      await nearEnd(f, p, hoursBeforeEnd * 3_600n);
      await expect(report(f, f.aliceMeter, 20_000n, f.alice)).to.emit(f.oracle, "ReadingAccepted");
    }
    await f.closePeriod(p);
    await expect(f.budget.settle(f.alice.address, p)).not.to.emit(f.oracle, "GapEstimated");
    expect(await f.oracle.estimatedOf(f.alice.address, p)).to.equal(0n);
    expect(await f.oracle.emissionsOf(f.alice.address, p)).to.equal(80_000n * f.factorValue);
  });

  it("6. reward capture: over-report, leave the deficit, report almost nothing → no reward, debt paid first", async () => {
    const f = await loadFixture(fixture);
    const p0 = await f.calendar.currentPeriod();
    const heartbeat = async (p: bigint) => {
      await nearEnd(f, p, 600n);
      await report(f, f.aliceMeter, 1n);
      await report(f, f.bobMeter, 100_000n);
    };
    // Period 0: ordinary; baselines start at ~54 kg (Bob) and ~0 (Alice).
    await f.budget.connect(f.bob).claimAllowance(p0);
    await heartbeat(p0);
    await f.closePeriod(p0);
    await f.budget.settle(f.alice.address, p0);
    await f.budget.settle(f.bob.address, p0);
    // Period 1: Alice over-reports 10 MWh (≈ 5,366 kg), claims nothing, leaves the deficit unpaid.
    await report(f, f.aliceMeter, 10_000_000n);
    await f.budget.connect(f.bob).claimAllowance(p0 + 1n);
    await heartbeat(p0 + 1n);
    await f.closePeriod(p0 + 1n);
    await f.budget.settle(f.alice.address, p0 + 1n);
    await f.budget.settle(f.bob.address, p0 + 1n);
    const deficit = await f.budget.deficitOf(f.alice.address);
    expect(deficit).to.be.greaterThan(5_000n * E18);
    // The baseline rose, but not above the allowance.
    expect(await f.budget.baselineOf(f.alice.address)).to.be.lessThanOrEqual(f.params.allowance);
    // Period 2: she claims (the allowance goes to her debt) and reports almost nothing.
    await expect(f.budget.connect(f.alice).claimAllowance(p0 + 2n))
      .to.emit(f.budget, "DeficitPaid")
      .withArgs(f.alice.address, f.alice.address, f.params.allowance, deficit - f.params.allowance);
    expect(await f.token.balanceOf(f.alice.address)).to.equal(0n);
    await f.budget.connect(f.bob).claimAllowance(p0 + 2n);
    await heartbeat(p0 + 2n);
    await f.closePeriod(p0 + 2n);
    await expect(f.budget.settle(f.alice.address, p0 + 2n))
      .to.emit(f.budget, "RewardWithheld")
      .withArgs(f.alice.address, p0 + 2n, 1n /* DeficitOpen */);
    expect((await f.budget.settlement(f.alice.address, p0 + 2n)).rewardEntitlement).to.equal(0n);
    expect(await f.budget.totalEntitled(p0 + 2n)).to.equal(0n);
  });

  it("6b. no reward is paid while a deficit is open", async () => {
    const f = await loadFixture(fixture);
    const p0 = await f.calendar.currentPeriod();
    await f.budget.connect(f.alice).claimAllowance(p0);
    await report(f, f.aliceMeter, 500_000n); // ≈ 268 kg
    await nearEnd(f, p0, 600n);
    await report(f, f.aliceMeter, 0n);
    await f.closePeriod(p0);
    await f.budget.settle(f.alice.address, p0);
    await f.budget.connect(f.alice).claimAllowance(p0 + 1n);
    await report(f, f.aliceMeter, 100_000n); // ≈ 54 kg: a real reduction
    await nearEnd(f, p0 + 1n, 600n);
    await report(f, f.aliceMeter, 0n);
    await f.closePeriod(p0 + 1n);
    await f.budget.settle(f.alice.address, p0 + 1n);
    expect((await f.budget.settlement(f.alice.address, p0 + 1n)).rewardEntitlement).to.be.greaterThan(0n);
    // She gives away her PCC; a later settlement leaves a deficit before she claims the reward.
    await f.token.connect(f.alice).transfer(f.bob.address, await f.token.balanceOf(f.alice.address));
    await report(f, f.aliceMeter, 100_000n);
    await nearEnd(f, p0 + 2n, 600n);
    await report(f, f.aliceMeter, 0n);
    await time.increaseTo((await f.calendar.periodEnd(p0 + 2n)) + f.grace);
    await f.budget.settle(f.alice.address, p0 + 2n);
    const deficit = await f.budget.deficitOf(f.alice.address);
    expect(deficit).to.be.greaterThan(0n);
    await expect(f.budget.connect(f.alice).claimReward(p0 + 1n))
      .to.be.revertedWithCustomError(f.budget, "DeficitOutstanding")
      .withArgs(f.alice.address, deficit);
    await f.budget.connect(f.bob).payDeficit(f.alice.address, deficit);
    await expect(f.budget.connect(f.alice).claimReward(p0 + 1n)).to.emit(f.budget, "RewardClaimed");
  });

  it("7. a reading worth 2^96 PCC wei or more is refused, so settlement records never disagree", async () => {
    const f = await loadFixture(fixture);
    const p = await f.calendar.currentPeriod();
    // 2^128 wei / 0.5366e15 wei per Wh: a delta whose emissions overflow uint128
    const huge = (1n << 128n) / f.factorValue + 1n;
    await expect(report(f, f.aliceMeter, huge))
      .to.emit(f.oracle, "ReadingRejected")
      .withArgs(f.aliceMeter.wallet.address, 2n, rejectReason("DeltaTooLarge"));
    // just below the bound is booked, and the settlement stores exactly what the event says
    const big = ((1n << 96n) - 1n) / f.factorValue;
    await expect(report(f, f.aliceMeter, big)).to.emit(f.oracle, "ReadingAccepted");
    await nearEnd(f, p, 600n);
    await report(f, f.aliceMeter, 0n);
    await f.closePeriod(p);
    const emissions = await f.oracle.emissionsOf(f.alice.address, p);
    await expect(f.budget.settle(f.alice.address, p)).to.emit(f.budget, "Settled");
    const s = await f.budget.settlement(f.alice.address, p);
    expect(s.emissions).to.equal(emissions);
    expect(s.shortfall).to.equal(await f.budget.deficitOf(f.alice.address));
  });

  it("certifier revoked: its meters stop counting from that moment, nothing booked before is rewritten", async () => {
    const f = await loadFixture(fixture);
    const p = await f.calendar.currentPeriod();
    await report(f, f.aliceMeter, 10_000n);
    const before = await f.oracle.emissionsOf(f.alice.address, p);
    const { BUDGET_CERTIFIER } = await import("./fixtures/budget.js");
    await f.registry.connect(f.admin).revokeCertifier(BUDGET_CERTIFIER.address);
    await expect(report(f, f.aliceMeter, 10_000n))
      .to.emit(f.oracle, "ReadingRejected")
      .withArgs(f.aliceMeter.wallet.address, 3n, rejectReason("CertificateInvalid"));
    expect(await f.oracle.emissionsOf(f.alice.address, p)).to.equal(before);
    // and the household can no longer claim until a certified replacement is bound
    await expect(f.budget.connect(f.alice).claimAllowance(p)).to.be.revertedWithCustomError(f.budget, "RequiredMeterMissing");
  });

  it("adding meters does not multiply the entitlement: it is per household and capped by the allowance", async () => {
    const f = await loadFixture(fixture);
    const extra = [await bindDevice(f, f.alice, 1), await bindDevice(f, f.alice, 1)];
    for (const m of extra) await report(f, m, 0n);
    const p0 = await f.calendar.currentPeriod();
    for (const p of [p0, p0 + 1n]) {
      await f.budget.connect(f.alice).claimAllowance(p);
      await report(f, f.aliceMeter, p === p0 ? 200_000n : 10_000n);
      for (const m of extra) await report(f, m, p === p0 ? 200_000n : 1n);
      await nearEnd(f, p, 600n);
      await report(f, f.aliceMeter, 0n);
      await f.closePeriod(p);
      await f.budget.settle(f.alice.address, p);
    }
    const s = await f.budget.settlement(f.alice.address, p0 + 1n);
    const rate = BigInt(f.params.rewardRateBps);
    expect(s.rewardEntitlement).to.be.greaterThan(0n);
    expect(s.rewardEntitlement).to.be.lessThanOrEqual((f.params.allowance * rate) / 10_000n);
  });
});
