import { describe, expect, it } from "vitest";
import { ceilToLots, floorToLots, projectPosition } from "./position";

const kg = (n: number) => BigInt(Math.round(n * 1000)) * 10n ** 15n;
const base = { balance: 0n, deficit: 0n, unsettledPast: 0n, emissionsSoFar: 0n, elapsed: 150n, periodLength: 300n };

describe("projectPosition", () => {
  it("shows no surplus to an account that has not claimed its allowance (the issue's 399 kg)", () => {
    const p = projectPosition({ ...base, claimed: false, deficit: kg(10), emissionsSoFar: kg(0.5) });
    expect(p).toEqual({ kind: "unclaimed", projected: kg(1) });
  });
  it("counts the balance, minus the deficit, past unsettled emissions and the projection", () => {
    // 400 held, 5 owed, 20 booked in an unsettled past period, 30 so far at mid-period → 60 projected.
    expect(projectPosition({ ...base, claimed: true, balance: kg(400), deficit: kg(5), unsettledPast: kg(20), emissionsSoFar: kg(30) })).toEqual({ kind: "surplus", projected: kg(60), amount: kg(315) });
  });
  it("says how much is short", () => {
    expect(projectPosition({ ...base, claimed: true, balance: kg(50), emissionsSoFar: kg(40) })).toEqual({ kind: "short", projected: kg(80), amount: kg(30) });
  });
  it("is even when the credits cover the projection exactly", () => {
    expect(projectPosition({ ...base, claimed: true, balance: kg(8), emissionsSoFar: kg(4) }).kind).toBe("even");
  });
  it("projects what is booked once the period is over", () => {
    expect(projectPosition({ ...base, claimed: true, balance: kg(8), emissionsSoFar: kg(4), elapsed: 400n }).kind).toBe("surplus");
  });
});

describe("lots", () => {
  const lot = 10n ** 18n;
  it("rounds a shortfall up and a surplus down to whole lots", () => {
    expect(ceilToLots(2n * lot + 200_000_000_000_000n, lot)).toBe(3n * lot); // 2.0002 kg short: buy 3
    expect(ceilToLots(kg(2), lot)).toBe(2n * lot);
    expect(floorToLots(kg(2.9), lot)).toBe(2n * lot);
    expect(floorToLots(kg(0.5), lot)).toBe(0n);
    expect(ceilToLots(0n, lot)).toBe(0n);
  });
});
