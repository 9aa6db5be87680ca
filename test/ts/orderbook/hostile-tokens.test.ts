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
import { ASK, BID, E18, GTC, IOC, LOT, QPTL, deployBookFixture, place, quoteFor } from "./fixture.js";

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
    it("accrues a huge taker fee exactly (attack: one 1,000-lot trade at 100 bps)", async () => {
      const f = await loadFixture(fixture);
      const qptl = 10n ** 13n; // 0.00001 token per kg per tick, as TestUSD's 10 units at 6 decimals
      const { token, book } = await hostileBook(f, 18, 0n, qptl);
      await book.setFee(100);
      await place({ ...f, book } as F, f.alice, ASK, 10_000, 1000);
      await book.connect(f.bob).placeOrder(BID, 10_000, 1000, IOC, 0, 0);
      const fee = (1000n * 10_000n * qptl * 100n) / 10_000n; // 1e18 > 2^56
      expect(fee > 2n ** 56n).to.equal(true);
      expect((await book.market()).accruedFees).to.equal(fee);
      // the book holds the maker's proceeds plus the fee, nothing else
      expect(await token.balanceOf(book)).to.equal(1000n * 10_000n * qptl + fee);
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
      void E18;
      void GTC;
    });
  });
});
