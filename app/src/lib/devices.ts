/**
 * How the meters page shows a bound device (IRegistry): its effective status, with a scheduled
 * owner revocation as "pending until", and what its revoke button may do.
 */

import { DeviceStatus } from "@sdk/generated/enums";

/** IRegistry.DeviceStatus (generated from the build). */
export const DEVICE_STATUS = DeviceStatus;

export type StatusView = { key: "meters.status.pending"; at: bigint } | { key: `meters.status.${0 | 1 | 2 | 3}` };

/** The status line of a device: effective status, or "active, revocation pending until …". */
export function deviceStatusView(status: number, revokeAt: number | bigint, now: bigint): StatusView {
  const at = BigInt(revokeAt);
  if (status === DEVICE_STATUS.Active && at !== 0n && at > now) return { key: "meters.status.pending", at };
  const s = status >= 0 && status <= 3 ? status : 0;
  return { key: `meters.status.${s as 0 | 1 | 2 | 3}` };
}

/**
 * What the revoke button does: "locked" (a required meter: disabled, with the reason), "confirm"
 * (an optional active device: ask, then revoke from the end of the period's grace window), or
 * "none" (already revoked, pending or uncertified: no button).
 */
export function revokeAction(required: boolean, status: number, revokeAt: number | bigint): "locked" | "confirm" | "none" {
  if (required && status === DEVICE_STATUS.Active) return "locked";
  if (status === DEVICE_STATUS.Active && BigInt(revokeAt) === 0n) return "confirm";
  return "none";
}
