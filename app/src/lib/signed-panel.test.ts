import { describe, expect, it } from "vitest";
import { OracleError } from "./oracle-session";
import { panelState } from "./signed-panel";
import type { DeviceReadings } from "./signed-readings";

const none = { signedIn: false, signing: false, signInError: null, readError: null, data: undefined };
const data: DeviceReadings[] = [{ device: "0x0000000000000000000000000000000000000001", pending: [], confirmed: undefined, unverified: 0, refused: false }];
const err = (p: ConstructorParameters<typeof OracleError>[0]) => new OracleError(p, p);

describe("the latest readings panel's state", () => {
  it("asks before any signature, then waits for the wallet", () => {
    expect(panelState(none).kind).toBe("intro");
    expect(panelState({ ...none, signing: true }).kind).toBe("signing");
  });
  it("names a declined signature, a sign-in the oracle refused, and an oracle that does not answer", () => {
    expect(panelState({ ...none, signInError: err("declined") }).kind).toBe("declined");
    expect(panelState({ ...none, signInError: err("signInRejected") }).kind).toBe("rejected");
    expect(panelState({ ...none, signInError: err("unreachable") }).kind).toBe("unreachable");
    expect(panelState({ ...none, signInError: new TypeError("Failed to fetch") }).kind).toBe("unreachable");
    expect(panelState({ ...none, signedIn: true, readError: err("unreachable") }).kind).toBe("unreachable");
  });
  it("says the sign-in ended when the oracle no longer knows it", () => {
    expect(panelState({ ...none, readError: err("signInNeeded"), data }).kind).toBe("expired");
    // signed in again: loading (or the last readings), not "the oracle is silent"
    expect(panelState({ ...none, signedIn: true, readError: err("signInNeeded") }).kind).toBe("loading");
    expect(panelState({ ...none, signedIn: true, readError: err("signInNeeded"), data })).toEqual({ kind: "ready", devices: data, stale: false });
  });
  it("shows the readings, marked stale while the oracle stops answering", () => {
    expect(panelState({ ...none, signedIn: true }).kind).toBe("loading");
    expect(panelState({ ...none, signedIn: true, data })).toEqual({ kind: "ready", devices: data, stale: false });
    expect(panelState({ ...none, signedIn: true, data, readError: err("unreachable") })).toEqual({ kind: "ready", devices: data, stale: true });
  });
});
