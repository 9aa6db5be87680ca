/**
 * The conservative figures EmissionOracle books for a silent required meter (IEmissionOracle
 * gap estimates): PCC (kg CO2e) per whole period, penalty included, scaled on chain by the
 * uncovered share of the period. One table, deployed by ignition/modules/PCX.ts.
 *
 * Basis (30-day period): a heavy household's month at the default factors, × 1.5 penalty, so that
 * a silent meter never books less than an honest one would (EU ETS data-gap rule: conservative
 * substitute values). Electricity: 1,000 kWh × 0.5366 kg/kWh × 1.5 ≈ 800 kg. Natural gas:
 * 200 m³ × 2.0 kg/m³ × 1.5 = 600 kg. Vehicle: 2,000 km × 0.17 kg/km × 1.5 ≈ 500 kg.
 */
import { WEI_PER_KG } from "./units.js";
import { DeviceKind } from "./contracts.js";

export const GAP_ESTIMATE_KG_PER_PERIOD: Record<DeviceKind, bigint> = {
  [DeviceKind.Electricity]: 800n,
  [DeviceKind.NaturalGas]: 600n,
  [DeviceKind.VehicleDistance]: 500n,
  [DeviceKind.VehicleFuel]: 500n,
  [DeviceKind.Water]: 10n,
  [DeviceKind.Heat]: 800n,
  [DeviceKind.Spend]: 300n,
};

/** The on-chain figure (PCC wei per period) of `kind`. */
export function gapEstimateWei(kind: DeviceKind): bigint {
  return GAP_ESTIMATE_KG_PER_PERIOD[kind] * WEI_PER_KG;
}

/** Bit mask of required meter kinds, as Registry.setRequiredMeters takes it. */
export function kindMask(kinds: readonly DeviceKind[]): number {
  return kinds.reduce<number>((m, k) => m | (1 << k), 0);
}
