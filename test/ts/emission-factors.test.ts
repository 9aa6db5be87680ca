import { expect } from "chai";
import { network } from "hardhat";
import { deployCore, periodStart, ROLES, DAY } from "./fixtures/deploy-core.js";
import { DEFAULT_FACTORS } from "../../sdk/emission-factors.js";
import { factorToWeiPerBaseUnit } from "../../sdk/units.js";
import { DeviceKind } from "../../sdk/contracts.js";

const { ethers, networkHelpers } = await network.connect();
const { loadFixture, time } = networkHelpers;

const fixture = () => deployCore(ethers);

describe("EmissionFactors", () => {
  it("holds the default table from sdk/emission-factors.ts, each in force from period 0", async () => {
    const { factors, factorIds } = await loadFixture(fixture);
    expect(await factors.factorCount()).to.equal(BigInt(DEFAULT_FACTORS.length));
    expect(await factors.versionCount()).to.equal(BigInt(DEFAULT_FACTORS.length));
    for (const f of DEFAULT_FACTORS) {
      const factorId = factorIds[f.key];
      expect(await factors.factorIdOf(f.key)).to.equal(BigInt(factorId));
      const stored = await factors.factor(factorId);
      expect(stored.kind).to.equal(BigInt(f.kind));
      expect(stored.key).to.equal(f.key);
      expect(stored.unit).to.equal(f.unit);
      expect(stored.versionCount).to.equal(1n);
      const [versionId, value] = await factors.factorAt(factorId, 0);
      expect(value).to.equal(factorToWeiPerBaseUnit(f.value, f.kind));
      const v = await factors.version(versionId);
      expect(v.factorId).to.equal(BigInt(factorId));
      expect(v.source).to.equal(f.source);
      expect(await factors.versionIdOf(factorId, 0)).to.equal(versionId);
    }
    expect(await factors.factorIdOf("no.such.key")).to.equal(0n);
  });

  it("applies each version from its period on and keeps older periods on older versions", async () => {
    const core = await loadFixture(fixture);
    const { factors, factorIds } = core;
    const id = factorIds["elec.cn.grid"];
    await expect(factors.publishVersion(id, 2, 530_600_000_000_000n, "MEE 2023 data"))
      .to.emit(factors, "FactorVersionPublished")
      .withArgs(BigInt(DEFAULT_FACTORS.length + 1), id, 2, 530_600_000_000_000n, "MEE 2023 data");
    await factors.publishVersion(id, 5, 500_000_000_000_000n, "later");
    const first = await factors.versionIdOf(id, 0);
    expect((await factors.factorAt(id, 0))[0]).to.equal(first);
    expect((await factors.factorAt(id, 1))[0]).to.equal(first);
    expect(await factors.factorAt(id, 2)).to.deep.equal([BigInt(DEFAULT_FACTORS.length + 1), 530_600_000_000_000n]);
    expect((await factors.factorAt(id, 4))[1]).to.equal(530_600_000_000_000n);
    expect((await factors.factorAt(id, 5))[1]).to.equal(500_000_000_000_000n);
    expect((await factors.factorAt(id, 99))[1]).to.equal(500_000_000_000_000n);
    expect((await factors.factor(id)).versionCount).to.equal(3n);
    // the current period matters once time has passed genesis
    await time.increaseTo(periodStart(core, 6) + DAY);
    const another = factorIds["elec.uk.grid"];
    await expect(factors.publishVersion(another, 5, 1n, "too late"))
      .to.be.revertedWithCustomError(factors, "EffectiveTooEarly")
      .withArgs(5, 6);
    await expect(factors.publishVersion(another, 6, 1n, "current period")).to.emit(factors, "FactorVersionPublished");
    // a factor's first version may start in the past: nothing was booked with it before
    await factors.addFactor(DeviceKind.Water, "water.new", "kg CO2e/m3");
    const fresh = Number(await factors.factorCount());
    await expect(factors.publishVersion(fresh, 2, 1n, "first version")).to.emit(factors, "FactorVersionPublished");
    await expect(factors.publishVersion(fresh, 5, 1n, "second version"))
      .to.be.revertedWithCustomError(factors, "EffectiveTooEarly")
      .withArgs(5, 6);
  });

  it("adds factors with sequential ids and events", async () => {
    const { factors } = await loadFixture(fixture);
    const next = BigInt(DEFAULT_FACTORS.length + 1);
    await expect(factors.addFactor(DeviceKind.Spend, "food.cn.cny", "kg CO2e/CNY"))
      .to.emit(factors, "FactorAdded")
      .withArgs(next, DeviceKind.Spend, "food.cn.cny", "kg CO2e/CNY");
    expect(await factors.factorIdOf("food.cn.cny")).to.equal(next);
  });

  describe("reverts", () => {
    it("EmptyKey, DuplicateKey", async () => {
      const { factors } = await loadFixture(fixture);
      await expect(factors.addFactor(DeviceKind.Water, "", "kg/L")).to.be.revertedWithCustomError(factors, "EmptyKey");
      await expect(factors.addFactor(DeviceKind.Water, "elec.cn.grid", "kg/L"))
        .to.be.revertedWithCustomError(factors, "DuplicateKey")
        .withArgs("elec.cn.grid");
    });

    it("UnknownFactor for id 0 and ids beyond the count, everywhere a factor id is taken", async () => {
      const { factors } = await loadFixture(fixture);
      const beyond = DEFAULT_FACTORS.length + 1;
      for (const id of [0, beyond]) {
        await expect(factors.factor(id)).to.be.revertedWithCustomError(factors, "UnknownFactor").withArgs(id);
        await expect(factors.factorAt(id, 0)).to.be.revertedWithCustomError(factors, "UnknownFactor").withArgs(id);
        await expect(factors.versionIdOf(id, 0)).to.be.revertedWithCustomError(factors, "UnknownFactor").withArgs(id);
        await expect(factors.publishVersion(id, 0, 1n, "x"))
          .to.be.revertedWithCustomError(factors, "UnknownFactor")
          .withArgs(id);
      }
    });

    it("UnknownVersion for version 0, versions beyond the count and indexes beyond a factor's versions", async () => {
      const { factors, factorIds } = await loadFixture(fixture);
      await expect(factors.version(0)).to.be.revertedWithCustomError(factors, "UnknownVersion").withArgs(0);
      const beyond = DEFAULT_FACTORS.length + 1;
      await expect(factors.version(beyond)).to.be.revertedWithCustomError(factors, "UnknownVersion").withArgs(beyond);
      await expect(factors.versionIdOf(factorIds["elec.cn.grid"], 1))
        .to.be.revertedWithCustomError(factors, "UnknownVersion")
        .withArgs(0);
    });

    it("ZeroValue", async () => {
      const { factors, factorIds } = await loadFixture(fixture);
      await expect(factors.publishVersion(factorIds["elec.cn.grid"], 1, 0n, "zero")).to.be.revertedWithCustomError(
        factors,
        "ZeroValue",
      );
    });

    it("EffectiveTooEarly before the factor's latest version", async () => {
      const { factors, factorIds } = await loadFixture(fixture);
      const id = factorIds["elec.cn.grid"];
      await factors.publishVersion(id, 4, 1n, "from 4");
      await expect(factors.publishVersion(id, 3, 1n, "from 3"))
        .to.be.revertedWithCustomError(factors, "EffectiveTooEarly")
        .withArgs(3, 4);
      await expect(factors.publishVersion(id, 4, 2n, "also from 4")).to.emit(factors, "FactorVersionPublished");
    });

    it("NoVersionInForce for a factor without versions or before its first version", async () => {
      const { factors } = await loadFixture(fixture);
      await factors.addFactor(DeviceKind.Heat, "heat.district", "kg/kWh");
      const id = DEFAULT_FACTORS.length + 1;
      await expect(factors.factorAt(id, 0)).to.be.revertedWithCustomError(factors, "NoVersionInForce").withArgs(id, 0);
      await factors.publishVersion(id, 3, 1n, "from 3");
      await expect(factors.factorAt(id, 2)).to.be.revertedWithCustomError(factors, "NoVersionInForce").withArgs(id, 2);
      expect((await factors.factorAt(id, 3))[1]).to.equal(1n);
    });
  });

  it("refuses every privileged function to accounts without the role", async () => {
    const { factors, accounts } = await loadFixture(fixture);
    const o = accounts.outsider;
    const f = factors.connect(o);
    const cases: [() => Promise<unknown>, string][] = [
      [() => f.addFactor(DeviceKind.Water, "water.x", "kg/L"), ROLES.FACTOR_ADMIN],
      [() => f.publishVersion(1, 1, 1n, "x"), ROLES.FACTOR_ADMIN],
      [() => f.grantRole(ROLES.FACTOR_ADMIN, o.address), ROLES.DEFAULT_ADMIN],
    ];
    for (const [call, role] of cases) {
      await expect(call()).to.be.revertedWithCustomError(factors, "AccessControlUnauthorizedAccount").withArgs(o.address, role);
    }
  });
});
