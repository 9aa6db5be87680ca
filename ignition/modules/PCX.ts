/**
 * Deploys the PCX core with every role wired:
 *   PeriodCalendar → EmissionFactors (default table from sdk/emission-factors.ts) → Registry →
 *   CarbonCredit → EmissionOracle → CarbonBudget.
 * Roles: the deployer is DEFAULT_ADMIN everywhere (hand it to a multisig after deployment);
 * `guardian` may pause token and oracle; `oracleOperator` submits operator-attested readings
 * (device-signed ones anyone may relay); `registrar` enrolls people and records their required
 * meters; `certifierAdmin` names and revokes certifiers; CarbonBudget mints (allowances,
 * rewards), burns (settlement, deficits) and books gap estimates at settlement (SETTLER_ROLE).
 * Gap figures per device kind come from sdk/gap-estimates.ts.
 * CommunityBoard (the opt-in community view, docs/community.md) reads the Registry's enrolment and
 * has no roles to wire.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { id } from "ethers";
import { DEFAULT_FACTORS } from "../../sdk/emission-factors.js";
import { factorToWeiPerBaseUnit } from "../../sdk/units.js";
import { DeviceKind } from "../../sdk/contracts.js";
import { gapEstimateWei } from "../../sdk/gap-estimates.js";

const DAY = 86_400n;

export default buildModule("PCX", (m) => {
  const deployer = m.getAccount(0);
  const guardian = m.getParameter("guardian", deployer);
  const oracleOperator = m.getParameter("oracleOperator", deployer);
  const registrar = m.getParameter("registrar", deployer);
  const certifierAdmin = m.getParameter("certifierAdmin", deployer);

  // Calendar: 30-day periods from 2027-01-01T00:00:00Z by default.
  const genesis = m.getParameter("genesis", 1_798_761_600n);
  const periodLength = m.getParameter("periodLength", 30n * DAY);
  const gracePeriod = m.getParameter("gracePeriod", 3n * DAY);
  const rewardWindow = m.getParameter("rewardWindow", 7n * DAY);
  const calendar = m.contract("PeriodCalendar", [genesis, periodLength, gracePeriod, rewardWindow]);

  const factors = m.contract("EmissionFactors", [deployer, calendar]);
  // Default factors take effect from the period current at deployment (0 before genesis).
  const firstPeriod = m.staticCall(calendar, "currentPeriod", [], 0, { id: "deployPeriod" });
  let previous: ReturnType<typeof m.call> | undefined;
  DEFAULT_FACTORS.forEach((f, i) => {
    const add = m.call(factors, "addFactor", [f.kind, f.key, f.unit], {
      id: `addFactor_${i}`,
      after: previous ? [previous] : [],
    });
    previous = m.call(
      factors,
      "publishVersion",
      [i + 1, firstPeriod, factorToWeiPerBaseUnit(f.value, f.kind), f.source],
      { id: `publishVersion_${i}`, after: [add] },
    );
  });

  const registry = m.contract("Registry", [deployer, factors, calendar]);
  const token = m.contract("CarbonCredit", [deployer]);
  const oracle = m.contract("EmissionOracle", [deployer, registry, factors, calendar]);

  const budget = m.contract("CarbonBudget", [
    deployer,
    token,
    registry,
    oracle,
    calendar,
    {
      fromPeriod: 0,
      rewardRateBps: m.getParameter("rewardRateBps", 5_000n),
      allowance: m.getParameter("allowance", 400n * 10n ** 18n),
      rewardBudget: m.getParameter("rewardBudget", 10_000n * 10n ** 18n),
    },
  ]);

  m.call(token, "grantRole", [id("MINTER_ROLE"), budget], { id: "grant_minter_budget" });
  m.call(token, "grantRole", [id("BURNER_ROLE"), budget], { id: "grant_burner_budget" });
  m.call(token, "grantRole", [id("PAUSER_ROLE"), guardian], { id: "grant_pauser_token" });
  m.call(oracle, "grantRole", [id("ORACLE_ROLE"), oracleOperator], { id: "grant_oracle_operator" });
  m.call(oracle, "grantRole", [id("PAUSER_ROLE"), guardian], { id: "grant_pauser_oracle" });
  m.call(registry, "grantRole", [id("REGISTRAR_ROLE"), registrar], { id: "grant_registrar" });
  m.call(registry, "grantRole", [id("CERTIFIER_ADMIN_ROLE"), certifierAdmin], { id: "grant_certifier_admin" });
  m.call(oracle, "grantRole", [id("SETTLER_ROLE"), budget], { id: "grant_settler_budget" });
  for (const kind of Object.values(DeviceKind)) {
    m.call(oracle, "setGapEstimate", [kind, gapEstimateWei(kind)], { id: `setGapEstimate_${kind}` });
  }

  const community = m.contract("CommunityBoard", [registry]);

  return { calendar, factors, registry, token, oracle, budget, community };
});
