/**
 * The order book's futures, shared by the standalone PCXOrderBook module (public networks, next
 * to an existing core) and PCXLocal (the local chain, wired to the freshly deployed core).
 * Deploys TestUSD as the quote token, the OrderBook, and wires its roles and trading rules.
 */
import type { BaseArgumentType, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import { id } from "ethers";

/** An address argument: a deployed contract's future, a module parameter, or a literal. */
type Address = BaseArgumentType;

export function addOrderBook(m: IgnitionModuleBuilder, pcc: Address, calendar: Address) {
  const deployer = m.getAccount(0);
  const treasury = m.getParameter("treasury", deployer);
  const guardian = m.getParameter("guardian", deployer);
  const lotSize = m.getParameter("lotSize", 10n ** 18n);
  const quotePerTickLot = m.getParameter("quotePerTickLot", 10n);
  const feeBps = m.getParameter("feeBps", 10n);
  const bandBps = m.getParameter("bandBps", 2_000n);

  const testUsd = m.contract("TestUSD");
  const orderBook = m.contract("OrderBook", [deployer, pcc, testUsd, calendar, treasury, lotSize, quotePerTickLot]);

  m.call(orderBook, "grantRole", [id("PAUSER_ROLE"), guardian], { id: "grantPauser" });
  m.call(orderBook, "grantRole", [id("PRICE_BAND_ROLE"), guardian], { id: "grantGuardianBand" });
  const feeRole = m.call(orderBook, "grantRole", [id("FEE_ROLE"), deployer], { id: "grantFee" });
  const bandRole = m.call(orderBook, "grantRole", [id("PRICE_BAND_ROLE"), deployer], { id: "grantBand" });
  m.call(orderBook, "grantRole", [id("LIMIT_ROLE"), deployer], { id: "grantLimit" });
  m.call(orderBook, "setFee", [feeBps], { after: [feeRole] });
  m.call(orderBook, "setBand", [bandBps], { after: [bandRole] });

  return { orderBook, testUsd };
}
