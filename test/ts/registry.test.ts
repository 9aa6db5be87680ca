import { expect } from "chai";
import { network } from "hardhat";
import { deployCore, deviceKey, enroll, bindDevice, ROLES } from "./fixtures/deploy-core.js";
import { signDeviceBinding } from "../../sdk/readings.js";
import { DeviceKind } from "../../sdk/units.js";

const { ethers, networkHelpers } = await network.connect();
const { loadFixture, time } = networkHelpers;

async function fixture() {
  const core = await deployCore(ethers);
  const [alice, bob, carol] = core.accounts.households;
  await enroll(core, alice);
  await enroll(core, bob);
  return { ...core, alice, bob, carol };
}

type F = Awaited<ReturnType<typeof fixture>>;

async function bindingSignature(f: F, deviceLabel: string, owner: string, kind: number, factorId: number, attested = false) {
  const device = deviceKey(deviceLabel);
  const signature = await signDeviceBinding(device, f.registryDomain, {
    device: device.address as `0x${string}`,
    owner: owner as `0x${string}`,
    kind,
    factorId,
    operatorAttested: attested,
  });
  return { device, signature };
}

describe("Registry", () => {
  describe("enrollment", () => {
    it("enrolls, unenrolls and re-enrolls, keeping the first enrollment time", async () => {
      const f = await loadFixture(fixture);
      const r = f.registry.connect(f.accounts.registrar);
      expect(await f.registry.isEnrolled(f.carol.address)).to.equal(false);
      expect(await f.registry.enrolledAt(f.carol.address)).to.equal(0n);
      await expect(r.enroll(f.carol.address)).to.emit(f.registry, "Enrolled");
      const at = BigInt(await time.latest());
      expect(await f.registry.isEnrolled(f.carol.address)).to.equal(true);
      expect(await f.registry.enrolledAt(f.carol.address)).to.equal(at);
      await expect(r.unenroll(f.carol.address))
        .to.emit(f.registry, "Unenrolled")
        .withArgs(f.carol.address, f.accounts.registrar.address);
      expect(await f.registry.isEnrolled(f.carol.address)).to.equal(false);
      await time.increase(1000);
      const reenrollAt = BigInt(await time.latest()) + 1n;
      await time.setNextBlockTimestamp(reenrollAt);
      await expect(r.enroll(f.carol.address))
        .to.emit(f.registry, "Enrolled")
        .withArgs(f.carol.address, f.accounts.registrar.address, reenrollAt);
      expect(await f.registry.enrolledAt(f.carol.address)).to.equal(at);
    });

    it("reverts ZeroAddress, AlreadyEnrolled, NotEnrolled", async () => {
      const f = await loadFixture(fixture);
      const r = f.registry.connect(f.accounts.registrar);
      await expect(r.enroll(ethers.ZeroAddress)).to.be.revertedWithCustomError(f.registry, "ZeroAddress");
      await expect(r.enroll(f.alice.address))
        .to.be.revertedWithCustomError(f.registry, "AlreadyEnrolled")
        .withArgs(f.alice.address);
      await expect(r.unenroll(f.carol.address))
        .to.be.revertedWithCustomError(f.registry, "NotEnrolled")
        .withArgs(f.carol.address);
    });
  });

  describe("bindDevice", () => {
    it("binds with the device key's EIP-712 signature, one slot record", async () => {
      const f = await loadFixture(fixture);
      const factorId = f.factorIds["elec.cn.grid"];
      const { device, signature } = await bindingSignature(f, "a", f.alice.address, DeviceKind.Electricity, factorId, true);
      expect(
        await f.registry.bindingDigest(device.address, f.alice.address, DeviceKind.Electricity, factorId, true),
      ).to.equal(
        ethers.TypedDataEncoder.hash(
          f.registryDomain,
          { DeviceBinding: [
            { name: "device", type: "address" },
            { name: "owner", type: "address" },
            { name: "kind", type: "uint8" },
            { name: "factorId", type: "uint32" },
            { name: "operatorAttested", type: "bool" },
          ] },
          { device: device.address, owner: f.alice.address, kind: DeviceKind.Electricity, factorId, operatorAttested: true },
        ),
      );
      await expect(f.registry.connect(f.alice).bindDevice(device.address, DeviceKind.Electricity, factorId, true, signature))
        .to.emit(f.registry, "DeviceBound")
        .withArgs(device.address, f.alice.address, DeviceKind.Electricity, factorId, true);
      const d = await f.registry.device(device.address);
      expect(d.owner).to.equal(f.alice.address);
      expect(d.factorId).to.equal(BigInt(factorId));
      expect(d.kind).to.equal(BigInt(DeviceKind.Electricity));
      expect(d.status).to.equal(1n);
      expect(d.operatorAttested).to.equal(true);
      expect(d.boundAt).to.equal(BigInt(await time.latest()));
      // the packed word the oracle reads carries the same record
      const w = await f.registry.devicePacked(device.address);
      expect(ethers.getAddress(ethers.toBeHex(w & ((1n << 160n) - 1n), 20))).to.equal(f.alice.address);
      expect((w >> 160n) & 0xffffffffn).to.equal(BigInt(factorId));
      expect((w >> 192n) & 0xffn).to.equal(BigInt(DeviceKind.Electricity));
      expect((w >> 200n) & 0xffn).to.equal(1n);
      expect((w >> 208n) & 0xffn).to.equal(1n);
      expect(w >> 216n).to.equal(d.boundAt);
      expect(await f.registry.devicePacked(f.bob.address)).to.equal(0n);
    });

    it("reverts ZeroAddress and NotEnrolled (owner = caller)", async () => {
      const f = await loadFixture(fixture);
      const factorId = f.factorIds["elec.cn.grid"];
      await expect(
        f.registry.connect(f.alice).bindDevice(ethers.ZeroAddress, DeviceKind.Electricity, factorId, false, "0x"),
      ).to.be.revertedWithCustomError(f.registry, "ZeroAddress");
      const { device, signature } = await bindingSignature(f, "c", f.carol.address, DeviceKind.Electricity, factorId);
      await expect(f.registry.connect(f.carol).bindDevice(device.address, DeviceKind.Electricity, factorId, false, signature))
        .to.be.revertedWithCustomError(f.registry, "NotEnrolled")
        .withArgs(f.carol.address);
    });

    it("reverts UnknownFactor and FactorKindMismatch", async () => {
      const f = await loadFixture(fixture);
      const { device, signature } = await bindingSignature(f, "k", f.alice.address, DeviceKind.Electricity, 99);
      await expect(f.registry.connect(f.alice).bindDevice(device.address, DeviceKind.Electricity, 99, false, signature))
        .to.be.revertedWithCustomError(f.factors, "UnknownFactor")
        .withArgs(99);
      const carFactor = f.factorIds["car.petrol.km"];
      const s2 = await bindingSignature(f, "k", f.alice.address, DeviceKind.Electricity, carFactor);
      await expect(f.registry.connect(f.alice).bindDevice(device.address, DeviceKind.Electricity, carFactor, false, s2.signature))
        .to.be.revertedWithCustomError(f.registry, "FactorKindMismatch")
        .withArgs(carFactor, DeviceKind.Electricity, DeviceKind.VehicleDistance);
    });

    it("reverts InvalidDeviceSignature for another signer, another owner, other fields or garbage", async () => {
      const f = await loadFixture(fixture);
      const factorId = f.factorIds["elec.cn.grid"];
      const device = deviceKey("victim");
      const r = f.registry.connect(f.alice);
      // signed by a different key
      const attacker = deviceKey("attacker");
      const byAttacker = await signDeviceBinding(attacker, f.registryDomain, {
        device: device.address as `0x${string}`,
        owner: f.alice.address as `0x${string}`,
        kind: DeviceKind.Electricity,
        factorId,
        operatorAttested: false,
      });
      await expect(r.bindDevice(device.address, DeviceKind.Electricity, factorId, false, byAttacker))
        .to.be.revertedWithCustomError(f.registry, "InvalidDeviceSignature")
        .withArgs(device.address, attacker.address);
      // the device signed a binding to Bob: Alice cannot reuse it
      const forBob = await signDeviceBinding(device, f.registryDomain, {
        device: device.address as `0x${string}`,
        owner: f.bob.address as `0x${string}`,
        kind: DeviceKind.Electricity,
        factorId,
        operatorAttested: false,
      });
      await expect(r.bindDevice(device.address, DeviceKind.Electricity, factorId, false, forBob)).to.be.revertedWithCustomError(
        f.registry,
        "InvalidDeviceSignature",
      );
      // the device signed operatorAttested = false: the flag cannot be flipped
      const forAlice = await signDeviceBinding(device, f.registryDomain, {
        device: device.address as `0x${string}`,
        owner: f.alice.address as `0x${string}`,
        kind: DeviceKind.Electricity,
        factorId,
        operatorAttested: false,
      });
      await expect(r.bindDevice(device.address, DeviceKind.Electricity, factorId, true, forAlice)).to.be.revertedWithCustomError(
        f.registry,
        "InvalidDeviceSignature",
      );
      // malformed signature recovers nothing
      await expect(r.bindDevice(device.address, DeviceKind.Electricity, factorId, false, "0x1234"))
        .to.be.revertedWithCustomError(f.registry, "InvalidDeviceSignature")
        .withArgs(device.address, ethers.ZeroAddress);
      // and the genuine one works
      await expect(r.bindDevice(device.address, DeviceKind.Electricity, factorId, false, forAlice)).to.emit(
        f.registry,
        "DeviceBound",
      );
    });

    it("reverts DeviceAlreadyBound, including for revoked devices", async () => {
      const f = await loadFixture(fixture);
      const device = deviceKey("once");
      const factorId = await bindDevice(f, f.alice, device, "elec.cn.grid");
      const again = await signDeviceBinding(device, f.registryDomain, {
        device: device.address as `0x${string}`,
        owner: f.bob.address as `0x${string}`,
        kind: DeviceKind.Electricity,
        factorId,
        operatorAttested: false,
      });
      const bind = () => f.registry.connect(f.bob).bindDevice(device.address, DeviceKind.Electricity, factorId, false, again);
      await expect(bind()).to.be.revertedWithCustomError(f.registry, "DeviceAlreadyBound").withArgs(device.address);
      await f.registry.connect(f.alice).revokeDevice(device.address);
      await expect(bind()).to.be.revertedWithCustomError(f.registry, "DeviceAlreadyBound").withArgs(device.address);
    });
  });

  describe("revokeDevice", () => {
    it("lets the owner or a registrar revoke, for good", async () => {
      const f = await loadFixture(fixture);
      const d1 = deviceKey("r1");
      const d2 = deviceKey("r2");
      await bindDevice(f, f.alice, d1, "elec.cn.grid");
      await bindDevice(f, f.alice, d2, "gas.uk.m3");
      await expect(f.registry.connect(f.alice).revokeDevice(d1.address))
        .to.emit(f.registry, "DeviceRevoked")
        .withArgs(d1.address, f.alice.address, f.alice.address);
      await expect(f.registry.connect(f.accounts.registrar).revokeDevice(d2.address))
        .to.emit(f.registry, "DeviceRevoked")
        .withArgs(d2.address, f.alice.address, f.accounts.registrar.address);
      expect((await f.registry.device(d1.address)).status).to.equal(2n);
      await expect(f.registry.connect(f.alice).revokeDevice(d1.address))
        .to.be.revertedWithCustomError(f.registry, "DeviceNotActive")
        .withArgs(d1.address);
    });

    it("reverts UnknownDevice and NotDeviceOwnerOrRegistrar", async () => {
      const f = await loadFixture(fixture);
      const d = deviceKey("r3");
      await expect(f.registry.connect(f.alice).revokeDevice(d.address))
        .to.be.revertedWithCustomError(f.registry, "UnknownDevice")
        .withArgs(d.address);
      await bindDevice(f, f.alice, d, "elec.cn.grid");
      await expect(f.registry.connect(f.bob).revokeDevice(d.address))
        .to.be.revertedWithCustomError(f.registry, "NotDeviceOwnerOrRegistrar")
        .withArgs(d.address, f.bob.address);
    });
  });

  it("refuses every privileged function to accounts without the role", async () => {
    const f = await loadFixture(fixture);
    const o = f.accounts.outsider;
    const r = f.registry.connect(o);
    const cases: [() => Promise<unknown>, string][] = [
      [() => r.enroll(o.address), ROLES.REGISTRAR],
      [() => r.unenroll(f.alice.address), ROLES.REGISTRAR],
      [() => r.grantRole(ROLES.REGISTRAR, o.address), ROLES.DEFAULT_ADMIN],
    ];
    for (const [call, role] of cases) {
      await expect(call()).to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount").withArgs(o.address, role);
    }
    expect(await f.registry.domainSeparator()).to.equal(ethers.TypedDataEncoder.hashDomain(f.registryDomain));
  });
});
