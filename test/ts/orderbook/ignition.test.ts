import { expect } from "chai";
import { network } from "hardhat";
import { id } from "ethers";
import OrderBookModule from "../../../ignition/modules/OrderBook.js";
import { deployCalendar, deployCarbonCredit } from "./fixture.js";

const { ethers, ignition, networkHelpers } = await network.connect();

describe("Ignition: PCXOrderBook module", () => {
  it("deploys the book wired to the PCC token, the calendar and a fresh TestUSD, with roles and settings", async () => {
    const [deployer, guardian, treasury] = await ethers.getSigners();
    const genesis = BigInt(await networkHelpers.time.latest()) - 100n;
    const pcc = await deployCarbonCredit(ethers, deployer);
    const calendar = await deployCalendar(ethers, genesis, 300n);
    const { orderBook, testUsd } = await ignition.deploy(OrderBookModule, {
      parameters: {
        PCXOrderBook: {
          pcc: await pcc.getAddress(),
          calendar: await calendar.getAddress(),
          guardian: guardian.address,
          treasury: treasury.address,
        },
      },
    });
    const book = await ethers.getContractAt("OrderBook", await orderBook.getAddress());
    expect(await book.pcc()).to.equal(await pcc.getAddress());
    expect(await book.quote()).to.equal(await testUsd.getAddress());
    expect(await book.calendar()).to.equal(await calendar.getAddress());
    expect(await book.treasury()).to.equal(treasury.address);
    expect(await book.lotSize()).to.equal(10n ** 18n);
    expect(await book.quotePerTickLot()).to.equal(10n);
    expect(await book.hasRole(id("PAUSER_ROLE"), guardian.address)).to.equal(true);
    expect(await book.hasRole(id("PRICE_BAND_ROLE"), guardian.address)).to.equal(true);
    expect(await book.hasRole(await book.DEFAULT_ADMIN_ROLE(), deployer.address)).to.equal(true);
    const mk = await book.market();
    expect(mk.feeBps).to.equal(10n);
    expect(mk.bandBps).to.equal(2_000n);
    const usd = await ethers.getContractAt("TestUSD", await testUsd.getAddress());
    expect(await usd.decimals()).to.equal(6n);
  });
});
