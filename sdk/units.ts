/**
 * Units shared by contracts, oracle and app.
 * - PCC has 18 decimals: 1 PCC = 1 kg CO2e = 10^18 wei.
 * - An emission factor's on-chain value is PCC wei per base unit of its device kind, so
 *   emissions (wei) = register delta × value, exactly.
 */
import type { DeviceKind } from "./generated/enums.js";

export const PCC_DECIMALS = 18;
export const WEI_PER_KG = 10n ** 18n;

/** A device kind: `DeviceKind` of contracts/libraries/DeviceKinds.sol (its values: sdk/contracts.ts). */
export type { DeviceKind };

/** Base unit of each device kind's cumulative register. */
export const BASE_UNIT: Record<DeviceKind, string> = {
  0: "Wh",
  1: "L",
  2: "m",
  3: "mL",
  4: "L",
  5: "Wh",
  6: "0.01 currency unit",
};

/** How many base units make one published unit (kWh → 1000 Wh, m³ → 1000 L, km → 1000 m, L → 1000 mL). */
export const BASE_UNITS_PER_PUBLISHED_UNIT: Record<DeviceKind, bigint> = {
  0: 1000n,
  1: 1000n,
  2: 1000n,
  3: 1000n,
  4: 1000n,
  5: 1000n,
  6: 100n,
};

/**
 * Converts a published factor ("0.5366" kg per kWh) into the on-chain value (PCC wei per base
 * unit). Exact decimal arithmetic; throws if the result is not an integer number of wei.
 */
export function factorToWeiPerBaseUnit(kgPerPublishedUnit: string, kind: DeviceKind): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(kgPerPublishedUnit.trim());
  if (!m) throw new Error(`not a non-negative decimal: ${kgPerPublishedUnit}`);
  const frac = m[2] ?? "";
  if (frac.length > 18) throw new Error(`more than 18 decimals: ${kgPerPublishedUnit}`);
  const wei = BigInt(m[1] + frac.padEnd(18, "0"));
  const per = BASE_UNITS_PER_PUBLISHED_UNIT[kind];
  if (wei % per !== 0n) throw new Error(`${kgPerPublishedUnit} per published unit is not a whole number of wei per base unit`);
  return wei / per;
}

/** Formats PCC wei as a decimal kg string with up to `digits` fraction digits. */
export function formatKg(wei: bigint, digits = 3): string {
  const neg = wei < 0n;
  const abs = neg ? -wei : wei;
  const whole = abs / WEI_PER_KG;
  const frac = (abs % WEI_PER_KG).toString().padStart(18, "0").slice(0, digits).replace(/0+$/, "");
  return `${neg ? "-" : ""}${whole}${frac ? "." + frac : ""}`;
}
