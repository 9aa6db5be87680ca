/**
 * Physical plausibility limits per device kind: the most a household device can add to its
 * register per hour, in the kind's base unit (DeviceKinds.sol). A delta above
 * rate × max(elapsed, MIN_WINDOW_S) is refused ("no 500 kWh in a minute").
 */
import { DeviceKind } from "../sdk/units.js";

export const MAX_RATE_PER_HOUR: Record<DeviceKind, bigint> = {
  [DeviceKind.Electricity]: 100_000n, // Wh/h = 100 kW (a large house with EV charging)
  [DeviceKind.NaturalGas]: 12_000n, // L/h = 12 m³/h (~130 kW boiler)
  [DeviceKind.VehicleDistance]: 250_000n, // m/h = 250 km/h
  [DeviceKind.VehicleFuel]: 120_000n, // mL/h = 120 L/h
  [DeviceKind.Water]: 6_000n, // L/h
  [DeviceKind.Heat]: 150_000n, // Wh/h = 150 kW district heat
  [DeviceKind.Spend]: 1_000_000n, // cents/h = 10,000 currency units per hour
};

/** Short gaps are judged over at least this window, so meter jitter is not refused. */
export const MIN_WINDOW_S = 60n;

/** The largest register increase plausible for `kind` over `elapsedS` seconds. */
export function maxPlausibleDelta(kind: DeviceKind, elapsedS: bigint): bigint {
  const window = elapsedS > MIN_WINDOW_S ? elapsedS : MIN_WINDOW_S;
  const rate = MAX_RATE_PER_HOUR[kind];
  return (rate * window + 3599n) / 3600n;
}
