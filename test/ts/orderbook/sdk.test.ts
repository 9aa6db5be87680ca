import { expect } from "chai";
import { network } from "hardhat";
import { getAddress } from "ethers";
import {
  Side,
  decodeOrderId,
  encodeOrderId,
  pccForLots,
  quoteForLots,
  quotePerPcc,
  tickForPrice,
} from "../../../sdk/orderbook.js";
import { ASK, deployBookFixture, place } from "./fixture.js";

const { ethers, networkHelpers } = await network.connect();
const fixture = () => deployBookFixture(ethers, networkHelpers);

describe("sdk/orderbook", () => {
  it("decodes and re-encodes the ids the contract issues, and prices like the contract", async () => {
    const f = await networkHelpers.loadFixture(fixture);
    const id = await place(f, f.alice, ASK, 8000, 3);
    const d = decodeOrderId(id);
    expect(getAddress(d.owner)).to.equal(f.alice.address);
    expect(d.side).to.equal(Side.Ask);
    expect(d.tick).to.equal(8000n);
    expect(encodeOrderId(d)).to.equal(id);
    const o = await f.book.getOrder(id);
    expect([o.epoch, o.index]).to.deep.equal([d.epoch, d.index]);
    expect(await f.pcc.balanceOf(await f.book.getAddress())).to.equal(pccForLots(3n));
    expect(quoteForLots(3n, 8000n)).to.equal(240_000n);
  });

  it("converts prices to ticks in each side's safe direction", () => {
    expect(quotePerPcc(8000n)).to.equal(80_000n); // 0.08 tUSD per kg
    expect(tickForPrice(80_005n, Side.Bid)).to.equal(8000n);
    expect(tickForPrice(80_005n, Side.Ask)).to.equal(8001n);
    expect(tickForPrice(80_000n, Side.Ask)).to.equal(8000n);
    expect(() => tickForPrice(5n, Side.Bid)).to.throw(RangeError);
    expect(() => decodeOrderId(5n << 88n)).to.throw(RangeError);
  });
});
