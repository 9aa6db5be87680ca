/**
 * Daily load curves of a simulated household, in base units per hour of each device kind
 * (Wh/h = W for electricity, L/h for gas, m/h for driving). Deterministic per household, so a
 * run is reproducible. Shapes follow typical residential profiles: an electricity base load with
 * morning and evening peaks, gas heating in the morning and evening, and two commute trips.
 */
import { DeviceKind } from "../../sdk/contracts.js";
import { MAX_RATE_PER_HOUR } from "../plausibility.js";

/** A household's size factor in [0.7, 1.4], fixed by its index. */
export function householdScale(household: number): number {
  return 0.7 + ((household * 7919) % 71) / 100;
}

/** Bump of height 1 centred on `centre` hours with half-width `width` (cosine shape). */
function bump(hour: number, centre: number, width: number): number {
  const d = Math.abs(hour - centre);
  return d >= width ? 0 : 0.5 * (1 + Math.cos((Math.PI * d) / width));
}

/** Consumption rate (base units per hour) of `kind` for `household` at `hour` (0–24, fractional). */
export function loadRate(kind: DeviceKind, household: number, hour: number): number {
  const s = householdScale(household);
  switch (kind) {
    case DeviceKind.Electricity: // W: 250 W base, 0.8 kW breakfast, 1.5 kW evening
      return s * (250 + 800 * bump(hour, 7.5, 1.5) + 1500 * bump(hour, 19.5, 2.5));
    case DeviceKind.NaturalGas: // L/h: heating 100 L/h idle, 500 L/h peaks (~5 kW)
      return s * (100 + 400 * bump(hour, 7, 2) + 400 * bump(hour, 20, 3));
    case DeviceKind.VehicleDistance: // m/h: two 30-minute commutes at ~40 km/h
      return s * 40_000 * (bump(hour, 8, 0.5) + bump(hour, 17.75, 0.5));
    default:
      return s * 100;
  }
}

/** Peak rate of `kind` over a day for the largest household (scale 1.4), sampled per minute. */
export function peakRate(kind: DeviceKind): number {
  let max = 0;
  for (let m = 0; m < 24 * 60; m++) max = Math.max(max, loadRate(kind, 0, m / 60) / householdScale(0) * 1.4);
  return max;
}

/** The largest time acceleration keeping every curve under the oracle's plausibility limits. */
export function maxSpeed(kinds: readonly DeviceKind[]): number {
  return Math.min(...kinds.map((k) => Number(MAX_RATE_PER_HOUR[k]) / peakRate(k)));
}
