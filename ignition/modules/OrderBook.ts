/**
 * Deploys the PCC order book with the TestUSD faucet token as its quote token.
 * Standalone on purpose: it takes the already deployed PCC token and calendar as parameters
 * (`pcc`, `calendar`), so the main module can wire it with `m.useModule` + parameters, and a
 * testnet can deploy it next to an existing core.
 *
 * Parameters (module id "PCXOrderBook"):
 *   pcc, calendar        addresses of CarbonCredit and PeriodCalendar (required)
 *   treasury             receives taker fees (default: deployer)
 *   guardian             PAUSER_ROLE and PRICE_BAND_ROLE (default: deployer)
 *   lotSize              PCC wei per lot (default 1e18 = 1 PCC = 1 kg CO2e)
 *   quotePerTickLot      quote units per lot per tick (default 10 = 0.00001 tUSD)
 *   feeBps               taker fee (default 10 = 0.1 %, capped on chain at 100)
 *   bandBps              price band half-width (default 2,000 = ±20 % around the last close)
 * The deployer keeps DEFAULT_ADMIN_ROLE, FEE_ROLE, PRICE_BAND_ROLE and LIMIT_ROLE.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { id } from "ethers";

export default buildModule("PCXOrderBook", (m) => {
  const deployer = m.getAccount(0);
  const pcc = m.getParameter<string>("pcc");
  const calendar = m.getParameter<string>("calendar");
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
});
