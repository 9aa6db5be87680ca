/**
 * Order book test fixture: the real PCC token (CarbonCredit, admin = `admin`, who also holds
 * MINTER_ROLE to fund the traders), TestUSD, a PeriodCalendar with 1-day periods starting now,
 * and an OrderBook with 1 PCC lots and 10 quote units per lot per tick.
 * Makers and takers are funded and have approved the book.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { MaxUint256, id as roleId, type ContractTransactionReceipt } from "ethers";

export const E18 = 10n ** 18n;
export const LOT = E18;
export const QPTL = 10n; // quote units per lot per tick
export const PERIOD = 86_400n;
export const BID = 0;
export const ASK = 1;
export const GTC = 0;
export const IOC = 1;
export const POST_ONLY = 2;

export const ROLES = {
  pauser: roleId("PAUSER_ROLE"),
  fee: roleId("FEE_ROLE"),
  band: roleId("PRICE_BAND_ROLE"),
  limit: roleId("LIMIT_ROLE"),
};

/** CarbonCredit's minting role (keccak256("MINTER_ROLE")). */
export const MINTER_ROLE = roleId("MINTER_ROLE");
/** Grace and reward windows of the test calendar (the order book reads neither). */
export const GRACE = 3_600n;
export const REWARD_WINDOW = 7n * 86_400n;

/** Deploys the real CarbonCredit with `admin` as admin and minter. */
export async function deployCarbonCredit(ethers: HardhatEthers, admin: HardhatEthersSigner) {
  const pcc = await ethers.deployContract("CarbonCredit", [admin.address], admin);
  await pcc.grantRole(MINTER_ROLE, admin.address);
  return pcc;
}

/** Deploys the real PeriodCalendar starting at `genesis` with periods of `periodLength` seconds. */
export async function deployCalendar(ethers: HardhatEthers, genesis: bigint, periodLength: bigint) {
  return ethers.deployContract("PeriodCalendar", [genesis, periodLength, GRACE, REWARD_WINDOW]);
}

export async function deployBookFixture(ethers: HardhatEthers, helpers: NetworkHelpers) {
  const [admin, treasury, alice, bob, carol, dave, stranger] = await ethers.getSigners();
  const genesis = BigInt(await helpers.time.latest()) - 100n;
  const pcc = await deployCarbonCredit(ethers, admin);
  const usd = await ethers.deployContract("TestUSD");
  const calendar = await deployCalendar(ethers, genesis, PERIOD);
  const book = await ethers.deployContract("OrderBook", [
    admin.address,
    pcc,
    usd,
    calendar,
    treasury.address,
    LOT,
    QPTL,
  ]);
  for (const role of Object.values(ROLES)) await book.grantRole(role, admin.address);
  for (const s of [alice, bob, carol, dave]) {
    await pcc.mint(s.address, 1_000_000n * E18);
    await usd.connect(s).faucet();
    await (pcc.connect(s) as typeof pcc).approve(book, MaxUint256);
    await usd.connect(s).approve(book, MaxUint256);
  }
  return { ethers, helpers, admin, treasury, alice, bob, carol, dave, stranger, pcc, usd, calendar, book, genesis };
}

export type BookFixture = Awaited<ReturnType<typeof deployBookFixture>>;

/** The orderId of the OrderPlaced event in a receipt (0n if none). */
export function placedId(f: BookFixture, receipt: ContractTransactionReceipt | null): bigint {
  for (const log of receipt?.logs ?? []) {
    const parsed = f.book.interface.parseLog(log);
    if (parsed?.name === "OrderPlaced") return parsed.args.orderId as bigint;
  }
  return 0n;
}

/** Places an order and returns its id (0n when nothing rests). */
export async function place(
  f: BookFixture,
  who: HardhatEthersSigner,
  side: number,
  tick: bigint | number,
  lots: bigint | number,
  kind = GTC,
  expiry: bigint | number = 0,
  maxTicks = 0,
): Promise<bigint> {
  const tx = await f.book.connect(who).placeOrder(side, tick, lots, kind, expiry, maxTicks);
  return placedId(f, await tx.wait());
}

export function quoteFor(lots: bigint, tick: bigint): bigint {
  return lots * tick * QPTL;
}
