import { describe, expect, it } from "vitest";
import { forfeitsReward, rewardState, settlePlan, SETTLE_ALL_MAX } from "./settlement";
import { settleableAt, type Calendar } from "./periods";

const cal: Calendar = { genesis: 1_000_000n, periodLength: 300n, gracePeriod: 60n, rewardWindow: 120n };
const at = (p: number, offset: bigint) => cal.genesis + BigInt(p) * 300n + offset;

describe("settlePlan", () => {
  it("waits while the period runs, then through the grace window, with the time it opens", () => {
    expect(settlePlan(cal, 4, at(4, 10n))).toEqual({ ready: [], more: false, wait: { reason: "running", period: 4, at: settleableAt(cal, 4) } });
    expect(settlePlan(cal, 4, at(5, 10n))).toEqual({ ready: [], more: false, wait: { reason: "grace", period: 4, at: settleableAt(cal, 4) } });
  });
  it("lists every settleable period in order, saying which still register a reward", () => {
    // now: period 7, 30 s in. Periods 4 and 5 are past their reward windows, 6 is still in its grace window.
    const plan = settlePlan(cal, 4, at(7, 30n));
    expect(plan.ready.map((p) => [p.period, p.rewardOpen])).toEqual([
      [4, false],
      [5, false],
    ]);
    expect(plan.more).toBe(false);
    // 70 s in, period 6 is settleable too, inside its reward window.
    expect(settlePlan(cal, 4, at(7, 70n)).ready.map((p) => [p.period, p.rewardOpen])).toEqual([
      [4, false],
      [5, false],
      [6, true],
    ]);
    const reward = settlePlan(cal, 6, at(7, 61n));
    expect(reward.ready).toEqual([{ period: 6, rewardOpen: true, rewardClosesAt: at(7, 180n) }]);
  });
  it("caps one settle-all at SETTLE_ALL_MAX and says there are more", () => {
    const plan = settlePlan(cal, 0, at(100, 0n));
    expect(plan.ready).toHaveLength(SETTLE_ALL_MAX);
    expect(plan.more).toBe(true);
  });
  it("warns only where a reward is forfeited: window closed and a baseline to earn against", () => {
    const [closed] = settlePlan(cal, 4, at(7, 100n)).ready;
    expect(forfeitsReward(closed!, 10n)).toBe(true);
    expect(forfeitsReward(closed!, 0n)).toBe(false);
    const [open] = settlePlan(cal, 6, at(7, 61n)).ready;
    expect(forfeitsReward(open!, 10n)).toBe(false);
  });
});

describe("rewardState", () => {
  it("waits for the reward window, then for the deficit to be paid", () => {
    const closes = at(5, 180n);
    expect(rewardState(cal, 4, closes - 1n, 0n)).toEqual({ kind: "waiting", at: closes });
    expect(rewardState(cal, 4, closes, 5n)).toEqual({ kind: "deficit" });
    expect(rewardState(cal, 4, closes, 0n)).toEqual({ kind: "claimable" });
  });
});
