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
import { addOrderBook } from "./order-book-futures.js";

export default buildModule("PCXOrderBook", (m) =>
  addOrderBook(m, m.getParameter<string>("pcc"), m.getParameter<string>("calendar")),
);
