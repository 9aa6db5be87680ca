import { expect } from "chai";
import { network } from "hardhat";
import {
  deployCore,
  deviceKey,
  enroll,
  bindDevice,
  periodStart,
  signedReading,
  ROLES,
  DAY,
} from "./fixtures/deploy-core.js";
import { READING_TYPES, emissionOracleDomain } from "../../sdk/typed-data.js";
import { rejectReason, signReading, toSubmitArgs, sortForSubmission, type SignedReading } from "../../sdk/readings.js";
import { factorToWeiPerBaseUnit } from "../../sdk/units.js";
import { DeviceKind } from "../../sdk/contracts.js";

const { ethers, networkHelpers } = await network.connect();
const { loadFixture, time } = networkHelpers;
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const ELEC_WEI_PER_WH = factorToWeiPerBaseUnit("0.5366", DeviceKind.Electricity);
const CAR_WEI_PER_M = factorToWeiPerBaseUnit("0.143", DeviceKind.VehicleDistance);
const GAS_WEI_PER_L = factorToWeiPerBaseUnit("2.02633", DeviceKind.NaturalGas);

async function fixture() {
  const core = await deployCore(ethers);
  const [alice, bob, carol] = core.accounts.households;
  await enroll(core, alice);
  await enroll(core, bob);
  const elec = deviceKey("alice-elec");
  const car = deviceKey("alice-car");
  const gas = deviceKey("bob-gas");
  await bindDevice(core, alice, elec, "elec.cn.grid");
  await bindDevice(core, alice, car, "car.petrol.km");
  await bindDevice(core, bob, gas, "gas.uk.m3", true);
  const t0 = periodStart(core, 0) + DAY;
  await time.increaseTo(t0);
  return { ...core, alice, bob, carol, elec, car, gas, t0 };
}
type F = Awaited<ReturnType<typeof fixture>>;

function submit(f: F, batch: readonly SignedReading[]) {
  return f.oracle.connect(f.accounts.oracleOperator).submitReadings(...toSubmitArgs(batch));
}
function accepted(f: F, batch: readonly SignedReading[]) {
  return f.oracle.connect(f.accounts.oracleOperator).submitReadings.staticCall(...toSubmitArgs(batch));
}

/** f with the three devices' registers set (seq 1) at t0. */
async function seeded() {
  const f = await loadFixture(fixture);
  await submit(f, [
    await signedReading(f, f.elec, 1, f.t0, 10_000),
    await signedReading(f, f.car, 1, f.t0, 500_000),
    await signedReading(f, f.gas, 1, f.t0, 0),
  ]);
  return f;
}

async function expectRejected(f: F, r: SignedReading, reason: Parameters<typeof rejectReason>[0]) {
  await expect(submit(f, [r]))
    .to.emit(f.oracle, "ReadingRejected")
    .withArgs(r.reading.device, r.reading.seq, rejectReason(reason))
    .and.not.to.emit(f.oracle, "ReadingAccepted");
}

describe("EmissionOracle", () => {
  describe("EIP-712", () => {
    it("computes the digest the sdk's typed data signs", async () => {
      const f = await loadFixture(fixture);
      const r = await signedReading(f, f.elec, 7, f.t0, 123_456);
      const types = { Reading: READING_TYPES.Reading.map((x) => ({ ...x })) };
      expect(await f.oracle.readingDigest(r.reading)).to.equal(ethers.TypedDataEncoder.hash(f.oracleDomain, types, r.reading));
      expect(await f.oracle.domainSeparator()).to.equal(ethers.TypedDataEncoder.hashDomain(f.oracleDomain));
      expect(await f.oracle.MAX_CLOCK_SKEW()).to.equal(300n);
    });
  });

  describe("booking", () => {
    it("sets the register with a device's first reading and books nothing", async () => {
      const f = await loadFixture(fixture);
      const r = await signedReading(f, f.elec, 1, f.t0, 10_000);
      expect(await accepted(f, [r])).to.equal(1n);
      await expect(submit(f, [r]))
        .to.emit(f.oracle, "ReadingAccepted")
        .withArgs(f.elec.address, f.alice.address, 0, 1, 0, 0, 0, false);
      const st = await f.oracle.deviceState(f.elec.address);
      expect([st.lastSeq, st.lastTimestamp, st.lastCumulative]).to.deep.equal([1n, f.t0, 10_000n]);
      expect(await f.oracle.emissionsOf(f.alice.address, 0)).to.equal(0n);
    });

    it("books delta × the factor version in force to the owner's period total", async () => {
      const f = await seeded();
      const versionId = await f.factors.versionIdOf(f.factorIds["elec.cn.grid"], 0);
      await time.increaseTo(f.t0 + 3600n);
      const r = await signedReading(f, f.elec, 2, f.t0 + 3600n, 12_500); // +2.5 kWh
      await expect(submit(f, [r]))
        .to.emit(f.oracle, "ReadingAccepted")
        .withArgs(f.elec.address, f.alice.address, 0, 2, 2_500, 2_500n * ELEC_WEI_PER_WH, versionId, false);
      expect(await f.oracle.emissionsOf(f.alice.address, 0)).to.equal(2_500n * ELEC_WEI_PER_WH);
      expect((await f.oracle.deviceState(f.elec.address)).lastCumulative).to.equal(12_500n);
    });

    it("accepts a seq gap and a repeated timestamp, and an unchanged register books zero", async () => {
      const f = await seeded();
      await expect(submit(f, [await signedReading(f, f.elec, 5, f.t0, 10_000)]))
        .to.emit(f.oracle, "ReadingAccepted")
        .withArgs(f.elec.address, f.alice.address, 0, 5, 0, 0, await f.factors.versionIdOf(f.factorIds["elec.cn.grid"], 0), false);
      expect(await f.oracle.emissionsOf(f.alice.address, 0)).to.equal(0n);
    });

    it("marks operator-attested devices in the event", async () => {
      const f = await seeded();
      const r = await signedReading(f, f.gas, 2, f.t0 + 60n, 1_000); // 1 m³
      await expect(submit(f, [r]))
        .to.emit(f.oracle, "ReadingAccepted")
        .withArgs(f.gas.address, f.bob.address, 0, 2, 1_000, 1_000n * GAS_WEI_PER_L, await f.factors.versionIdOf(f.factorIds["gas.uk.m3"], 0), true);
    });

    it("sums mixed batches per owner and period, in any order", async () => {
      const f = await seeded();
      const t = f.t0 + 7200n;
      await time.increaseTo(t);
      const batch = [
        await signedReading(f, f.elec, 2, t, 11_000),
        await signedReading(f, f.gas, 2, t, 2_000),
        await signedReading(f, f.car, 2, t, 520_000),
        await signedReading(f, f.elec, 3, t + 1n, 11_500),
        await signedReading(f, f.gas, 3, t + 1n, 2_500),
      ];
      expect(await accepted(f, batch)).to.equal(5n);
      await submit(f, batch);
      const alice = 1_500n * ELEC_WEI_PER_WH + 20_000n * CAR_WEI_PER_M;
      const bob = 2_500n * GAS_WEI_PER_L;
      expect(await f.oracle.emissionsOf(f.alice.address, 0)).to.equal(alice);
      expect(await f.oracle.emissionsOf(f.bob.address, 0)).to.equal(bob);
      // sorted the way the oracle service submits: same totals
      const next = [
        await signedReading(f, f.elec, 4, t + 2n, 12_000),
        await signedReading(f, f.gas, 4, t + 2n, 3_000),
        await signedReading(f, f.car, 3, t + 2n, 530_000),
      ];
      const owners = new Map([
        [f.elec.address.toLowerCase(), f.alice.address],
        [f.car.address.toLowerCase(), f.alice.address],
        [f.gas.address.toLowerCase(), f.bob.address],
      ]);
      await submit(f, sortForSubmission(next, (d) => owners.get(d.toLowerCase())!));
      expect(await f.oracle.emissionsOf(f.alice.address, 0)).to.equal(alice + 500n * ELEC_WEI_PER_WH + 10_000n * CAR_WEI_PER_M);
      expect(await f.oracle.emissionsOf(f.bob.address, 0)).to.equal(bob + 500n * GAS_WEI_PER_L);
    });

    it("books a late reading to its own period during the grace window, with that period's factor", async () => {
      const f = await seeded();
      const id = f.factorIds["elec.cn.grid"];
      await f.factors.publishVersion(id, 1, 2n * ELEC_WEI_PER_WH, "doubled from period 1");
      const newVersion = await f.factors.versionCount();
      const oldVersion = await f.factors.versionIdOf(id, 0);
      const p1 = periodStart(f, 1);
      await time.increaseTo(p1 + 3600n);
      // a reading from the end of period 0 arrives late but within grace
      const late = await signedReading(f, f.elec, 2, p1 - 10n, 11_000);
      const current = await signedReading(f, f.elec, 3, p1 + 100n, 12_000);
      await expect(submit(f, [late, current]))
        .to.emit(f.oracle, "ReadingAccepted")
        .withArgs(f.elec.address, f.alice.address, 0, 2, 1_000, 1_000n * ELEC_WEI_PER_WH, oldVersion, false)
        .and.to.emit(f.oracle, "ReadingAccepted")
        .withArgs(f.elec.address, f.alice.address, 1, 3, 1_000, 2_000n * ELEC_WEI_PER_WH, newVersion, false);
      expect(await f.oracle.emissionsOf(f.alice.address, 0)).to.equal(1_000n * ELEC_WEI_PER_WH);
      expect(await f.oracle.emissionsOf(f.alice.address, 1)).to.equal(2_000n * ELEC_WEI_PER_WH);
    });

    it("skips bad readings and books the rest of the batch", async () => {
      const f = await seeded();
      const t = f.t0 + 60n;
      const good1 = await signedReading(f, f.elec, 2, t, 10_100);
      const forged = await signedReading(f, f.car, 2, t, 999_999);
      forged.reading = { ...forged.reading, cumulative: 600_000n };
      const good2 = await signedReading(f, f.gas, 2, t, 100);
      expect(await accepted(f, [good1, forged, good2])).to.equal(2n);
      await expect(submit(f, [good1, forged, good2]))
        .to.emit(f.oracle, "ReadingRejected")
        .withArgs(f.car.address, 2, rejectReason("BadSignature"));
      expect(await f.oracle.emissionsOf(f.alice.address, 0)).to.equal(100n * ELEC_WEI_PER_WH);
      expect(await f.oracle.emissionsOf(f.bob.address, 0)).to.equal(100n * GAS_WEI_PER_L);
      expect((await f.oracle.deviceState(f.car.address)).lastSeq).to.equal(1n);
    });
  });

  describe("rejections", () => {
    it("DeviceNotActive: unknown and revoked devices", async () => {
      const f = await seeded();
      await expectRejected(f, await signedReading(f, deviceKey("stranger"), 1, f.t0, 1), "DeviceNotActive");
      await f.registry.connect(f.accounts.registrar).revokeDevice(f.elec.address);
      await expectRejected(f, await signedReading(f, f.elec, 2, f.t0 + 1n, 10_001), "DeviceNotActive");
    });

    it("OwnerNotEnrolled: the owner left the scheme", async () => {
      const f = await seeded();
      await f.registry.connect(f.accounts.registrar).unenroll(f.alice.address);
      await expectRejected(f, await signedReading(f, f.elec, 2, f.t0 + 1n, 10_001), "OwnerNotEnrolled");
      // the cache of owner enrollment does not leak to another owner in the same batch
      const batch = [
        await signedReading(f, f.elec, 2, f.t0 + 1n, 10_001),
        await signedReading(f, f.gas, 2, f.t0 + 1n, 1),
        await signedReading(f, f.car, 2, f.t0 + 1n, 500_001),
      ];
      expect(await accepted(f, batch)).to.equal(1n);
    });

    it("BadSignature: another key, tampered fields, another domain, high-s, zero signature", async () => {
      const f = await seeded();
      const reading = { device: f.elec.address as `0x${string}`, seq: 2n, timestamp: f.t0 + 1n, cumulative: 10_001n };
      const byOther = await signReading(deviceKey("other"), f.oracleDomain, reading);
      await expectRejected(f, byOther, "BadSignature");
      const otherChain = await signReading(f.elec, emissionOracleDomain(1n, await f.oracle.getAddress()), reading);
      await expectRejected(f, otherChain, "BadSignature");
      const otherContract = await signReading(f.elec, emissionOracleDomain(f.chainId, await f.registry.getAddress()), reading);
      await expectRejected(f, otherContract, "BadSignature");
      const good = await signReading(f.elec, f.oracleDomain, reading);
      for (const field of ["seq", "timestamp", "cumulative"] as const) {
        await expectRejected(f, { ...good, reading: { ...reading, [field]: reading[field] + 1n } }, "BadSignature");
      }
      // The malleable twin (s' = n − s, parity flipped): s' almost always exceeds 2^255, so the
      // compact form reads its top bit as the parity and it recovers another key: refused.
      const vs = BigInt(good.signature.vs);
      const s = vs & ((1n << 255n) - 1n);
      const parity = vs >> 255n;
      const twin = ((1n - parity) << 255n) | (SECP256K1_N - s);
      await expectRejected(f, { ...good, signature: { r: good.signature.r, vs: ethers.toBeHex(twin, 32) as `0x${string}` } }, "BadSignature");
      // High s the compact form can carry (n/2 < s < 2^255) is refused before ecrecover (EIP-2).
      // Defence in depth: without that check ecrecover would return an unrelated address, also
      // refused; a same-key twin in this range needs s within 2^127 of n/2 (odds ~2^-128).
      for (const highS of [SECP256K1_N / 2n + 1n, (1n << 255n) - 1n]) {
        for (const p of [0n, 1n]) {
          await expectRejected(f, { ...good, signature: { r: good.signature.r, vs: ethers.toBeHex((p << 255n) | highS, 32) as `0x${string}` } }, "BadSignature");
        }
      }
      await expectRejected(f, { ...good, signature: { r: ethers.ZeroHash as `0x${string}`, vs: ethers.ZeroHash as `0x${string}` } }, "BadSignature");
      await expect(submit(f, [good])).to.emit(f.oracle, "ReadingAccepted");
    });

    it("StaleSeq: replaying an accepted reading, an older seq, and seq 0", async () => {
      const f = await seeded();
      const r2 = await signedReading(f, f.elec, 2, f.t0 + 10n, 10_500);
      await submit(f, [r2]);
      const total = await f.oracle.emissionsOf(f.alice.address, 0);
      await expectRejected(f, r2, "StaleSeq");
      await expectRejected(f, await signedReading(f, f.elec, 1, f.t0 + 20n, 10_600), "StaleSeq");
      // a replay inside one batch is caught too
      const r3 = await signedReading(f, f.elec, 3, f.t0 + 30n, 10_700);
      expect(await accepted(f, [r3, r3])).to.equal(1n);
      await submit(f, [r3, r3]);
      expect(await f.oracle.emissionsOf(f.alice.address, 0)).to.equal(total + 200n * ELEC_WEI_PER_WH);
      // seq numbering starts at 1
      const fresh = deviceKey("fresh");
      await bindDevice(f, f.bob, fresh, "gas.uk.m3");
      await expectRejected(f, await signedReading(f, fresh, 0, f.t0 + 30n, 5), "StaleSeq");
    });

    it("CumulativeDecreased", async () => {
      const f = await seeded();
      await expectRejected(f, await signedReading(f, f.elec, 2, f.t0 + 1n, 9_999), "CumulativeDecreased");
    });

    it("TimestampNotIncreasing", async () => {
      const f = await seeded();
      await expectRejected(f, await signedReading(f, f.elec, 2, f.t0 - 1n, 10_001), "TimestampNotIncreasing");
    });

    it("TimestampInFuture beyond MAX_CLOCK_SKEW, accepted within it", async () => {
      const f = await seeded();
      const now = BigInt(await time.latest()) + 1n;
      await time.setNextBlockTimestamp(now);
      await expectRejected(f, await signedReading(f, f.elec, 2, now + 301n, 10_001), "TimestampInFuture");
      const next = now + 1n;
      await time.setNextBlockTimestamp(next);
      await expect(submit(f, [await signedReading(f, f.elec, 2, next + 300n, 10_001)])).to.emit(f.oracle, "ReadingAccepted");
    });

    it("PeriodClosed once the grace window of the reading's period is over", async () => {
      const f = await seeded();
      const closesAt = periodStart(f, 1) + f.calendarConfig.gracePeriod;
      await time.setNextBlockTimestamp(closesAt - 1n);
      await expect(submit(f, [await signedReading(f, f.elec, 2, periodStart(f, 1) - 1n, 10_001)])).to.emit(
        f.oracle,
        "ReadingAccepted",
      );
      await time.setNextBlockTimestamp(closesAt);
      await expectRejected(f, await signedReading(f, f.elec, 3, periodStart(f, 1) - 1n, 10_002), "PeriodClosed");
    });

    it("BeforeGenesis", async () => {
      const f = await loadFixture(fixture);
      await expectRejected(f, await signedReading(f, f.elec, 1, f.calendarConfig.genesis - 1n, 1), "BeforeGenesis");
    });

    it("NoFactorInForce: the device's factor has no version for the reading's period", async () => {
      const f = await seeded();
      await f.factors.addFactor(DeviceKind.Heat, "heat.district", "kg CO2e/kWh");
      const heatFactor = Number(await f.factors.factorCount());
      await f.factors.publishVersion(heatFactor, 2, 1n, "from period 2");
      f.factorIds["heat.district"] = heatFactor;
      const heat = deviceKey("heat");
      await bindDevice(f, f.bob, heat, "heat.district");
      await expect(submit(f, [await signedReading(f, heat, 1, f.t0 + 5n, 100)])).to.emit(f.oracle, "ReadingAccepted");
      await expectRejected(f, await signedReading(f, heat, 2, f.t0 + 6n, 200), "NoFactorInForce");
      expect((await f.oracle.deviceState(heat.address)).lastSeq).to.equal(1n);
    });
  });

  describe("reverts", () => {
    it("LengthMismatch and BatchTooLarge", async () => {
      const f = await seeded();
      const r = await signedReading(f, f.elec, 2, f.t0 + 1n, 10_001);
      const op = f.oracle.connect(f.accounts.oracleOperator);
      await expect(op.submitReadings([r.reading], [])).to.be.revertedWithCustomError(f.oracle, "LengthMismatch").withArgs(1, 0);
      const many = Array.from({ length: 257 }, () => r);
      await expect(submit(f, many)).to.be.revertedWithCustomError(f.oracle, "BatchTooLarge").withArgs(257, 256);
      expect(await accepted(f, Array.from({ length: 256 }, () => r))).to.equal(1n);
    });

    it("reverts the batch on a non-canonical field, as ABI decoding does", async () => {
      const f = await seeded();
      const r = await signedReading(f, f.elec, 2, f.t0 + 1n, 10_001);
      const data = f.oracle.interface.encodeFunctionData("submitReadings", toSubmitArgs([r]));
      // head: selector, 2 offsets, readings length, then device, seq, timestamp, cumulative words
      const seqWord = 2 + 2 * (4 + 32 * 4);
      const dirty = data.slice(0, seqWord) + "01" + data.slice(seqWord + 2);
      const tx = { to: await f.oracle.getAddress(), data: dirty };
      await expect(f.accounts.oracleOperator.sendTransaction(tx)).to.be.revert(ethers);
      await expect(f.accounts.oracleOperator.sendTransaction({ ...tx, data })).to.emit(f.oracle, "ReadingAccepted");
    });

    it("EnforcedPause while the guardian has paused booking", async () => {
      const f = await seeded();
      await expect(f.oracle.connect(f.accounts.guardian).pause()).to.emit(f.oracle, "Paused");
      const r = await signedReading(f, f.elec, 2, f.t0 + 1n, 10_001);
      await expect(submit(f, [r])).to.be.revertedWithCustomError(f.oracle, "EnforcedPause");
      await expect(f.oracle.connect(f.accounts.guardian).unpause()).to.emit(f.oracle, "Unpaused");
      await expect(submit(f, [r])).to.emit(f.oracle, "ReadingAccepted");
    });

    it("refuses every privileged function to accounts without the role", async () => {
      const f = await loadFixture(fixture);
      const o = f.accounts.outsider;
      const or = f.oracle.connect(o);
      const r = await signedReading(f, f.elec, 1, f.t0, 1);
      const cases: [() => Promise<unknown>, string][] = [
        [() => or.pause(), ROLES.PAUSER],
        [() => or.unpause(), ROLES.PAUSER],
        [() => or.grantRole(ROLES.ORACLE, o.address), ROLES.DEFAULT_ADMIN],
        [() => or.bookGapEstimates(f.alice.address, 0), ROLES.SETTLER],
        [() => or.setGapEstimate(0, 1n), ROLES.PARAMETERS],
      ];
      for (const [call, role] of cases) {
        await expect(call()).to.be.revertedWithCustomError(f.oracle, "AccessControlUnauthorizedAccount").withArgs(o.address, role);
      }
      // a device-signed reading counts by its signature: anyone may relay it (no oracle can censor it)
      await expect(or.submitReadings([r.reading], [r.signature])).to.emit(f.oracle, "ReadingAccepted");
      // an operator-attested plug's reading counts only from the operator
      const g = await signedReading(f, f.gas, 1, f.t0, 1);
      await expect(or.submitReadings([g.reading], [g.signature]))
        .to.emit(f.oracle, "ReadingRejected")
        .withArgs(f.gas.address, 1n, rejectReason("AttestedNotByOperator"));
      await expect(f.oracle.connect(f.accounts.oracleOperator).submitReadings([g.reading], [g.signature])).to.emit(f.oracle, "ReadingAccepted");
      await expect(f.oracle.connect(f.accounts.oracleOperator).pause())
        .to.be.revertedWithCustomError(f.oracle, "AccessControlUnauthorizedAccount")
        .withArgs(f.accounts.oracleOperator.address, ROLES.PAUSER);
    });
  });
});

