import { describe, expect, it } from "vitest";
import { DEVICE_STATUS, deviceStatusView, revokeAction } from "./devices";

describe("device status and revocation on the meters page", () => {
  const now = 1_000n;
  it("shows an owner revocation as pending until its effective time, then the effective status", () => {
    expect(deviceStatusView(DEVICE_STATUS.Active, 0, now)).toEqual({ key: "meters.status.1" });
    expect(deviceStatusView(DEVICE_STATUS.Active, 1_060, now)).toEqual({ key: "meters.status.pending", at: 1_060n });
    expect(deviceStatusView(DEVICE_STATUS.Revoked, 900, now)).toEqual({ key: "meters.status.2" });
    expect(deviceStatusView(DEVICE_STATUS.Uncertified, 0, now)).toEqual({ key: "meters.status.3" });
    expect(deviceStatusView(9, 0, now)).toEqual({ key: "meters.status.0" });
  });
  it("locks a required meter, asks before revoking an optional one, offers nothing once revocation is scheduled", () => {
    expect(revokeAction(true, DEVICE_STATUS.Active, 0)).toBe("locked");
    expect(revokeAction(false, DEVICE_STATUS.Active, 0)).toBe("confirm");
    expect(revokeAction(false, DEVICE_STATUS.Active, 1_060)).toBe("none");
    expect(revokeAction(false, DEVICE_STATUS.Revoked, 900)).toBe("none");
    expect(revokeAction(true, DEVICE_STATUS.Uncertified, 0)).toBe("none");
  });
});
