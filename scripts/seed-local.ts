/**
 * Seeds the local chain after `ignition deploy ignition/modules/PCXLocal.ts` (run by `npm run dev`
 * and the end-to-end tests with `hardhat run scripts/seed-local.ts --network localhost`):
 *   - binds the demo devices of sdk/demo.ts to the enrolled demo households (the demo certifier
 *     signs each DeviceCertificate and each device key its DeviceBinding, as in production);
 *   - households claim this period's allowance; everyone gets TestUSD from the faucet;
 *   - opens the market: a reference price, households' asks above it, market makers' bids below.
 * Idempotent enough to re-run: already bound devices and claimed allowances are skipped.
 */
import { network } from "hardhat";
import { MaxUint256 } from "ethers";
import { loadAddresses } from "../sdk/deployment.js";
import { demoDevices, localCertifiedBinding } from "../sdk/demo.js";
import { HARDHAT_ACCOUNTS, LOCAL_CHAIN_ID, LOCAL_ROLES } from "../sdk/local-chain.js";
import { OrderKind, Side } from "../sdk/orderbook.js";

/** Opening price: tick 5,000 = 50,000 quote units (0.05 tUSD) per kg, i.e. 50 tUSD per tonne. */
export const OPENING_TICK = 5_000;

const { ethers } = await network.create();
const chainId = (await ethers.provider.getNetwork()).chainId;
const a = loadAddresses(chainId === BigInt(LOCAL_CHAIN_ID) ? LOCAL_CHAIN_ID : chainId);
for (const name of ["Registry", "EmissionFactors", "CarbonBudget", "CarbonCredit", "OrderBook", "TestUSD"] as const) {
  if (!a[name]) throw new Error(`${name} is not in the local deployment; deploy ignition/modules/PCXLocal.ts first`);
}
const signers = await ethers.getSigners();
const signerOf = (address: string) => {
  const s = signers.find((x) => x.address.toLowerCase() === address.toLowerCase());
  if (!s) throw new Error(`no local signer for ${address}`);
  return s;
};

const registry = await ethers.getContractAt("Registry", a.Registry!);
const factors = await ethers.getContractAt("EmissionFactors", a.EmissionFactors!);
const budget = await ethers.getContractAt("CarbonBudget", a.CarbonBudget!);
const token = await ethers.getContractAt("CarbonCredit", a.CarbonCredit!);
const book = await ethers.getContractAt("OrderBook", a.OrderBook!);
const usd = await ethers.getContractAt("TestUSD", a.TestUSD!);
const calendar = await ethers.getContractAt("PeriodCalendar", a.PeriodCalendar!);

// 1. Demo devices, certified by the demo certifier (the first electricity and gas meters fill
//    each household's required meters).
let bound = 0;
for (const d of demoDevices(LOCAL_ROLES.households.length)) {
  if (!d.owner) continue;
  if ((await registry.device(d.wallet.address)).status !== 0n) continue;
  const factorId = Number(await factors.factorIdOf(d.factorKey));
  const args = await localCertifiedBinding(d.wallet, d.owner, d.kind, factorId, chainId, a.Registry!);
  await (await registry.connect(signerOf(d.owner)).bindDevice(...args)).wait();
  bound++;
}

// 2. Allowances and TestUSD.
const period = await calendar.currentPeriod();
const households = LOCAL_ROLES.households.map((i) => signerOf(HARDHAT_ACCOUNTS[i]));
const makers = LOCAL_ROLES.marketMakers.map((i) => signerOf(HARDHAT_ACCOUNTS[i]));
for (const h of households) {
  if (!(await budget.allowanceClaimed(h.address, period))) await (await budget.connect(h).claimAllowance(period)).wait();
}
for (const s of [...households, ...makers]) {
  if ((await usd.balanceOf(s.address)) === 0n) await (await usd.connect(s).faucet()).wait();
}

// 3. Opening book: asks from households above the reference, bids from market makers below.
const deployer = signers[0];
await (await book.connect(deployer).setReferenceTick(OPENING_TICK)).wait();
let orders = 0;
for (const [i, h] of households.entries()) {
  await (await token.connect(h).approve(a.OrderBook!, MaxUint256)).wait();
  await (await book.connect(h).placeOrder(Side.Ask, OPENING_TICK + 50 * (i + 1), 20n, OrderKind.GoodTillCancel, 0, 0)).wait();
  orders++;
}
for (const [j, m] of makers.entries()) {
  await (await usd.connect(m).approve(a.OrderBook!, MaxUint256)).wait();
  for (let k = 0; k < 3; k++) {
    await (await book.connect(m).placeOrder(Side.Bid, OPENING_TICK - 50 * (j + 1) - 100 * k, 15n, OrderKind.GoodTillCancel, 0, 0)).wait();
    orders++;
  }
}
console.log(JSON.stringify({ msg: "seeded", chainId: chainId.toString(), period: period.toString(), devicesBound: bound, orders }));
