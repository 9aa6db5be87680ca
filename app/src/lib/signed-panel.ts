/**
 * What the dashboard's "Latest readings" panel shows, from the sign-in and the reads
 * (lib/oracle-session.ts, lib/signed-readings.ts): a pure rule, so every designed state is tested.
 *   intro        never signed in here: why a signature is asked, and the button (no prompt on load)
 *   signing      the wallet is asking the person
 *   declined     the person declined the signature
 *   rejected     the oracle did not accept the signed message
 *   expired      the sign-in ended (token expired, or the oracle answered 401): sign in again
 *   unreachable  the oracle did not answer (a sentence; the panel keeps polling)
 *   loading      signed in, the first answer on its way
 *   ready        the readings (`stale`: the oracle stopped answering since)
 */
import { OracleError } from "./oracle-session";
import type { DeviceReadings } from "./signed-readings";

export type PanelState =
  | { kind: "intro" | "signing" | "declined" | "rejected" | "expired" | "unreachable" | "loading" }
  | { kind: "ready"; devices: DeviceReadings[]; stale: boolean };

const problemOf = (error: unknown) => (error instanceof OracleError ? error.problem : "unreachable");

export function panelState(s: { signedIn: boolean; signing: boolean; signInError: unknown; readError: unknown; data: DeviceReadings[] | undefined }): PanelState {
  if (s.signing) return { kind: "signing" };
  if (!s.signedIn) {
    if (s.signInError) {
      const p = problemOf(s.signInError);
      return { kind: p === "declined" ? "declined" : p === "signInRejected" ? "rejected" : "unreachable" };
    }
    return { kind: s.readError && problemOf(s.readError) === "signInNeeded" ? "expired" : "intro" };
  }
  // Signed in again after an expiry: the old "sign in" error is not the oracle's silence.
  const silent = Boolean(s.readError) && problemOf(s.readError) !== "signInNeeded";
  if (s.data) return { kind: "ready", devices: s.data, stale: silent };
  return { kind: silent ? "unreachable" : "loading" };
}
