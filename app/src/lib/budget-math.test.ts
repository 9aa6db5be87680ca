import { describe, expect, it } from "vitest";
import { projectEmissions, rewardEstimate } from "./budget-math";

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
