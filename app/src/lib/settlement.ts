/**
 * What the dashboard can settle now and why not otherwise (ICarbonBudget): periods are settled in
 * order from the account's next settlement period, each once its grace window is over; a
 * settlement registers a reward only inside the period's reward window, so settling later
 * forfeits it (only an account with a baseline can earn one). Rewards are claimed once the
 * window has closed and never while a deficit is open.
 */
import { periodEnd, rewardClosesAt, settleableAt, type Calendar } from "./periods";

/** At most this many periods are settled by one "settle all" click (each is a transaction). */
export const SETTLE_ALL_MAX = 12;

export interface SettleablePeriod {
  period: number;
  rewardClosesAt: bigint;
  /** The reward window is still open: settling now can register a reward. */
  rewardOpen: boolean;
}

export type SettleWait =
  /** The period is still running. */
  | { reason: "running"; period: number; at: bigint }
  /** The period ended; late readings are accepted until its grace window closes. */
  | { reason: "grace"; period: number; at: bigint };

export interface SettlePlan {
  /** Periods settleable now, in the order they must be settled (at most SETTLE_ALL_MAX). */
  ready: SettleablePeriod[];
  /** More periods are settleable beyond `ready`. */
  more: boolean;
  /** When nothing is ready: the next period and when it becomes settleable. */
  wait?: SettleWait;
}

export function settlePlan(c: Calendar, nextSettle: number, now: bigint): SettlePlan {
  const ready: SettleablePeriod[] = [];
  let p = nextSettle;
  while (settleableAt(c, p) <= now && ready.length < SETTLE_ALL_MAX) {
    const closes = rewardClosesAt(c, p);
    ready.push({ period: p, rewardClosesAt: closes, rewardOpen: now < closes });
    p++;
  }
  const more = settleableAt(c, p) <= now;
  if (ready.length > 0) return { ready, more };
  const end = periodEnd(c, nextSettle);
  return { ready, more, wait: now < end ? { reason: "running", period: nextSettle, at: settleableAt(c, nextSettle) } : { reason: "grace", period: nextSettle, at: settleableAt(c, nextSettle) } };
}

/** Settling `p` now gives up any reward it could register: its window has closed and the account has a baseline. */
export function forfeitsReward(p: SettleablePeriod, baseline: bigint): boolean {
  return !p.rewardOpen && baseline > 0n;
}

export type RewardState =
  | { kind: "waiting"; at: bigint }
  | { kind: "deficit" }
  | { kind: "claimable" };

/** Whether the registered reward of `period` can be claimed now, and why not. */
export function rewardState(c: Calendar, period: number, now: bigint, deficit: bigint): RewardState {
  const at = rewardClosesAt(c, period);
  if (now < at) return { kind: "waiting", at };
  if (deficit > 0n) return { kind: "deficit" };
  return { kind: "claimable" };
}
