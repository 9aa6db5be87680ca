/**
 * The local development deployment: the PCX core (ignition/parameters/local.json gives it
 * five-minute periods), the order book with its TestUSD quote token, and the demo households of sdk/local-chain.ts enrolled by the registrar.
 * Their devices are bound by scripts/seed-local.ts, because a binding needs each device key's
 * EIP-712 signature over the deployed Registry's address.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { HARDHAT_ACCOUNTS, LOCAL_ROLES } from "../../sdk/local-chain.js";
import PCX from "./PCX.js";
import { addOrderBook } from "./order-book-futures.js";

export default buildModule("PCXLocal", (m) => {
  const core = m.useModule(PCX);
  for (const index of LOCAL_ROLES.households) {
    m.call(core.registry, "enroll", [HARDHAT_ACCOUNTS[index]], { id: `enroll_household_${index}` });
  }
  const book = addOrderBook(m, core.token, core.calendar);
  return { ...core, ...book };
});
