import { expect } from "chai";
import { network } from "hardhat";
import { Signature } from "ethers";
import { ASK, BID, E18, GTC, IOC, LOT, PERIOD, QPTL, ROLES, deployBookFixture, deployCalendar, place, quoteFor } from "./fixture.js";

const { ethers, networkHelpers } = await network.connect();
const { loadFixture, time } = networkHelpers;
const fixture = () => deployBookFixture(ethers, networkHelpers);

describe("OrderBook trading rules", () => {
  describe("price band", () => {
    it("refuses prices outside the band around the reference set by the role", async () => {
      const f = await loadFixture(fixture);
      await expect(f.book.setReferenceTick(1000)).to.emit(f.book, "ReferencePriceSet").withArgs(1000, 0, false);
      await expect(f.book.setBand(1000)).to.emit(f.book, "BandChanged").withArgs(1000);
      expect(await f.book.band()).to.deep.equal([1000n, 900n, 1100n]);
      await expect(f.book.connect(f.alice).placeOrder(ASK, 1101, 1, GTC, 0, 0))
        .to.be.revertedWithCustomError(f.book, "PriceOutsideBand")
        .withArgs(1101, 900, 1100);
      await expect(f.book.connect(f.alice).placeOrder(BID, 899, 1, GTC, 0, 0))
        .to.be.revertedWithCustomError(f.book, "PriceOutsideBand")
        .withArgs(899, 900, 1100);
      await place(f, f.alice, ASK, 1100, 1);
      await place(f, f.alice, BID, 900, 1);
      await expect(f.book.setBand(10_001)).to.be.revertedWithCustomError(f.book, "BandTooWide").withArgs(10_001);
    });

    it("does not trade against resting orders left outside a narrowed band", async () => {
      const f = await loadFixture(fixture);
      await place(f, f.alice, ASK, 800, 1);
      await f.book.setReferenceTick(1000);
      await f.book.setBand(1000);
      const id = await place(f, f.bob, BID, 1000, 1, IOC);
      expect(id).to.equal(0n);
      expect(await f.book.bestAsk()).to.deep.equal([true, 800n]);
    });

    it("rolls the reference to the last period's close at the next period's first order", async () => {
      const f = await loadFixture(fixture);
      await f.book.setBand(500);
      await place(f, f.alice, ASK, 2000, 2);
      await place(f, f.bob, BID, 2000, 1, IOC);
      const p = await f.book.currentPeriod();
      await time.increase(PERIOD);
      expect((await f.book.band())[0]).to.equal(2000n);
      await expect(f.book.connect(f.carol).placeOrder(BID, 1950, 1, GTC, 0, 0))
        .to.emit(f.book, "ReferencePriceSet")
        .withArgs(2000, p + 1n, true);
      expect(await f.book.periodClose(p)).to.equal(2000n);
      await expect(f.book.connect(f.carol).placeOrder(BID, 1899, 1, GTC, 0, 0)).to.be.revertedWithCustomError(f.book, "PriceOutsideBand");
      await expect(f.book.setAutoReference(false)).to.emit(f.book, "AutoReferenceChanged").withArgs(false);
    });
  });

  describe("calendar", () => {
    it("counts period 0 before genesis and follows the calendar after it", async () => {
      const f = await loadFixture(fixture);
      const start = BigInt(await time.latest()) + 1000n;
      const calendar = await deployCalendar(ethers, start, PERIOD);
      const book = await ethers.deployContract("OrderBook", [f.admin.address, f.pcc, f.usd, calendar, f.treasury.address, LOT, QPTL]);
      expect(await book.currentPeriod()).to.equal(0n);
      await time.increaseTo(start + 2n * PERIOD + 5n);
      expect(await book.currentPeriod()).to.equal(2n);
    });
  });

  describe("per-period traded limit", () => {
    it("counts taken and queued lots per account per period", async () => {
      const f = await loadFixture(fixture);
      await expect(f.book.setTradeLimit(10)).to.emit(f.book, "TradeLimitChanged").withArgs(10);
      await place(f, f.alice, ASK, 100, 8);
      await place(f, f.bob, BID, 100, 6, IOC);
      expect(await f.book.tradedThisPeriod(f.alice.address)).to.equal(8n);
      expect(await f.book.tradedThisPeriod(f.bob.address)).to.equal(6n);
      const p = await f.book.currentPeriod();
      await expect(f.book.connect(f.alice).placeOrder(ASK, 101, 3, GTC, 0, 0))
        .to.be.revertedWithCustomError(f.book, "TradeLimitExceeded")
        .withArgs(f.alice.address, p, 11, 10);
      await time.increase(PERIOD);
      expect(await f.book.tradedThisPeriod(f.alice.address)).to.equal(0n);
      await place(f, f.alice, ASK, 101, 3);
    });
  });

  describe("minimum size", () => {
    it("refuses orders below the minimum and above a level's epoch capacity", async () => {
      const f = await loadFixture(fixture);
      await expect(f.book.connect(f.alice).placeOrder(ASK, 100, 0, GTC, 0, 0))
        .to.be.revertedWithCustomError(f.book, "OrderTooSmall")
        .withArgs(0, 1);
      await expect(f.book.setMinLots(5)).to.emit(f.book, "MinLotsChanged").withArgs(5);
      await expect(f.book.connect(f.alice).placeOrder(ASK, 100, 4, GTC, 0, 0))
        .to.be.revertedWithCustomError(f.book, "OrderTooSmall")
        .withArgs(4, 5);
      await expect(f.book.connect(f.alice).placeOrder(ASK, 100, 1n << 28n, GTC, 0, 0))
        .to.be.revertedWithCustomError(f.book, "OrderTooLarge")
        .withArgs(1n << 28n);
      await expect(f.book.connect(f.alice).placeOrder(ASK, 0, 5, GTC, 0, 0))
        .to.be.revertedWithCustomError(f.book, "InvalidTick")
        .withArgs(0);
    });

    it("caps the lots one level queues in one epoch", async () => {
      const f = await loadFixture(fixture);
      const big = (1n << 28n) - 2n;
      await f.pcc.mint(f.alice.address, big * E18);
      await place(f, f.alice, ASK, 100, big);
      await place(f, f.bob, ASK, 100, 1); // 2^28 - 1 lots queued: still fits
      await expect(f.book.connect(f.carol).placeOrder(ASK, 100, 1, GTC, 0, 0))
        .to.be.revertedWithCustomError(f.book, "LevelCapacityExceeded")
        .withArgs(ASK, 100);
    });
  });

  describe("queue capacity", () => {
    it("refuses the 16,385th order of one level's epoch", async function () {
      this.timeout(300_000);
      const f = await loadFixture(fixture);
      const makers = await ethers.deployContract("BenchMakers");
      await f.pcc.mint(await makers.getAddress(), 20_000n * E18);
      const capacity = 16_384;
      for (let done = 0; done < capacity; done += 64) {
        await makers.spawn(f.book, f.pcc, LOT, ASK, 100, 1, Math.min(64, capacity - done), { gasLimit: 16_000_000 });
      }
      const [, orders] = await f.book.levelState(ASK, 100);
      expect(orders).to.equal(BigInt(capacity));
      await expect(f.book.connect(f.alice).placeOrder(ASK, 100, 1, GTC, 0, 0))
        .to.be.revertedWithCustomError(f.book, "QueueFull")
        .withArgs(ASK, 100);
      // the neighbouring tick is unaffected
      await place(f, f.alice, ASK, 101, 1);
    });
  });

  describe("pause", () => {
    it("stops placing and taking, while cancel, claim and fee withdrawal still work", async () => {
      const f = await loadFixture(fixture);
      await f.book.setFee(50);
      const a = await place(f, f.alice, ASK, 100, 4);
      await place(f, f.bob, BID, 100, 2, IOC);
      await expect(f.book.pause()).to.emit(f.book, "PauseChanged").withArgs(true, f.admin.address);
      await expect(f.book.connect(f.carol).placeOrder(BID, 100, 1, IOC, 0, 0)).to.be.revertedWithCustomError(f.book, "TradingPaused");
      await f.book.connect(f.alice).claim(a);
      await f.book.connect(f.alice).cancel(a);
      await f.book.withdrawFees();
      await expect(f.book.unpause()).to.emit(f.book, "PauseChanged").withArgs(false, f.admin.address);
      await place(f, f.carol, BID, 100, 1);
    });
  });

  describe("fees", () => {
    it("charges the taker fee on both sides, accrues it and sends it to the treasury", async () => {
      const f = await loadFixture(fixture);
      await expect(f.book.setFee(30)).to.emit(f.book, "FeeChanged").withArgs(30);
      await place(f, f.alice, ASK, 1000, 10);
      const q = quoteFor(10n, 1000n);
      const fee = (q * 30n) / 10_000n;
      const usd0 = await f.usd.balanceOf(f.bob.address);
      await expect(f.book.connect(f.bob).placeOrder(BID, 1000, 10, IOC, 0, 0))
        .to.emit(f.book, "Trade")
        .withArgs(f.bob.address, BID, 1000, 0, 0, 10, q, fee);
      expect(await f.usd.balanceOf(f.bob.address)).to.equal(usd0 - q - fee);
      await place(f, f.carol, BID, 1000, 10);
      const usd1 = await f.usd.balanceOf(f.dave.address);
      await place(f, f.dave, ASK, 1000, 10, IOC);
      expect(await f.usd.balanceOf(f.dave.address)).to.equal(usd1 + q - fee);
      expect((await f.book.market()).accruedFees).to.equal(2n * fee);
      await expect(f.book.connect(f.stranger).withdrawFees())
        .to.emit(f.book, "FeesWithdrawn")
        .withArgs(f.treasury.address, 2n * fee);
      expect(await f.usd.balanceOf(f.treasury.address)).to.equal(2n * fee);
      await expect(f.book.withdrawFees()).to.be.revertedWithCustomError(f.book, "NothingToWithdraw");
    });

    it("caps the fee and moves the treasury only by role", async () => {
      const f = await loadFixture(fixture);
      await expect(f.book.setFee(101)).to.be.revertedWithCustomError(f.book, "FeeTooHigh").withArgs(101, 100);
      await expect(f.book.setTreasury(ethers.ZeroAddress)).to.be.revertedWithCustomError(f.book, "ZeroAddress");
      await expect(f.book.setTreasury(f.carol.address)).to.emit(f.book, "TreasuryChanged").withArgs(f.carol.address);
    });
  });

  describe("roles", () => {
    it("gates every administrative function", async () => {
      const f = await loadFixture(fixture);
      const s = f.book.connect(f.stranger);
      const cases: [Promise<unknown>, string][] = [
        [s.pause(), ROLES.pauser],
        [s.unpause(), ROLES.pauser],
        [s.setFee(1), ROLES.fee],
        [s.setTreasury(f.stranger.address), ROLES.fee],
        [s.setReferenceTick(1), ROLES.band],
        [s.setBand(1), ROLES.band],
        [s.setAutoReference(false), ROLES.band],
        [s.setTradeLimit(1), ROLES.limit],
        [s.setMinLots(1), ROLES.limit],
      ];
      for (const [call, role] of cases) {
        await expect(call).to.be.revertedWithCustomError(f.book, "AccessControlUnauthorizedAccount").withArgs(f.stranger.address, role);
      }
    });
  });

  describe("tokens", () => {
    it("refuses a quote token that delivers less than asked", async () => {
      const f = await loadFixture(fixture);
      const fot = await ethers.deployContract("FeeOnTransferToken");
      const book = await ethers.deployContract("OrderBook", [f.admin.address, f.pcc, fot, f.calendar, f.treasury.address, LOT, QPTL]);
      await fot.mint(f.alice.address, 10n ** 12n);
      await (fot.connect(f.alice) as typeof fot).approve(book, 10n ** 12n);
      const q = quoteFor(1n, 100n);
      await expect(book.connect(f.alice).placeOrder(BID, 100, 1, GTC, 0, 0))
        .to.be.revertedWithCustomError(book, "TransferShortfall")
        .withArgs(await fot.getAddress(), q, q - q / 100n);
    });

    it("refuses a bad constructor setup", async () => {
      const f = await loadFixture(fixture);
      await expect(
        ethers.deployContract("OrderBook", [ethers.ZeroAddress, f.pcc, f.usd, f.calendar, f.treasury.address, LOT, QPTL]),
      ).to.be.revertedWithCustomError(f.book, "ZeroAddress");
      await expect(
        ethers.deployContract("OrderBook", [f.admin.address, f.pcc, f.pcc, f.calendar, f.treasury.address, LOT, QPTL]),
      ).to.be.revertedWithCustomError(f.book, "InvalidTokenSetup");
      await expect(
        ethers.deployContract("OrderBook", [f.admin.address, f.pcc, f.usd, f.calendar, f.treasury.address, 0, QPTL]),
      ).to.be.revertedWithCustomError(f.book, "InvalidTokenSetup");
    });

    it("sells with an EIP-2612 permit in the same transaction", async () => {
      const f = await loadFixture(fixture);
      const seller = f.stranger;
      await f.pcc.mint(seller.address, 5n * LOT);
      const deadline = BigInt(await time.latest()) + 3600n;
      // EIP-5267: the token reports its own EIP-712 domain
      const [, name, version, chainId, verifyingContract] = await f.pcc.eip712Domain();
      const domain = { name, version, chainId, verifyingContract };
      const types = {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      };
      const value = 5n * LOT;
      const sig = Signature.from(
        await seller.signTypedData(domain, types, {
          owner: seller.address,
          spender: await f.book.getAddress(),
          value,
          nonce: 0n,
          deadline,
        }),
      );
      await expect(
        f.book.connect(seller).placeOrderWithPermit(ASK, 100, 5, GTC, 0, 0, value, deadline, sig.v, sig.r, sig.s),
      ).to.emit(f.book, "OrderPlaced");
      expect(await f.pcc.balanceOf(seller.address)).to.equal(0n);
      // replaying the spent permit is ignored; without allowance the transfer then fails
      await f.pcc.mint(seller.address, 5n * LOT);
      await expect(
        f.book.connect(seller).placeOrderWithPermit(ASK, 101, 5, GTC, 0, 0, value, deadline, sig.v, sig.r, sig.s),
      ).to.be.revertedWithCustomError(f.pcc, "ERC20InsufficientAllowance");
    });
  });

  describe("views", () => {
    it("lists the top levels per side with aggregate live size, and claimable balances", async () => {
      const f = await loadFixture(fixture);
      await place(f, f.alice, ASK, 105, 1);
      await place(f, f.bob, ASK, 105, 2);
      await place(f, f.alice, ASK, 107, 4);
      await place(f, f.alice, ASK, 110, 1);
      const b1 = await place(f, f.carol, BID, 100, 3);
      const b2 = await place(f, f.carol, BID, 98, 3);
      const asks = await f.book.depth(ASK, 2);
      expect(asks.map((l) => [l.tick, l.lots])).to.deep.equal([[105n, 3n], [107n, 4n]]);
      const bids = await f.book.depth(BID, 5);
      expect(bids.map((l) => [l.tick, l.lots])).to.deep.equal([[100n, 3n], [98n, 3n]]);
      await place(f, f.dave, ASK, 98, 4, IOC);
      expect(await f.book.claimableOf(f.carol.address, [b1, b2, 12345n])).to.deep.equal([4n * LOT, 0n]);
      expect(await f.book.claimableOf(f.dave.address, [b1])).to.deep.equal([0n, 0n]);
      const a1 = await place(f, f.bob, ASK, 104, 2); // 104 is better than 105
      await place(f, f.dave, BID, 104, 1, IOC);
      expect(await f.book.claimableOf(f.bob.address, [a1])).to.deep.equal([0n, quoteFor(1n, 104n)]);
    });
  });

  describe("TestUSD faucet", () => {
    it("drips 10,000 tUSD at most once an hour per account", async () => {
      const f = await loadFixture(fixture);
      expect(await f.usd.decimals()).to.equal(6n);
      await expect(f.usd.connect(f.alice).faucet()).to.be.revertedWithCustomError(f.usd, "FaucetCooldown");
      await time.increase(3600);
      await expect(f.usd.connect(f.alice).faucet()).to.emit(f.usd, "Dripped").withArgs(f.alice.address, 10_000n * 10n ** 6n);
    });
  });
});
