/**
 * The anomaly status of a meter as the oracle's API serves it (`GET /devices/<address>/anomaly`,
 * oracle/anomaly.ts) and the dApp reads it (app/src/lib/anomaly.ts). Types only: no runtime
 * imports, so the browser bundle can use it.
 */
export type ScoreBasis = "hour" | "overall";

export interface RecentScore {
  timestamp: number;
  /** Average power since the previous reading, base units per hour. */
  power: number;
  /** Robust z-score, or null during warm-up. */
  score: number | null;
  basis: ScoreBasis | null;
}

export interface AnomalyStatus {
  device: string;
  flagged: boolean;
  /** Unix seconds (reading timestamp) when the device was last flagged, or null. */
  flaggedAt: number | null;
  /** High scores in a row so far. */
  streak: number;
  lastScore: number | null;
  recent: RecentScore[];
}
