/**
 * Physical plausibility limits per device kind: the most a household device can add to its
 * register per hour, in the kind's base unit (DeviceKinds.sol).
 *
 * Two rules, both in exact integers:
 *  - per reading: a delta above rate × max(elapsed, MIN_WINDOW_S) is refused ("no 500 kWh in a
 *    minute");
 *  - across readings: a per-device allowance accrues at the rate for every second of elapsed
 *    time between readings, each accepted delta spends it, and at most JITTER_CREDIT_S seconds
 *    of unspent allowance carry over to the next reading. So over any run of accepted readings
 *    the register rises by at most rate × (t_last − t_first + JITTER_CREDIT_S): a burst of
 *    readings in one second cannot each claim a minute's maximum, and equal timestamps add
 *    nothing beyond the carried credit.
 */
import { DeviceKind } from "../sdk/contracts.js";

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

/**
 * The most unspent allowance a device carries from one reading to the next, in seconds at the
 * kind's maximum rate. A device's first reading starts with this full credit; afterwards it
 * refills only from elapsed time the device did not use.
 */
export const JITTER_CREDIT_S = 60n;

/** The largest register increase plausible for `kind` over `elapsedS` seconds (one reading). */
export function maxPlausibleDelta(kind: DeviceKind, elapsedS: bigint): bigint {
  const window = elapsedS > MIN_WINDOW_S ? elapsedS : MIN_WINDOW_S;
  const rate = MAX_RATE_PER_HOUR[kind];
  return (rate * window + 3599n) / 3600n;
}

/**
 * Allowances are kept exactly in "rate-seconds": base units × 3600, i.e. MAX_RATE_PER_HOUR ×
 * seconds. The full carried credit of `kind`:
 */
export function fullCredit(kind: DeviceKind): bigint {
  return MAX_RATE_PER_HOUR[kind] * JITTER_CREDIT_S;
}

/**
 * Spends `delta` from the allowance accrued over `elapsedS` plus the carried `credit`
 * (rate-seconds). Returns the credit carried to the next reading (≤ fullCredit), or undefined
 * if `delta` exceeds the allowance. `available` is what could have been spent, in base units.
 */
export function spendAllowance(
  kind: DeviceKind,
  elapsedS: bigint,
  delta: bigint,
  credit: bigint,
): { ok: true; credit: bigint } | { ok: false; available: bigint } {
  const cap = fullCredit(kind);
  const carried = credit < 0n ? 0n : credit > cap ? cap : credit;
  const available = MAX_RATE_PER_HOUR[kind] * (elapsedS > 0n ? elapsedS : 0n) + carried;
  const need = delta * 3600n;
  if (need > available) return { ok: false, available: available / 3600n };
  const left = available - need;
  return { ok: true, credit: left < cap ? left : cap };
}
