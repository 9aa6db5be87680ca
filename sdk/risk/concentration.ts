/**
 * Concentration.
 *
 * Rule: the range is cut into windows of `windowSec` seconds aligned to multiples of `windowSec`
 * since the unix epoch (Infinity = one window over everything). In each window, for each side:
 *   - volume share: an account's lots bought (or sold) / all lots bought (or sold) in the window;
 *   - depth share: an account's time-weighted resting lots on the side (∫ lots dt over the
 *     window) / everybody's, from the replayed queue (placed − filled − cancelled).
 * A side with fewer than `minAccounts` distinct accounts in the window is too thin to judge.
 * Score = the share; flagged at ≥ `threshold` (0.6).
 */
import { Side } from "../orderbook.js";
import type { Fill, Flag, RiskConfig } from "./types.js";
import type { DepthChange } from "./replay.js";

type Measure = "buyVolume" | "sellVolume" | "bidDepth" | "askDepth";

const windowOf = (t: number, w: number) => (Number.isFinite(w) ? Math.floor(t / w) : 0);

export function detectConcentration(fills: readonly Fill[], depth: readonly DepthChange[], endTimestamp: number, config: RiskConfig): Flag[] {
  const { windowSec: w, threshold, minAccounts } = config.concentration;
  // window → measure → account → amount (lots, or lot-seconds for depth)
  const table = new Map<number, Map<Measure, Map<string, number>>>();
  const evidence = new Map<string, Set<string>>(); // `${window}/${measure}/${account}` → tx hashes
  const add = (win: number, m: Measure, account: string, amount: number, tx?: string) => {
    let byMeasure = table.get(win);
    if (!byMeasure) table.set(win, (byMeasure = new Map()));
    let byAccount = byMeasure.get(m);
    if (!byAccount) byMeasure.set(m, (byAccount = new Map()));
    byAccount.set(account, (byAccount.get(account) ?? 0) + amount);
    if (tx) {
      const k = `${win}/${m}/${account}`;
      let s = evidence.get(k);
      if (!s) evidence.set(k, (s = new Set()));
      s.add(tx);
    }
  };
  for (const f of fills) {
    const win = windowOf(f.timestamp, w);
    add(win, "buyVolume", f.buyer, Number(f.lots), f.txHash);
    add(win, "sellVolume", f.seller, Number(f.lots), f.txHash);
  }
  // Time-weighted depth: integrate each account's resting lots between changes, split at window edges.
  const resting = new Map<string, bigint>(); // `${side}/${account}`
  const integrate = (from: number, to: number) => {
    let t = from;
    while (t < to) {
      const win = windowOf(t, w);
      const edge = Number.isFinite(w) ? Math.min(to, (win + 1) * w) : to;
      for (const [k, lots] of resting) {
        if (lots <= 0n) continue;
        const [side, account] = k.split("/") as [string, string];
        add(win, Number(side) === Side.Bid ? "bidDepth" : "askDepth", account, Number(lots) * (edge - t));
      }
      t = edge;
    }
  };
  let clock = depth[0]?.timestamp ?? endTimestamp;
  for (const d of depth) {
    integrate(clock, d.timestamp);
    clock = Math.max(clock, d.timestamp);
    const k = `${d.side}/${d.account}`;
    resting.set(k, (resting.get(k) ?? 0n) + d.delta);
    // An account that rested for less than a second still counts as present in its window.
    if (d.delta > 0n) add(windowOf(d.timestamp, w), d.side === Side.Bid ? "bidDepth" : "askDepth", d.account, 0);
  }
  integrate(clock, endTimestamp);

  const flags: Flag[] = [];
  const label: Record<Measure, string> = { buyVolume: "bought volume", sellVolume: "sold volume", bidDepth: "resting bid depth", askDepth: "resting ask depth" };
  for (const [win, byMeasure] of table) {
    for (const [m, byAccount] of byMeasure) {
      if (byAccount.size < minAccounts) continue;
      const total = [...byAccount.values()].reduce((s, v) => s + v, 0);
      if (total <= 0) continue;
      for (const [account, amount] of byAccount) {
        const share = amount / total;
        if (share < threshold) continue;
        const from = Number.isFinite(w) ? win * w : undefined;
        flags.push({
          signal: "concentration",
          score: share,
          summary: `${account} holds ${(share * 100).toFixed(0)} % of the ${label[m]} among ${byAccount.size} accounts${from !== undefined ? ` in the window from ${from}` : ""}`,
          accounts: [account],
          txHashes: [...(evidence.get(`${win}/${m}/${account}`) ?? [])],
          orderIds: [],
          details: {
            measure: m,
            share,
            accounts: byAccount.size,
            amount: m.endsWith("Depth") ? `${amount} lot-seconds` : `${amount} lots`,
            total: m.endsWith("Depth") ? `${total} lot-seconds` : `${total} lots`,
            windowFrom: from ?? -1,
            windowSec: Number.isFinite(w) ? w : -1,
          },
        });
      }
    }
  }
  return flags.sort((x, y) => y.score - x.score);
}
