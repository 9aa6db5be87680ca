import { describe, expect, it } from "vitest";
import { allowanceBlock, allowanceSplit, projectEmissions, rewardBlock, rewardEstimate } from "./budget-math";

describe("projectEmissions", () => {
  it("scales emissions so far linearly to the period length", () => {
    expect(projectEmissions(100n, 60n, 300n)).toBe(500n);
  });
  it("projects what is booked at the start and after the end", () => {
    expect(projectEmissions(100n, 0n, 300n)).toBe(100n);
    expect(projectEmissions(100n, 400n, 300n)).toBe(100n);
  });
});

describe("rewardEstimate", () => {
  it("pays the rate on the reduction below the baseline", () => {
    expect(rewardEstimate(1000n, 600n, 5000)).toBe(200n);
  });
  it("pays nothing without a baseline, with zero emissions or above the baseline", () => {
    expect(rewardEstimate(0n, 600n, 5000)).toBe(0n);
    expect(rewardEstimate(1000n, 0n, 5000)).toBe(0n);
    expect(rewardEstimate(1000n, 1000n, 5000)).toBe(0n);
    expect(rewardEstimate(1000n, 1200n, 5000)).toBe(0n);
  });
});

describe("deficit-first allowances and claim rules", () => {
  const kg = (n: number) => BigInt(n) * 10n ** 18n;
  it("an allowance pays an open deficit first", () => {
    expect(allowanceSplit(kg(400), 0n)).toEqual({ toDeficit: 0n, net: kg(400) });
    expect(allowanceSplit(kg(400), kg(150))).toEqual({ toDeficit: kg(150), net: kg(250) });
    expect(allowanceSplit(kg(400), kg(1000))).toEqual({ toDeficit: kg(400), net: 0n });
  });
  it("blocks the allowance while a required meter is missing, and says why", () => {
    expect(allowanceBlock({ enrolled: true, claimed: false, missingMeters: 0 })).toBeUndefined();
    expect(allowanceBlock({ enrolled: true, claimed: false, missingMeters: 0b11 })).toBe("missingMeters");
    expect(allowanceBlock({ enrolled: true, claimed: true, missingMeters: 0b11 })).toBe("claimed");
    expect(allowanceBlock({ enrolled: false, claimed: false, missingMeters: 0 })).toBe("notEnrolled");
  });
  it("blocks a reward claim while a deficit is open", () => {
    expect(rewardBlock({ deficit: 1n, pending: kg(5) })).toBe("deficit");
    expect(rewardBlock({ deficit: 0n, pending: 0n })).toBe("nothingPending");
    expect(rewardBlock({ deficit: 0n, pending: kg(5) })).toBeUndefined();
  });
});
