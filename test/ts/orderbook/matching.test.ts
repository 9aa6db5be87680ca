import { expect } from "chai";
import { network } from "hardhat";
import { ASK, BID, GTC, IOC, LOT, POST_ONLY, deployBookFixture, place, quoteFor, type BookFixture } from "./fixture.js";

const { ethers, networkHelpers } = await network.connect();
const { loadFixture, time } = networkHelpers;
const fixture = () => deployBookFixture(ethers, networkHelpers);

async function filled(f: BookFixture, id: bigint): Promise<bigint> {
  return (await f.book.getOrder(id)).filled;
}

describe("OrderBook matching", () => {
  it("rests a GTC ask, escrowing exactly lots × lotSize PCC", async () => {
    const f = await loadFixture(fixture);
    const before = await f.pcc.balanceOf(f.alice.address);
    const tx = f.book.connect(f.alice).placeOrder(ASK, 8000, 5, GTC, 0, 0);
    await expect(tx).to.emit(f.book, "OrderPlaced");
    const id = await place(f, f.bob, ASK, 8001, 2);
    expect(await f.pcc.balanceOf(f.alice.address)).to.equal(before - 5n * LOT);
    expect(await f.pcc.balanceOf(await f.book.getAddress())).to.equal(7n * LOT);
    expect(await f.book.bestAsk()).to.deep.equal([true, 8000n]);
    const o = await f.book.getOrder(id);
    expect(o.owner).to.equal(f.bob.address);
    expect(o.tick).to.equal(8001n);
    expect(o.lots).to.equal(2n);
    expect(o.open).to.equal(true);
  });

  it("rests a GTC bid, escrowing exactly lots × tick × quotePerTickLot", async () => {
    const f = await loadFixture(fixture);
    const before = await f.usd.balanceOf(f.alice.address);
    await place(f, f.alice, BID, 7999, 3);
    expect(await f.usd.balanceOf(f.alice.address)).to.equal(before - quoteFor(3n, 7999n));
    expect(await f.book.bestBid()).to.deep.equal([true, 7999n]);
    expect(await f.book.bestAsk()).to.deep.equal([false, 0n]);
  });

  it("fills one maker with an IOC buy: taker gets PCC, maker claims quote, Trade is emitted", async () => {
    const f = await loadFixture(fixture);
    const ask = await place(f, f.alice, ASK, 8000, 5);
    const usdBefore = await f.usd.balanceOf(f.bob.address);
    const pccBefore = await f.pcc.balanceOf(f.bob.address);
    await expect(f.book.connect(f.bob).placeOrder(BID, 8000, 5, IOC, 0, 0))
      .to.emit(f.book, "Trade")
      .withArgs(f.bob.address, BID, 8000, 0, 0, 5, quoteFor(5n, 8000n), 0);
    expect(await f.pcc.balanceOf(f.bob.address)).to.equal(pccBefore + 5n * LOT);
    expect(await f.usd.balanceOf(f.bob.address)).to.equal(usdBefore - quoteFor(5n, 8000n));
    expect(await filled(f, ask)).to.equal(5n);
    const aliceUsd = await f.usd.balanceOf(f.alice.address);
    await expect(f.book.connect(f.carol).claim(ask))
      .to.emit(f.book, "Claimed")
      .withArgs(ask, f.alice.address, 5, quoteFor(5n, 8000n));
    expect(await f.usd.balanceOf(f.alice.address)).to.equal(aliceUsd + quoteFor(5n, 8000n));
    expect((await f.book.getOrder(ask)).open).to.equal(false);
    expect(await f.book.bestAsk()).to.deep.equal([false, 0n]);
  });

  it("fills partially, lets the maker claim in steps, and removes the order when complete", async () => {
    const f = await loadFixture(fixture);
    const ask = await place(f, f.alice, ASK, 100, 10);
    await place(f, f.bob, BID, 100, 4, IOC);
    expect(await filled(f, ask)).to.equal(4n);
    await expect(f.book.connect(f.alice).claim(ask)).to.emit(f.book, "Claimed").withArgs(ask, f.alice.address, 4, 4000);
    await expect(f.book.connect(f.alice).claim(ask)).to.be.revertedWithCustomError(f.book, "NothingToClaim").withArgs(ask);
    await place(f, f.bob, BID, 100, 6, IOC);
    await expect(f.book.connect(f.alice).claim(ask)).to.emit(f.book, "Claimed").withArgs(ask, f.alice.address, 6, 6000);
    await expect(f.book.claim(ask)).to.be.revertedWithCustomError(f.book, "UnknownOrder").withArgs(ask);
  });

  it("fills a tick's queue first in, first out", async () => {
    const f = await loadFixture(fixture);
    const a = await place(f, f.alice, ASK, 100, 5);
    const b = await place(f, f.bob, ASK, 100, 5);
    const c = await place(f, f.carol, ASK, 100, 5);
    await place(f, f.dave, BID, 100, 7, IOC);
    expect([await filled(f, a), await filled(f, b), await filled(f, c)]).to.deep.equal([5n, 2n, 0n]);
    const [, , queued, fl, cancelled, live] = await f.book.levelState(ASK, 100);
    expect([queued, fl, cancelled, live]).to.deep.equal([15n, 7n, 0n, 8n]);
  });

  it("skips cancelled lots: a cancel ahead moves later orders forward exactly", async () => {
    const f = await loadFixture(fixture);
    const a = await place(f, f.alice, ASK, 100, 5);
    const b = await place(f, f.bob, ASK, 100, 5);
    const c = await place(f, f.carol, ASK, 100, 5);
    await f.book.connect(f.bob).cancel(b);
    await place(f, f.dave, BID, 100, 7, IOC);
    expect(await filled(f, a)).to.equal(5n);
    expect(await filled(f, c)).to.equal(2n);
    expect((await f.book.getOrder(b)).open).to.equal(false);
  });

  it("cancels a partially filled order: refunds the rest and pays the filled part", async () => {
    const f = await loadFixture(fixture);
    const a = await place(f, f.alice, ASK, 100, 5);
    const b = await place(f, f.bob, ASK, 100, 5);
    await place(f, f.dave, BID, 100, 3, IOC);
    const pcc0 = await f.pcc.balanceOf(f.alice.address);
    const usd0 = await f.usd.balanceOf(f.alice.address);
    await expect(f.book.connect(f.alice).cancel(a))
      .to.emit(f.book, "OrderCancelled")
      .withArgs(a, f.alice.address, 0, 2, 2n * LOT)
      .and.to.emit(f.book, "Claimed")
      .withArgs(a, f.alice.address, 3, 3000);
    expect(await f.pcc.balanceOf(f.alice.address)).to.equal(pcc0 + 2n * LOT);
    expect(await f.usd.balanceOf(f.alice.address)).to.equal(usd0 + 3000n);
    await place(f, f.dave, BID, 100, 4, IOC);
    expect(await filled(f, b)).to.equal(4n);
  });

  it("crosses several ticks best price first, paying each maker's price", async () => {
    const f = await loadFixture(fixture);
    const x = await place(f, f.alice, ASK, 100, 2);
    const y = await place(f, f.bob, ASK, 101, 2);
    const z = await place(f, f.carol, ASK, 102, 2);
    const usd0 = await f.usd.balanceOf(f.dave.address);
    await place(f, f.dave, BID, 102, 5, IOC);
    expect(await f.usd.balanceOf(f.dave.address)).to.equal(usd0 - (quoteFor(2n, 100n) + quoteFor(2n, 101n) + quoteFor(1n, 102n)));
    expect([await filled(f, x), await filled(f, y), await filled(f, z)]).to.deep.equal([2n, 2n, 1n]);
    expect(await f.book.bestAsk()).to.deep.equal([true, 102n]);
  });

  it("sells into bids from the highest down", async () => {
    const f = await loadFixture(fixture);
    const lo = await place(f, f.alice, BID, 90, 3);
    const hi = await place(f, f.bob, BID, 95, 3);
    const usd0 = await f.usd.balanceOf(f.carol.address);
    await place(f, f.carol, ASK, 90, 4, IOC);
    expect(await f.usd.balanceOf(f.carol.address)).to.equal(usd0 + quoteFor(3n, 95n) + quoteFor(1n, 90n));
    expect([await filled(f, hi), await filled(f, lo)]).to.deep.equal([3n, 1n]);
    const pcc0 = await f.pcc.balanceOf(f.bob.address);
    await f.book.connect(f.bob).claim(hi);
    expect(await f.pcc.balanceOf(f.bob.address)).to.equal(pcc0 + 3n * LOT);
  });

  it("stops at the caller's tick bound; the IOC remainder is never taken", async () => {
    const f = await loadFixture(fixture);
    for (const [i, s] of [f.alice, f.bob, f.carol].entries()) await place(f, s, ASK, 100 + i, 1);
    const usd0 = await f.usd.balanceOf(f.dave.address);
    await f.book.connect(f.dave).placeOrder(BID, 200, 3, IOC, 0, 2);
    expect(await f.usd.balanceOf(f.dave.address)).to.equal(usd0 - quoteFor(1n, 100n) - quoteFor(1n, 101n));
    expect(await f.book.bestAsk()).to.deep.equal([true, 102n]);
  });

  it("rests a GTC remainder at its limit after a partial take", async () => {
    const f = await loadFixture(fixture);
    await place(f, f.alice, ASK, 100, 2);
    const id = await place(f, f.bob, BID, 105, 5);
    const o = await f.book.getOrder(id);
    expect(o.lots).to.equal(3n);
    expect(o.tick).to.equal(105n);
    expect(await f.book.bestBid()).to.deep.equal([true, 105n]);
    expect(await f.book.bestAsk()).to.deep.equal([false, 0n]);
    expect(await f.usd.balanceOf(await f.book.getAddress())).to.equal(quoteFor(2n, 100n) + quoteFor(3n, 105n));
  });

  it("does not rest a GTC remainder that would still cross (stopped by the tick bound)", async () => {
    const f = await loadFixture(fixture);
    await place(f, f.alice, ASK, 100, 1);
    await place(f, f.alice, ASK, 101, 1);
    const id = await place(f, f.bob, BID, 101, 2, GTC, 0, 1);
    expect(id).to.equal(0n);
    expect(await f.book.bestBid()).to.deep.equal([false, 0n]);
  });

  it("rests a post-only order and refuses one that would cross", async () => {
    const f = await loadFixture(fixture);
    await place(f, f.alice, ASK, 100, 1);
    await expect(f.book.connect(f.bob).placeOrder(BID, 100, 1, POST_ONLY, 0, 0))
      .to.be.revertedWithCustomError(f.book, "PostOnlyWouldCross")
      .withArgs(100, 100);
    const id = await place(f, f.bob, BID, 99, 1, POST_ONLY);
    expect((await f.book.getOrder(id)).open).to.equal(true);
    await expect(f.book.connect(f.carol).placeOrder(ASK, 99, 1, POST_ONLY, 0, 0))
      .to.be.revertedWithCustomError(f.book, "PostOnlyWouldCross")
      .withArgs(99, 99);
  });

  it("starts a new epoch when a level empties; old orders stay claimable in full", async () => {
    const f = await loadFixture(fixture);
    const a = await place(f, f.alice, ASK, 100, 2);
    await place(f, f.bob, BID, 100, 2, IOC);
    const b = await place(f, f.carol, ASK, 100, 3);
    const [epoch, orders, queued] = await f.book.levelState(ASK, 100);
    expect([epoch, orders, queued]).to.deep.equal([1n, 1n, 3n]);
    expect((await f.book.getOrder(b)).epoch).to.equal(1n);
    expect(await filled(f, a)).to.equal(2n);
    await expect(f.book.connect(f.alice).claim(a)).to.emit(f.book, "Claimed").withArgs(a, f.alice.address, 2, 2000);
  });

  it("keeps cancellations of an old epoch out of the new epoch's queue", async () => {
    const f = await loadFixture(fixture);
    const a = await place(f, f.alice, ASK, 100, 2); // epoch 0, index 0
    const b = await place(f, f.bob, ASK, 100, 3); // epoch 0, index 1
    await f.book.connect(f.alice).cancel(a); // 2 lots cancelled at index 0 of epoch 0
    await place(f, f.dave, BID, 100, 3, IOC); // empties the level
    const c = await place(f, f.carol, ASK, 100, 2); // epoch 1, index 0
    const d = await place(f, f.alice, ASK, 100, 2); // epoch 1, index 1
    expect((await f.book.getOrder(d)).epoch).to.equal(1n);
    await f.book.connect(f.carol).cancel(c); // index 0 again, in epoch 1: stale counters are reset
    await place(f, f.dave, BID, 100, 1, IOC);
    expect(await filled(f, d)).to.equal(1n); // with the stale 2 lots it would read 2
    expect(await filled(f, b)).to.equal(3n);
    await expect(f.book.connect(f.bob).claim(b)).to.emit(f.book, "Claimed").withArgs(b, f.bob.address, 3, 3000);
  });

  it("allows one open order per owner, side and tick; a filled one is claimed on re-placing", async () => {
    const f = await loadFixture(fixture);
    const a = await place(f, f.alice, ASK, 100, 2);
    await expect(f.book.connect(f.alice).placeOrder(ASK, 100, 1, GTC, 0, 0))
      .to.be.revertedWithCustomError(f.book, "OrderExistsAtTick")
      .withArgs(a);
    await place(f, f.bob, ASK, 100, 1); // keeps the level non-empty
    await place(f, f.carol, BID, 100, 2, IOC);
    const usd0 = await f.usd.balanceOf(f.alice.address);
    await expect(f.book.connect(f.alice).placeOrder(ASK, 100, 1, GTC, 0, 0))
      .to.emit(f.book, "Claimed")
      .withArgs(a, f.alice.address, 2, 2000);
    expect(await f.usd.balanceOf(f.alice.address)).to.equal(usd0 + 2000n);
  });

  describe("expiry", () => {
    it("refuses an expiry in the past and on IOC orders", async () => {
      const f = await loadFixture(fixture);
      const now = BigInt(await time.latest());
      await expect(f.book.connect(f.alice).placeOrder(ASK, 100, 1, GTC, now, 0))
        .to.be.revertedWithCustomError(f.book, "InvalidExpiry")
        .withArgs(now);
      await expect(f.book.connect(f.alice).placeOrder(BID, 100, 1, IOC, now + 1000n, 0))
        .to.be.revertedWithCustomError(f.book, "InvalidExpiry")
        .withArgs(now + 1000n);
    });

    it("lets anyone cancel an expired order, refunding its owner; not before expiry", async () => {
      const f = await loadFixture(fixture);
      const expiry = BigInt(await time.latest()) + 3600n;
      const id = await place(f, f.alice, ASK, 100, 4, GTC, expiry);
      await expect(f.book.connect(f.stranger).cancel(id))
        .to.be.revertedWithCustomError(f.book, "NotOrderOwner")
        .withArgs(id, f.stranger.address);
      await time.increaseTo(expiry);
      const pcc0 = await f.pcc.balanceOf(f.alice.address);
      await expect(f.book.connect(f.stranger).cancel(id))
        .to.emit(f.book, "OrderCancelled")
        .withArgs(id, f.alice.address, 1, 4, 4n * LOT);
      expect(await f.pcc.balanceOf(f.alice.address)).to.equal(pcc0 + 4n * LOT);
    });
  });

  describe("self-trade prevention", () => {
    it("cancels the taker's own resting order it meets, then trades with the rest", async () => {
      const f = await loadFixture(fixture);
      const mine = await place(f, f.alice, ASK, 100, 3);
      const other = await place(f, f.bob, ASK, 100, 3);
      const pcc0 = await f.pcc.balanceOf(f.alice.address);
      const usd0 = await f.usd.balanceOf(f.alice.address);
      await expect(f.book.connect(f.alice).placeOrder(BID, 100, 2, IOC, 0, 0))
        .to.emit(f.book, "OrderCancelled")
        .withArgs(mine, f.alice.address, 2, 3, 3n * LOT);
      expect(await filled(f, other)).to.equal(2n);
      // refund of 3 lots of her ask + 2 lots bought
      expect(await f.pcc.balanceOf(f.alice.address)).to.equal(pcc0 + 5n * LOT);
      expect(await f.usd.balanceOf(f.alice.address)).to.equal(usd0 - quoteFor(2n, 100n));
    });

    it("never lets a taker trade with itself, even as the only liquidity", async () => {
      const f = await loadFixture(fixture);
      await place(f, f.alice, BID, 100, 3);
      const id = await place(f, f.alice, ASK, 100, 3);
      expect(await f.book.bestBid()).to.deep.equal([false, 0n]);
      expect(await f.book.bestAsk()).to.deep.equal([true, 100n]);
      expect((await f.book.getOrder(id)).filled).to.equal(0n);
    });
  });

  describe("cancel", () => {
    it("refunds a bid's quote escrow and clears the level", async () => {
      const f = await loadFixture(fixture);
      const usd0 = await f.usd.balanceOf(f.alice.address);
      const id = await place(f, f.alice, BID, 321, 7);
      await expect(f.book.connect(f.alice).cancel(id))
        .to.emit(f.book, "OrderCancelled")
        .withArgs(id, f.alice.address, 0, 7, quoteFor(7n, 321n));
      expect(await f.usd.balanceOf(f.alice.address)).to.equal(usd0);
      expect(await f.book.bestBid()).to.deep.equal([false, 0n]);
    });

    it("refuses a fully filled order and unknown ids", async () => {
      const f = await loadFixture(fixture);
      const id = await place(f, f.alice, ASK, 100, 1);
      await place(f, f.bob, ASK, 100, 1);
      await place(f, f.carol, BID, 100, 1, IOC);
      await expect(f.book.connect(f.alice).cancel(id)).to.be.revertedWithCustomError(f.book, "OrderFullyFilled").withArgs(id);
      await expect(f.book.connect(f.alice).cancel(id + 1n)).to.be.revertedWithCustomError(f.book, "UnknownOrder").withArgs(id + 1n);
      const badSide = id | (7n << 88n);
      await expect(f.book.cancel(badSide)).to.be.revertedWithCustomError(f.book, "UnknownOrder").withArgs(badSide);
    });
  });
});
