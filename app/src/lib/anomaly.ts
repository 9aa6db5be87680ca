/**
 * The oracle's anomaly status of a meter (oracle/anomaly.ts: a robust z-score of each reading's
 * power against the meter's own time-of-day profile; a meter is flagged after several high scores
 * in a row), fetched from the oracle's API (`GET /devices/<address>/anomaly`, allowed for the
 * dApp's origin) and turned into what the household sees on the meters page. A score never drops
 * a reading: it only asks someone to look.
 */
import type { AnomalyStatus } from "@sdk/anomaly-status";
export type { AnomalyStatus };

export type AnomalyView =
  | { kind: "flagged"; score: number; since: number | null }
  | { kind: "high"; score: number; streak: number }
  | { kind: "normal"; score: number }
  | { kind: "warmup" }
  | { kind: "unavailable" };

/** |score| from which a single reading counts as high (the oracle's default threshold). */
export const HIGH_SCORE = 3.5;

/** The anomaly status of `device`, or undefined if the oracle has scored none of its readings yet. */
export async function fetchAnomaly(oracleUrl: string, device: string, fetcher: typeof fetch = fetch): Promise<AnomalyStatus | undefined> {
  const res = await fetcher(new URL(`/devices/${device}/anomaly`, oracleUrl), { signal: AbortSignal.timeout(5_000) });
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`oracle answered ${res.status}`);
  return (await res.json()) as AnomalyStatus;
}

/** What to show for a status (undefined = nothing scored yet; null = the oracle could not be reached). */
export function anomalyView(status: AnomalyStatus | undefined | null): AnomalyView {
  if (status === null) return { kind: "unavailable" };
  if (status === undefined || status.lastScore === null) return { kind: "warmup" };
  const score = Math.abs(status.lastScore);
  if (status.flagged) return { kind: "flagged", score, since: status.flaggedAt };
  if (score >= HIGH_SCORE) return { kind: "high", score, streak: status.streak };
  return { kind: "normal", score };
}
