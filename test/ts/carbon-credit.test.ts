import { expect } from "chai";
import { network } from "hardhat";
import { Signature } from "ethers";
import { deployCore, ROLES } from "./fixtures/deploy-core.js";

const { ethers, networkHelpers } = await network.connect();
const { loadFixture, time } = networkHelpers;
const E18 = 10n ** 18n;

async function fixture() {
  const core = await deployCore(ethers);
  const [alice, bob] = core.accounts.households;
  await (await core.token.connect(core.accounts.minter).mint(alice.address, 100n * E18)).wait();
  return { ...core, alice, bob };
}

describe("CarbonCredit", () => {
  it("is the 18-decimal PCC token", async () => {
    const { token } = await loadFixture(fixture);
    expect(await token.name()).to.equal("PCX Carbon Credit");
    expect(await token.symbol()).to.equal("PCC");
    expect(await token.decimals()).to.equal(18n);
  });

  describe("mint and surrender", () => {
    it("mints by MINTER_ROLE with a Minted event", async () => {
      const f = await loadFixture(fixture);
      const { token, bob } = f;
      const minter = f.accounts.minter;
      await expect(token.connect(minter).mint(bob.address, 5n * E18))
        .to.emit(token, "Minted")
        .withArgs(bob.address, 5n * E18, minter.address)
        .and.to.emit(token, "Transfer")
        .withArgs(ethers.ZeroAddress, bob.address, 5n * E18);
      expect(await token.totalSupply()).to.equal(105n * E18);
    });

    it("surrenders by BURNER_ROLE without allowance, with a Surrendered event", async () => {
      const f = await loadFixture(fixture);
      await expect(f.token.connect(f.accounts.minter).surrender(f.alice.address, 40n * E18))
        .to.emit(f.token, "Surrendered")
        .withArgs(f.alice.address, 40n * E18, f.accounts.minter.address);
      expect(await f.token.balanceOf(f.alice.address)).to.equal(60n * E18);
      expect(await f.token.totalSupply()).to.equal(60n * E18);
    });

    it("cannot surrender more than the balance", async () => {
      const f = await loadFixture(fixture);
      await expect(f.token.connect(f.accounts.minter).surrender(f.alice.address, 101n * E18))
        .to.be.revertedWithCustomError(f.token, "ERC20InsufficientBalance")
        .withArgs(f.alice.address, 100n * E18, 101n * E18);
    });
  });

  describe("retire", () => {
    it("burns, numbers from 1, stores the record and counts the total", async () => {
      const f = await loadFixture(fixture);
      await expect(f.token.connect(f.alice).retire(3n * E18, f.bob.address, "Bob Li", "Flight offset", "CN"))
        .to.emit(f.token, "Retired")
        .withArgs(1n, f.alice.address, f.bob.address, 3n * E18, "Bob Li", "Flight offset", "CN");
      await f.token.connect(f.alice).retire(2n * E18, f.alice.address, "", "", "");
      expect(await f.token.retirementCount()).to.equal(2n);
      expect(await f.token.totalRetired()).to.equal(5n * E18);
      expect(await f.token.totalSupply()).to.equal(95n * E18);
      const r = await f.token.retirement(1);
      expect(r.retiree).to.equal(f.alice.address);
      expect(r.beneficiary).to.equal(f.bob.address);
      expect(r.amount).to.equal(3n * E18);
      expect(r.timestamp).to.equal(BigInt(await time.latest()) - 1n);
      expect([r.beneficiaryName, r.reason, r.jurisdiction]).to.deep.equal(["Bob Li", "Flight offset", "CN"]);
    });

    it("refuses zero, amounts beyond 128 bits, long texts and more than the balance", async () => {
      const f = await loadFixture(fixture);
      const t = f.token.connect(f.alice);
      await expect(t.retire(0n, f.bob.address, "", "", "")).to.be.revertedWithCustomError(f.token, "ZeroAmount");
      const huge = 2n ** 128n;
      await expect(t.retire(huge, f.bob.address, "", "", ""))
        .to.be.revertedWithCustomError(f.token, "AmountTooLarge")
        .withArgs(huge);
      const long = "x".repeat(257);
      const ok = "x".repeat(256);
      await expect(t.retire(E18, f.bob.address, long, "", "")).to.be.revertedWithCustomError(f.token, "TextTooLong");
      await expect(t.retire(E18, f.bob.address, "", long, "")).to.be.revertedWithCustomError(f.token, "TextTooLong");
      await expect(t.retire(E18, f.bob.address, "", "", long)).to.be.revertedWithCustomError(f.token, "TextTooLong");
      await expect(t.retire(E18, f.bob.address, ok, ok, ok)).to.emit(f.token, "Retired");
      await expect(f.token.connect(f.bob).retire(E18, f.bob.address, "", "", ""))
        .to.be.revertedWithCustomError(f.token, "ERC20InsufficientBalance")
        .withArgs(f.bob.address, 0n, E18);
    });

    it("reverts with UnknownRetirement for id 0 and ids not yet issued", async () => {
      const f = await loadFixture(fixture);
      await expect(f.token.retirement(0)).to.be.revertedWithCustomError(f.token, "UnknownRetirement").withArgs(0n);
      await expect(f.token.retirement(1)).to.be.revertedWithCustomError(f.token, "UnknownRetirement").withArgs(1n);
    });
  });

  describe("pause", () => {
    it("stops transfers, mints, surrenders and retirements until unpaused", async () => {
      const f = await loadFixture(fixture);
      await expect(f.token.connect(f.accounts.guardian).pause()).to.emit(f.token, "Paused");
      await expect(f.token.connect(f.alice).transfer(f.bob.address, E18)).to.be.revertedWithCustomError(
        f.token,
        "EnforcedPause",
      );
      await expect(f.token.connect(f.accounts.minter).mint(f.bob.address, E18)).to.be.revertedWithCustomError(
        f.token,
        "EnforcedPause",
      );
      await expect(f.token.connect(f.accounts.minter).surrender(f.alice.address, E18)).to.be.revertedWithCustomError(
        f.token,
        "EnforcedPause",
      );
      await expect(f.token.connect(f.alice).retire(E18, f.alice.address, "", "", "")).to.be.revertedWithCustomError(
        f.token,
        "EnforcedPause",
      );
      await expect(f.token.connect(f.accounts.guardian).unpause()).to.emit(f.token, "Unpaused");
      await expect(f.token.connect(f.alice).transfer(f.bob.address, E18)).to.emit(f.token, "Transfer");
    });
  });

  describe("permit (EIP-2612)", () => {
    it("sets an allowance from an off-chain signature and bumps the nonce", async () => {
      const f = await loadFixture(fixture);
      const deadline = BigInt(await time.latest()) + 3600n;
      const value = 7n * E18;
      const domain = {
        name: "PCX Carbon Credit",
        version: "1",
        chainId: f.chainId,
        verifyingContract: await f.token.getAddress(),
      };
      const types = {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      };
      const sig = Signature.from(
        await f.alice.signTypedData(domain, types, {
          owner: f.alice.address,
          spender: f.bob.address,
          value,
          nonce: 0n,
          deadline,
        }),
      );
      await f.token.connect(f.bob).permit(f.alice.address, f.bob.address, value, deadline, sig.v, sig.r, sig.s);
      expect(await f.token.allowance(f.alice.address, f.bob.address)).to.equal(value);
      expect(await f.token.nonces(f.alice.address)).to.equal(1n);
    });
  });

  describe("roles", () => {
    it("refuses every privileged function to accounts without the role", async () => {
      const f = await loadFixture(fixture);
      const o = f.accounts.outsider;
      const t = f.token.connect(o);
      const cases: [() => Promise<unknown>, string][] = [
        [() => t.mint(o.address, 1n), ROLES.MINTER],
        [() => t.surrender(f.alice.address, 1n), ROLES.BURNER],
        [() => t.pause(), ROLES.PAUSER],
        [() => t.unpause(), ROLES.PAUSER],
        [() => t.grantRole(ROLES.MINTER, o.address), ROLES.DEFAULT_ADMIN],
        [() => t.revokeRole(ROLES.MINTER, f.accounts.minter.address), ROLES.DEFAULT_ADMIN],
      ];
      for (const [call, role] of cases) {
        await expect(call()).to.be.revertedWithCustomError(f.token, "AccessControlUnauthorizedAccount").withArgs(o.address, role);
      }
    });

    it("gives the admin only DEFAULT_ADMIN_ROLE", async () => {
      const f = await loadFixture(fixture);
      const admin = f.accounts.admin.address;
      expect(await f.token.hasRole(ROLES.DEFAULT_ADMIN, admin)).to.equal(true);
      expect(await f.token.hasRole(ROLES.MINTER, admin)).to.equal(false);
      expect(await f.token.supportsInterface("0x7965db0b")).to.equal(true); // IAccessControl
    });
  });
});
