/**
 * What the dashboard asks the indexer for one household, timed: the progress probe (Ponder's
 * /status and /api/progress) and the history query (every period of the account, and this
 * period's emissions per device). Used by the e2e (its log) and `npm run bench:indexer`.
 */
import { indexerClient } from "../../sdk/indexer-client.js";

export interface QueryTimings {
  runs: number;
  /** Each of the dashboard's indexer round trips, p50 / p95 in ms. */
  perQuery: Record<string, { p50: number; p95: number }>;
  /** The whole refresh (probe, then the history query's requests in parallel), p50 / p95 in ms. */
  refresh: { p50: number; p95: number };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};

export async function measureDashboardQueries(url: string, account: string, period: number, runs = 100): Promise<QueryTimings> {
  const ix = indexerClient(url);
  const times: Record<string, number[]> = { status: [], progress: [], periods: [], periodDevices: [] };
  const refresh: number[] = [];
  const timed = async <T>(name: string, f: () => Promise<T>) => {
    const t0 = performance.now();
    const out = await f();
    times[name]!.push(performance.now() - t0);
    return out;
  };
  for (let i = 0; i < runs + 5; i++) {
    const t0 = performance.now();
    await Promise.all([timed("status", () => ix.status()), timed("progress", () => ix.progress())]);
    await Promise.all([timed("periods", () => ix.collect((q) => ix.accountPeriods(account, q))), timed("periodDevices", () => ix.periodDevices(account, period))]);
    refresh.push(performance.now() - t0);
    if (i === 4) for (const k of Object.keys(times)) times[k] = []; // warm-up
    if (i === 4) refresh.length = 0;
  }
  return {
    runs,
    perQuery: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { p50: pct(v, 50), p95: pct(v, 95) }])),
    refresh: { p50: pct(refresh, 50), p95: pct(refresh, 95) },
  };
}

export function formatTimings(t: QueryTimings): string {
  const parts = Object.entries(t.perQuery).map(([k, v]) => `${k} p50 ${v.p50} ms / p95 ${v.p95} ms`);
  return `dashboard indexer queries over ${t.runs} refreshes: whole refresh p50 ${t.refresh.p50} ms / p95 ${t.refresh.p95} ms; ${parts.join("; ")}`;
}
