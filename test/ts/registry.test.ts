import { expect } from "chai";
import { network } from "hardhat";
import { Wallet } from "ethers";
import { deployCore, deviceKey, enroll, bindDevice, ROLES, TEST_CERTIFIER, DAY } from "./fixtures/deploy-core.js";
import { CertifierTier, bindDeviceArgs, certifiedBinding, signDeviceCertificate } from "../../sdk/certificates.js";
import { signDeviceBinding } from "../../sdk/readings.js";
import { kindMask } from "../../sdk/gap-estimates.js";
import { DEVICE_CERTIFICATE_TYPES } from "../../sdk/typed-data.js";
import { DeviceKind } from "../../sdk/contracts.js";

const { ethers, networkHelpers } = await network.connect();
const { loadFixture, time } = networkHelpers;

const Status = { None: 0n, Active: 1n, Revoked: 2n, Uncertified: 3n } as const;

async function fixture() {
  const core = await deployCore(ethers);
  const [alice, bob, carol] = core.accounts.households;
  await enroll(core, alice);
  await enroll(core, bob);
  await (await core.registry.connect(core.accounts.registrar).setRequiredMeters(alice.address, kindMask([DeviceKind.Electricity, DeviceKind.NaturalGas]))).wait();
  return { ...core, alice, bob, carol };
}

type F = Awaited<ReturnType<typeof fixture>>;

async function now(): Promise<bigint> {
  return BigInt(await time.latest());
}

/** A binding of `device` for `owner` certified by `certifier` (default: the test certifier). */
async function binding(
  f: F,
  device: Wallet,
  owner: string,
  factorKey = "elec.cn.grid",
  opts: { certifier?: { signTypedData: Wallet["signTypedData"] }; operatorAttested?: boolean; validFrom?: bigint; validUntil?: bigint } = {},
) {
  const factorId = f.factorIds[factorKey]!;
  const kind = Number((await f.factors.factor(factorId)).kind);
  return certifiedBinding({
    device,
    certifier: opts.certifier ?? TEST_CERTIFIER,
    domain: f.registryDomain,
    owner,
    kind,
    factorId,
    operatorAttested: opts.operatorAttested ?? false,
    validFrom: opts.validFrom,
    validUntil: opts.validUntil ?? (await now()) + 365n * DAY,
  });
}

describe("Registry", () => {
  describe("enrollment", () => {
    it("enrolls, unenrolls and re-enrolls, keeping the first enrollment time", async () => {
      const f = await loadFixture(fixture);
      const r = f.registry.connect(f.accounts.registrar);
      expect(await f.registry.isEnrolled(f.carol.address)).to.equal(false);
      expect(await f.registry.enrolledAt(f.carol.address)).to.equal(0n);
      await expect(r.enroll(f.carol.address)).to.emit(f.registry, "Enrolled");
      const at = await now();
      expect(await f.registry.isEnrolled(f.carol.address)).to.equal(true);
      expect(await f.registry.enrolledAt(f.carol.address)).to.equal(at);
      await expect(r.unenroll(f.carol.address))
        .to.emit(f.registry, "Unenrolled")
        .withArgs(f.carol.address, f.accounts.registrar.address);
      await time.increase(1000);
      const reenrollAt = (await now()) + 1n;
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
      await expect(r.enroll(f.alice.address)).to.be.revertedWithCustomError(f.registry, "AlreadyEnrolled").withArgs(f.alice.address);
      await expect(r.unenroll(f.carol.address)).to.be.revertedWithCustomError(f.registry, "NotEnrolled").withArgs(f.carol.address);
    });

    it("records required meters per household (registrar only, known kinds only)", async () => {
      const f = await loadFixture(fixture);
      const r = f.registry.connect(f.accounts.registrar);
      const mask = kindMask([DeviceKind.Electricity, DeviceKind.Heat]);
      await expect(r.setRequiredMeters(f.bob.address, mask))
        .to.emit(f.registry, "RequiredMetersSet")
        .withArgs(f.bob.address, f.accounts.registrar.address, mask);
      const [kinds, since] = await f.registry.requiredMeters(f.bob.address);
      expect(kinds).to.equal(BigInt(mask));
      expect(since).to.equal(await now());
      expect(await f.registry.missingMeters(f.bob.address)).to.equal(BigInt(mask));
      await expect(r.setRequiredMeters(f.bob.address, 0x80)).to.be.revertedWithCustomError(f.registry, "UnknownKinds").withArgs(0x80);
      await expect(r.setRequiredMeters(f.carol.address, 1)).to.be.revertedWithCustomError(f.registry, "NotEnrolled");
    });
  });

  describe("certifiers", () => {
    it("names certifiers in a tier and revokes them", async () => {
      const f = await loadFixture(fixture);
      const maker = Wallet.createRandom();
      await expect(f.registry.addCertifier(maker.address, CertifierTier.Certified, "Acme Meters"))
        .to.emit(f.registry, "CertifierAdded")
        .withArgs(maker.address, CertifierTier.Certified, "Acme Meters");
      const c = await f.registry.certifier(maker.address);
      expect(c.tier).to.equal(BigInt(CertifierTier.Certified));
      expect(c.name).to.equal("Acme Meters");
      expect(c.revokedAt).to.equal(0n);
      await expect(f.registry.addCertifier(maker.address, CertifierTier.Certified, "again"))
        .to.be.revertedWithCustomError(f.registry, "CertifierAlreadyNamed");
      await expect(f.registry.addCertifier(Wallet.createRandom().address, CertifierTier.None, "x"))
        .to.be.revertedWithCustomError(f.registry, "InvalidCertifierTier");
      await expect(f.registry.revokeCertifier(maker.address)).to.emit(f.registry, "CertifierRevokedAt");
      expect((await f.registry.certifier(maker.address)).revokedAt).to.equal(await now());
      await expect(f.registry.revokeCertifier(maker.address)).to.be.revertedWithCustomError(f.registry, "CertifierRevoked");
      await expect(f.registry.revokeCertifier(Wallet.createRandom().address)).to.be.revertedWithCustomError(f.registry, "UnknownCertifier");
    });
  });

  describe("bindDevice", () => {
    it("binds a certified meter: one slot record, its certification, and the required meter it fills", async () => {
      const f = await loadFixture(fixture);
      const device = deviceKey("a");
      const b = await binding(f, device, f.alice.address);
      expect(await f.registry.certificateDigest(b.certificate)).to.equal(
        ethers.TypedDataEncoder.hash(
          f.registryDomain,
          { DeviceCertificate: DEVICE_CERTIFICATE_TYPES.DeviceCertificate.map((x) => ({ ...x })) },
          b.certificate,
        ),
      );
      await expect(f.registry.connect(f.alice).bindDevice(...bindDeviceArgs(b)))
        .to.emit(f.registry, "DeviceBound")
        .withArgs(device.address, f.alice.address, DeviceKind.Electricity, b.factorId, false)
        .and.to.emit(f.registry, "DeviceCertified")
        .withArgs(device.address, TEST_CERTIFIER.address, CertifierTier.Certified, b.certificate.model, b.certificate.serialHash, b.certificate.validUntil, true);
      const d = await f.registry.device(device.address);
      expect(d.owner).to.equal(f.alice.address);
      expect(d.status).to.equal(Status.Active);
      expect(d.operatorAttested).to.equal(false);
      expect(d.boundAt).to.equal(await now());
      const w = await f.registry.devicePacked(device.address);
      expect(ethers.getAddress(ethers.toBeHex(w & ((1n << 160n) - 1n), 20))).to.equal(f.alice.address);
      expect((w >> 160n) & 0xffffffffn).to.equal(BigInt(b.factorId));
      expect((w >> 192n) & 0xffn).to.equal(BigInt(DeviceKind.Electricity));
      expect((w >> 200n) & 0xffn).to.equal(Status.Active);
      expect((w >> 208n) & 0xffn).to.equal(0n);
      expect(w >> 216n).to.equal(d.boundAt);
      expect(await f.registry.devicePacked(f.bob.address)).to.equal(0n);
      const c = await f.registry.certification(device.address);
      expect(c.certifier).to.equal(TEST_CERTIFIER.address);
      expect(c.required).to.equal(true);
      expect(await f.registry.requiredDevice(f.alice.address, DeviceKind.Electricity)).to.equal(device.address);
      expect(await f.registry.missingMeters(f.alice.address)).to.equal(BigInt(kindMask([DeviceKind.NaturalGas])));
      // a second electricity meter is optional
      const second = deviceKey("a2");
      await f.registry.connect(f.alice).bindDevice(...bindDeviceArgs(await binding(f, second, f.alice.address)));
      expect((await f.registry.certification(second.address)).required).to.equal(false);
    });

    it("attack: a household-made key (self-signed certificate) is refused", async () => {
      const f = await loadFixture(fixture);
      const device = deviceKey("self-made");
      const householdCertifier = Wallet.createRandom(); // the household plays manufacturer
      const b = await binding(f, device, f.alice.address, "elec.cn.grid", { certifier: householdCertifier });
      await expect(f.registry.connect(f.alice).bindDevice(...bindDeviceArgs(b)))
        .to.be.revertedWithCustomError(f.registry, "UnknownCertifier")
        .withArgs(householdCertifier.address);
      // nor does the device key certify itself
      const self = await binding(f, device, f.alice.address, "elec.cn.grid", { certifier: device });
      await expect(f.registry.connect(f.alice).bindDevice(...bindDeviceArgs(self))).to.be.revertedWithCustomError(f.registry, "UnknownCertifier");
      // garbage certifier signature
      await expect(f.registry.connect(f.alice).bindDevice(b.certificate, b.factorId, b.deviceSignature, "0x1234"))
        .to.be.revertedWithCustomError(f.registry, "UnknownCertifier")
        .withArgs(ethers.ZeroAddress);
    });

    it("refuses certificates of a revoked certifier and outside their validity", async () => {
      const f = await loadFixture(fixture);
      const t = await now();
      const early = await binding(f, deviceKey("early"), f.alice.address, "elec.cn.grid", { validFrom: t + 1000n, validUntil: t + 2000n });
      await expect(f.registry.connect(f.alice).bindDevice(...bindDeviceArgs(early)))
        .to.be.revertedWithCustomError(f.registry, "CertificateNotValid")
        .withArgs(early.certificate.device, t + 1000n, t + 2000n);
      const expired = await binding(f, deviceKey("late"), f.alice.address, "elec.cn.grid", { validFrom: 0n, validUntil: t });
      await expect(f.registry.connect(f.alice).bindDevice(...bindDeviceArgs(expired))).to.be.revertedWithCustomError(f.registry, "CertificateNotValid");
      await f.registry.revokeCertifier(TEST_CERTIFIER.address);
      const b = await binding(f, deviceKey("r"), f.alice.address);
      await expect(f.registry.connect(f.alice).bindDevice(...bindDeviceArgs(b)))
        .to.be.revertedWithCustomError(f.registry, "CertifierRevoked")
        .withArgs(TEST_CERTIFIER.address);
    });

    it("binds operator-attested plugs as their own tier, never a required meter", async () => {
      const f = await loadFixture(fixture);
      const plug = deviceKey("plug");
      const b = await binding(f, plug, f.alice.address, "elec.cn.grid", { certifier: f.accounts.oracleOperator, operatorAttested: true });
      await expect(f.registry.connect(f.alice).bindDevice(...bindDeviceArgs(b)))
        .to.emit(f.registry, "DeviceCertified")
        .withArgs(plug.address, f.accounts.oracleOperator.address, CertifierTier.OperatorAttested, b.certificate.model, b.certificate.serialHash, b.certificate.validUntil, false);
      expect((await f.registry.device(plug.address)).operatorAttested).to.equal(true);
      expect(await f.registry.requiredDevice(f.alice.address, DeviceKind.Electricity)).to.equal(ethers.ZeroAddress);
      // the tier comes from the certifier: a device signature claiming the certified tier does not fit
      const plug2 = deviceKey("plug2");
      const wrong = await binding(f, plug2, f.alice.address, "elec.cn.grid", { certifier: f.accounts.oracleOperator, operatorAttested: false });
      await expect(f.registry.connect(f.alice).bindDevice(...bindDeviceArgs(wrong))).to.be.revertedWithCustomError(f.registry, "InvalidDeviceSignature");
    });

    it("reverts ZeroAddress, NotEnrolled, UnknownFactor, FactorKindMismatch", async () => {
      const f = await loadFixture(fixture);
      const b = await binding(f, deviceKey("c"), f.carol.address);
      await expect(f.registry.connect(f.carol).bindDevice(...bindDeviceArgs(b)))
        .to.be.revertedWithCustomError(f.registry, "NotEnrolled")
        .withArgs(f.carol.address);
      const zero = { ...b.certificate, device: ethers.ZeroAddress as `0x${string}` };
      await expect(f.registry.connect(f.alice).bindDevice(zero, b.factorId, b.deviceSignature, b.certifierSignature))
        .to.be.revertedWithCustomError(f.registry, "ZeroAddress");
      const a = await binding(f, deviceKey("k"), f.alice.address);
      await expect(f.registry.connect(f.alice).bindDevice(a.certificate, 99, a.deviceSignature, a.certifierSignature))
        .to.be.revertedWithCustomError(f.factors, "UnknownFactor")
        .withArgs(99);
      const carFactor = f.factorIds["car.petrol.km"]!;
      await expect(f.registry.connect(f.alice).bindDevice(a.certificate, carFactor, a.deviceSignature, a.certifierSignature))
        .to.be.revertedWithCustomError(f.registry, "FactorKindMismatch")
        .withArgs(carFactor, DeviceKind.Electricity, DeviceKind.VehicleDistance);
    });

    it("reverts InvalidDeviceSignature for another signer or another owner", async () => {
      const f = await loadFixture(fixture);
      const device = deviceKey("victim");
      const b = await binding(f, device, f.alice.address);
      const attacker = deviceKey("attacker");
      const byAttacker = await signDeviceBinding(attacker, f.registryDomain, {
        device: device.address as `0x${string}`,
        owner: f.alice.address as `0x${string}`,
        kind: DeviceKind.Electricity,
        factorId: b.factorId,
        operatorAttested: false,
      });
      await expect(f.registry.connect(f.alice).bindDevice(b.certificate, b.factorId, byAttacker, b.certifierSignature))
        .to.be.revertedWithCustomError(f.registry, "InvalidDeviceSignature")
        .withArgs(device.address, attacker.address);
      // a certified binding for Alice cannot be used by Bob
      await expect(f.registry.connect(f.bob).bindDevice(...bindDeviceArgs(b))).to.be.revertedWithCustomError(f.registry, "InvalidDeviceSignature");
      await expect(f.registry.connect(f.alice).bindDevice(...bindDeviceArgs(b))).to.emit(f.registry, "DeviceBound");
    });

    it("reverts DeviceAlreadyBound, including for revoked devices", async () => {
      const f = await loadFixture(fixture);
      const device = deviceKey("once");
      await bindDevice(f, f.bob, device, "elec.cn.grid");
      const again = await binding(f, device, f.alice.address);
      await expect(f.registry.connect(f.alice).bindDevice(...bindDeviceArgs(again)))
        .to.be.revertedWithCustomError(f.registry, "DeviceAlreadyBound")
        .withArgs(device.address);
      await f.registry.connect(f.accounts.registrar).revokeDevice(device.address);
      await expect(f.registry.connect(f.alice).bindDevice(...bindDeviceArgs(again))).to.be.revertedWithCustomError(f.registry, "DeviceAlreadyBound");
    });
  });

  describe("effective status", () => {
    it("a device stops counting when its certificate expires or its certifier is revoked", async () => {
      const f = await loadFixture(fixture);
      const t = await now();
      const short = deviceKey("short");
      await f.registry.connect(f.alice).bindDevice(...bindDeviceArgs(await binding(f, short, f.alice.address, "elec.cn.grid", { validUntil: t + 100n })));
      const long = deviceKey("long");
      await f.registry.connect(f.alice).bindDevice(...bindDeviceArgs(await binding(f, long, f.alice.address, "gas.uk.m3")));
      expect(await f.registry.missingMeters(f.alice.address)).to.equal(0n);
      await time.increaseTo(t + 100n);
      expect((await f.registry.device(short.address)).status).to.equal(Status.Uncertified);
      expect(((await f.registry.devicePacked(short.address)) >> 200n) & 0xffn).to.equal(Status.Uncertified);
      expect(await f.registry.missingMeters(f.alice.address)).to.equal(BigInt(kindMask([DeviceKind.Electricity])));
      expect((await f.registry.device(long.address)).status).to.equal(Status.Active);
      await f.registry.revokeCertifier(TEST_CERTIFIER.address);
      expect((await f.registry.device(long.address)).status).to.equal(Status.Uncertified);
      expect(await f.registry.missingMeters(f.alice.address)).to.equal(BigInt(kindMask([DeviceKind.Electricity, DeviceKind.NaturalGas])));
      // a replacement from another certifier fills the slot again
      const other = Wallet.createRandom();
      await f.registry.addCertifier(other.address, CertifierTier.Certified, "Other Meters");
      const fresh = deviceKey("fresh");
      await f.registry.connect(f.alice).bindDevice(...bindDeviceArgs(await binding(f, fresh, f.alice.address, "elec.cn.grid", { certifier: other })));
      expect(await f.registry.requiredDevice(f.alice.address, DeviceKind.Electricity)).to.equal(fresh.address);
      expect(await f.registry.missingMeters(f.alice.address)).to.equal(BigInt(kindMask([DeviceKind.NaturalGas])));
    });
  });

  describe("revokeDevice", () => {
    it("attack: the owner cannot revoke a required meter; the registrar or its certifier replaces it", async () => {
      const f = await loadFixture(fixture);
      const meter = deviceKey("main");
      await bindDevice(f, f.alice, meter, "elec.cn.grid");
      await expect(f.registry.connect(f.alice).revokeDevice(meter.address))
        .to.be.revertedWithCustomError(f.registry, "RequiredMeterLocked")
        .withArgs(meter.address);
      await expect(f.registry.connect(f.accounts.registrar).revokeDevice(meter.address))
        .to.emit(f.registry, "DeviceRevoked")
        .withArgs(meter.address, f.alice.address, f.accounts.registrar.address, await now() + 1n);
      expect((await f.registry.device(meter.address)).status).to.equal(Status.Revoked);
      expect(await f.registry.requiredDevice(f.alice.address, DeviceKind.Electricity)).to.equal(ethers.ZeroAddress);
      await expect(f.registry.connect(f.accounts.registrar).revokeDevice(meter.address)).to.be.revertedWithCustomError(f.registry, "DeviceNotActive");
      // the certifier may revoke what it certified
      const gas = deviceKey("gas");
      await bindDevice(f, f.alice, gas, "gas.uk.m3");
      const certifier = f.registry.connect(TEST_CERTIFIER.connect(ethers.provider));
      await f.accounts.admin.sendTransaction({ to: TEST_CERTIFIER.address, value: 10n ** 18n });
      await expect(certifier.revokeDevice(gas.address)).to.emit(f.registry, "DeviceRevoked");
    });

    it("attack: an optional device revoked by its owner keeps counting until the period's grace window ends", async () => {
      const f = await loadFixture(fixture);
      const plug = deviceKey("optional");
      await bindDevice(f, f.bob, plug, "elec.cn.grid"); // bob has no required meters
      const period = await f.calendar.currentPeriod();
      const effective = (await f.calendar.periodEnd(period)) + (await f.calendar.gracePeriod());
      await expect(f.registry.connect(f.bob).revokeDevice(plug.address))
        .to.emit(f.registry, "DeviceRevoked")
        .withArgs(plug.address, f.bob.address, f.bob.address, effective);
      expect((await f.registry.device(plug.address)).status).to.equal(Status.Active);
      await expect(f.registry.connect(f.bob).revokeDevice(plug.address))
        .to.be.revertedWithCustomError(f.registry, "RevocationPending")
        .withArgs(plug.address, effective);
      await time.increaseTo(effective - 1n);
      expect((await f.registry.device(plug.address)).status).to.equal(Status.Active);
      await time.increaseTo(effective);
      expect((await f.registry.device(plug.address)).status).to.equal(Status.Revoked);
    });

    it("reverts UnknownDevice and NotDeviceOwnerOrRegistrar", async () => {
      const f = await loadFixture(fixture);
      const d = deviceKey("r3");
      await expect(f.registry.connect(f.alice).revokeDevice(d.address)).to.be.revertedWithCustomError(f.registry, "UnknownDevice").withArgs(d.address);
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
      [() => r.setRequiredMeters(f.alice.address, 0), ROLES.REGISTRAR],
      [() => r.addCertifier(o.address, CertifierTier.Certified, "me"), ROLES.CERTIFIER_ADMIN],
      [() => r.revokeCertifier(TEST_CERTIFIER.address), ROLES.CERTIFIER_ADMIN],
      [() => r.grantRole(ROLES.REGISTRAR, o.address), ROLES.DEFAULT_ADMIN],
    ];
    for (const [call, role] of cases) {
      await expect(call()).to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount").withArgs(o.address, role);
    }
    expect(await f.registry.domainSeparator()).to.equal(ethers.TypedDataEncoder.hashDomain(f.registryDomain));
    void signDeviceCertificate;
  });
});
