/**
 * Exact register arithmetic for operator-attested devices.
 * - Devices report floats (Tasmota kWh, Shelly Wh with decimals). `toScaledInteger` turns the
 *   number's shortest decimal representation into an integer count of 10^-decimals units,
 *   rounding half up beyond that resolution — no binary float error ever accumulates.
 * - A device reset (or a register reset) makes the raw register go down. The oracle keeps a
 *   per-device offset (sum of the registers lost to resets) so the on-chain cumulative
 *   (offset + raw) never decreases and no negative emissions can arise.
 */
import type { AdapterState } from "../outbox.js";

/** `value` × 10^decimals as an exact integer (half-up rounding); throws on negative/non-finite. */
export function toScaledInteger(value: number, decimals: number): bigint {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`not a finite non-negative number: ${value}`);
  let text = String(value);
  if (/e/i.test(text)) text = value.toFixed(20).replace(/0+$/, "");
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) throw new RangeError(`cannot read ${value} as a decimal`);
  const whole = m[1]!;
  const frac = m[2] ?? "";
  const kept = frac.slice(0, decimals).padEnd(decimals, "0");
  let scaled = BigInt(whole + kept);
  if (frac.length > decimals && frac.charCodeAt(decimals) >= 53 /* '5' */) scaled += 1n;
  return scaled;
}

/** The register state after a new raw reading; detects resets. */
export function advanceRegister(
  previous: AdapterState | undefined,
  raw: bigint,
): { state: AdapterState; reset: boolean } {
  if (raw < 0n) throw new RangeError("raw register is negative");
  if (!previous) return { state: { lastRaw: raw, offset: 0n, seq: 0n }, reset: false };
  const reset = raw < previous.lastRaw;
  const offset = reset ? previous.offset + previous.lastRaw : previous.offset;
  return { state: { lastRaw: raw, offset, seq: previous.seq }, reset };
}

/** On-chain cumulative (base units) of a register state: floor((offset + raw) / rawPerBaseUnit). */
export function cumulativeOf(state: AdapterState, rawPerBaseUnit: bigint): bigint {
  return (state.offset + state.lastRaw) / rawPerBaseUnit;
}
