/**
 * Attack tests: quote tokens the book must not be fooled by.
 *  - an 18-decimal quote token with prices scaled to its decimals, whose fees do not fit the
 *    book's fee field (uint56);
 *  - a "sender-charging" quote token that delivers the full amount but burns extra from the
 *    sender: incoming transfers look exact, outgoing ones drain other users' escrow.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { MaxUint256 } from "ethers";
import { ASK, BID, GTC, IOC, LOT, QPTL, deployBookFixture, place, quoteFor } from "./fixture.js";

const { ethers, networkHelpers } = await network.connect();
const { loadFixture } = networkHelpers;
const fixture = () => deployBookFixture(ethers, networkHelpers);
type F = Awaited<ReturnType<typeof fixture>>;

/** A book on a SenderChargingToken quote; every trader funded and approved. */
async function hostileBook(f: F, decimals: number, chargeBps: bigint, qptl: bigint) {
  const token = await ethers.deployContract("SenderChargingToken", [decimals, chargeBps]);
  const book = await ethers.deployContract("OrderBook", [
    f.admin.address, f.pcc, token, f.calendar, f.treasury.address, LOT, qptl,
  ]);
  await book.grantRole(ethers.id("FEE_ROLE"), f.admin.address);
  for (const s of [f.alice, f.bob, f.carol]) {
    await token.mint(s.address, 10n ** 40n);
    await (token.connect(s) as typeof token).approve(book, MaxUint256);
    await (f.pcc.connect(s) as typeof f.pcc).approve(book, MaxUint256);
  }
  return { token, book };
}

describe("OrderBook against hostile quote tokens", () => {
  describe("18-decimal quote token: fees above 2^56", () => {
    const CAP = 2n ** 56n - 1n; // the fee field (uint56)
    const MAX_CALL_LOTS = 2n ** 28n - 1n;
    const MAX_TICK = 2n ** 24n - 1n;
    const maxCallFee = (qptl: bigint) => (MAX_CALL_LOTS * MAX_TICK * qptl * 100n) / 10_000n;

    it("refuses the attack setup: an 18-decimal quote token, and prices scaled to 18 decimals", async () => {
      // Old book: deployed fine; one IOC bid of 1,000 lots at tick 10,000 and 100 bps charged a
      // fee of 1e18 but accrued uint56(1e18) = 63,251,277,506,936,832: 0.94 token lost for good.
      const f = await loadFixture(fixture);
      const q18 = await ethers.deployContract("SenderChargingToken", [18, 0n]);
      await expect(
        ethers.deployContract("OrderBook", [f.admin.address, f.pcc, q18, f.calendar, f.treasury.address, LOT, 10n ** 13n]),
      )
        .to.be.revertedWithCustomError(f.book, "QuoteDecimalsUnsupported")
        .withArgs(18, 16);
      // the same tick size on a 6-decimal token: its fees cannot fit the field either
      const q6 = await ethers.deployContract("SenderChargingToken", [6, 0n]);
      await expect(
        ethers.deployContract("OrderBook", [f.admin.address, f.pcc, q6, f.calendar, f.treasury.address, LOT, 10n ** 13n]),
      )
        .to.be.revertedWithCustomError(f.book, "FeesExceedFeeField")
        .withArgs(maxCallFee(10n ** 13n), CAP);
    });

    it("accepts exactly the tick sizes whose largest call fee fits, and accrues that fee exactly", async () => {
      const f = await loadFixture(fixture);
      let qmax = (CAP * 10_000n) / (MAX_CALL_LOTS * MAX_TICK * 100n);
      while (maxCallFee(qmax + 1n) <= CAP) qmax += 1n;
      expect(maxCallFee(qmax) <= CAP && maxCallFee(qmax + 1n) > CAP).to.equal(true);
      const q6 = await ethers.deployContract("SenderChargingToken", [6, 0n]);
      await expect(
        ethers.deployContract("OrderBook", [f.admin.address, f.pcc, q6, f.calendar, f.treasury.address, LOT, qmax + 1n]),
      ).to.be.revertedWithCustomError(f.book, "FeesExceedFeeField");
      const { token, book } = await hostileBook(f, 6, 0n, qmax);
      await book.setFee(100);
      await f.pcc.mint(f.alice.address, MAX_CALL_LOTS * LOT);
      // attack: the largest call the book allows, at the highest tick and fee
      await book.connect(f.alice).placeOrder(ASK, MAX_TICK, MAX_CALL_LOTS, GTC, 0, 0);
      await book.connect(f.bob).placeOrder(BID, MAX_TICK, MAX_CALL_LOTS, IOC, 0, 0);
      const fee = maxCallFee(qmax);
      expect((await book.market()).accruedFees).to.equal(fee);
      const proceeds = MAX_CALL_LOTS * MAX_TICK * qmax;
      expect(await token.balanceOf(book)).to.equal(proceeds + fee);
      // the running total is checked too: a trade whose fee no longer fits waits for a withdrawal
      await book.connect(f.alice).placeOrder(ASK, MAX_TICK, 1_000_000, GTC, 0, 0);
      const fee2 = (1_000_000n * MAX_TICK * qmax * 100n) / 10_000n;
      expect(fee + fee2 > CAP).to.equal(true);
      await expect(book.connect(f.bob).placeOrder(BID, MAX_TICK, 1_000_000, IOC, 0, 0))
        .to.be.revertedWithCustomError(book, "FeeFieldFull")
        .withArgs(fee, fee2);
      await expect(book.withdrawFees()).to.emit(book, "FeesWithdrawn").withArgs(f.treasury.address, fee);
      await book.connect(f.bob).placeOrder(BID, MAX_TICK, 1_000_000, IOC, 0, 0);
      expect((await book.market()).accruedFees).to.equal(fee2);
    });

    it("reads both tokens' decimals: one whole PCC must be a whole number of lots", async () => {
      const f = await loadFixture(fixture);
      for (const lot of [3n * 10n ** 17n, 10n ** 21n]) {
        await expect(
          ethers.deployContract("OrderBook", [f.admin.address, f.pcc, f.usd, f.calendar, f.treasury.address, lot, QPTL]),
        )
          .to.be.revertedWithCustomError(f.book, "LotSizeNotWholeTokenDivisor")
          .withArgs(lot, 18);
      }
      // gram lots and a 16-decimal quote token are fine
      await ethers.deployContract("OrderBook", [f.admin.address, f.pcc, f.usd, f.calendar, f.treasury.address, 10n ** 15n, QPTL]);
      const q16 = await ethers.deployContract("SenderChargingToken", [16, 0n]);
      await ethers.deployContract("OrderBook", [f.admin.address, f.pcc, q16, f.calendar, f.treasury.address, LOT, QPTL]);
      // a token without decimals() is refused (the call reverts)
      await expect(
        ethers.deployContract("OrderBook", [f.admin.address, f.pcc, f.calendar, f.calendar, f.treasury.address, LOT, QPTL]),
      ).to.be.revert(ethers);
    });

  });

  describe("no silent casts", () => {
    it("never wraps the period counter: past 2^24 periods trading reverts instead", async () => {
      const f = await loadFixture(fixture);
      const start = BigInt(await networkHelpers.time.latest());
      const calendar = await ethers.deployContract("PeriodCalendar", [start, 1n, 0n, 0n]); // 1-second periods
      const book = await ethers.deployContract("OrderBook", [f.admin.address, f.pcc, f.usd, calendar, f.treasury.address, LOT, QPTL]);
      await f.usd.connect(f.alice).approve(book, MaxUint256);
      await book.connect(f.alice).placeOrder(BID, 100, 1, GTC, 0, 0);
      await networkHelpers.time.increaseTo(start + 2n ** 24n);
      await expect(book.connect(f.alice).placeOrder(BID, 101, 1, GTC, 0, 0))
        .to.be.revertedWithCustomError(book, "SafeCastOverflowedUintDowncast")
        .withArgs(24, (p: bigint) => p >= 2n ** 24n);
    });
  });

  describe("sender-charging quote token (1 % extra burned from the sender)", () => {
    it("refuses a bid refund that would take more than the refund from the book", async () => {
      const f = await loadFixture(fixture);
      const { token, book } = await hostileBook(f, 6, 100n, QPTL);
      const bobsBid = await place({ ...f, book } as F, f.bob, BID, 100, 50); // victim's escrow
      // attacker: place, then cancel: the refund costs the book refund + 1 %
      const id = await place({ ...f, book } as F, f.alice, BID, 99, 1000);
      const refund = quoteFor(1000n, 99n);
      await expect(book.connect(f.alice).cancel(id))
        .to.be.revertedWithCustomError(book, "OutgoingTransferNotExact")
        .withArgs(await token.getAddress(), refund, refund + refund / 100n);
      // escrow exact: the book holds exactly both bids
      expect(await token.balanceOf(book)).to.equal(quoteFor(50n, 100n) + refund);
      // once the token behaves again, both cancel normally and the book ends empty
      await token.setCharge(0);
      await book.connect(f.alice).cancel(id);
      await book.connect(f.bob).cancel(bobsBid);
      expect(await token.balanceOf(book)).to.equal(0n);
    });

    it("refuses an ask's claim and a fee withdrawal that would overdraw the book", async () => {
      const f = await loadFixture(fixture);
      const { token, book } = await hostileBook(f, 6, 0n, QPTL);
      await book.setFee(100);
      const ask = await place({ ...f, book } as F, f.alice, ASK, 100, 10);
      await place({ ...f, book } as F, f.carol, BID, 90, 10); // a victim's resting escrow
      await book.connect(f.bob).placeOrder(BID, 100, 10, IOC, 0, 0);
      const proceeds = quoteFor(10n, 100n);
      const fee = proceeds / 100n;
      const held = proceeds + fee + quoteFor(10n, 90n);
      expect(await token.balanceOf(book)).to.equal(held);
      await token.setCharge(100); // the token turns hostile
      await expect(book.connect(f.alice).claim(ask))
        .to.be.revertedWithCustomError(book, "OutgoingTransferNotExact")
        .withArgs(await token.getAddress(), proceeds, proceeds + proceeds / 100n);
      await expect(book.withdrawFees())
        .to.be.revertedWithCustomError(book, "OutgoingTransferNotExact")
        .withArgs(await token.getAddress(), fee, fee + fee / 100n);
      expect(await token.balanceOf(book)).to.equal(held);
      await token.setCharge(0);
      await book.claim(ask);
      await book.withdrawFees();
      expect(await token.balanceOf(book)).to.equal(quoteFor(10n, 90n));
    });

    it("refuses a bid taker's payout in a hostile PCC-side settlement too (the check covers both tokens)", async () => {
      // A seller (ask taker) is paid quote out of the book: same rule.
      const f = await loadFixture(fixture);
      const { token, book } = await hostileBook(f, 6, 100n, QPTL);
      await place({ ...f, book } as F, f.carol, BID, 100, 10);
      const out = quoteFor(5n, 100n);
      await expect(book.connect(f.alice).placeOrder(ASK, 100, 5, IOC, 0, 0))
        .to.be.revertedWithCustomError(book, "OutgoingTransferNotExact")
        .withArgs(await token.getAddress(), out, out + out / 100n);
      expect(await token.balanceOf(book)).to.equal(quoteFor(10n, 100n));
    });
  });
});
