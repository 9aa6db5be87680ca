/**
 * The local development deployment: the PCX core (ignition/parameters/local.json gives it
 * five-minute periods), the order book with its TestUSD quote token, the demo households of
 * sdk/local-chain.ts enrolled by the registrar with their required meters (electricity and gas,
 * sdk/demo.ts DEMO_REQUIRED_KINDS), and two certifiers: the demo meter manufacturer
 * (sdk/demo.ts DEMO_CERTIFIER_KEY, Certified tier) and the local oracle operator (Hardhat
 * account 1, OperatorAttested tier, for Tasmota/Shelly plugs).
 * Their devices are bound by scripts/seed-local.ts, because a binding needs each device key's
 * EIP-712 signature over the deployed Registry's address.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { HARDHAT_ACCOUNTS, LOCAL_ROLES } from "../../sdk/local-chain.js";
import { DEMO_CERTIFIER_NAME, DEMO_REQUIRED_KINDS, demoCertifierWallet } from "../../sdk/demo.js";
import { CertifierTier } from "../../sdk/certificates.js";
import { kindMask } from "../../sdk/gap-estimates.js";
import PCX from "./PCX.js";
import { addOrderBook } from "./order-book-futures.js";

export default buildModule("PCXLocal", (m) => {
  const core = m.useModule(PCX);
  for (const index of LOCAL_ROLES.households) {
    const enroll = m.call(core.registry, "enroll", [HARDHAT_ACCOUNTS[index]], { id: `enroll_household_${index}` });
    m.call(core.registry, "setRequiredMeters", [HARDHAT_ACCOUNTS[index], kindMask(DEMO_REQUIRED_KINDS)], {
      id: `required_meters_${index}`,
      after: [enroll],
    });
  }
  m.call(core.registry, "addCertifier", [demoCertifierWallet().address, CertifierTier.Certified, DEMO_CERTIFIER_NAME], {
    id: "certifier_demo",
  });
  m.call(
    core.registry,
    "addCertifier",
    [HARDHAT_ACCOUNTS[LOCAL_ROLES.oracleOperator], CertifierTier.OperatorAttested, "PCX local oracle operator"],
    { id: "certifier_local_operator" },
  );
  const book = addOrderBook(m, core.token, core.calendar);
  return { ...core, ...book };
});
