/** Dashboard arithmetic on PCC wei: projection to period end and the reward estimate (ICarbonBudget rules). */

/** Linear projection of emissions so far to the whole period. Zero elapsed time projects what is booked. */
export function projectEmissions(soFar: bigint, elapsed: bigint, periodLength: bigint): bigint {
  if (elapsed <= 0n || periodLength <= 0n) return soFar;
  if (elapsed >= periodLength) return soFar;
  return (soFar * periodLength) / elapsed;
}

/**
 * Reward the contract would register for `emissions` against `baseline`:
 * (baseline − emissions) × rate / 10 000 when 0 < emissions < baseline; before scaling to the budget.
 * No baseline yet (first settlement) or zero emissions earn nothing.
 */
export function rewardEstimate(baseline: bigint, emissions: bigint, rewardRateBps: number | bigint): bigint {
  if (baseline === 0n || emissions === 0n || emissions >= baseline) return 0n;
  return ((baseline - emissions) * BigInt(rewardRateBps)) / 10_000n;
}

/**
 * Deficit-first allowances (ICarbonBudget): a claimed allowance pays the open deficit first; the
 * wallet receives the rest.
 */
export function allowanceSplit(allowance: bigint, deficit: bigint): { toDeficit: bigint; net: bigint } {
  const toDeficit = deficit < allowance ? deficit : allowance;
  return { toDeficit, net: allowance - toDeficit };
}

/** Why the claim-allowance button is disabled (undefined = it can be clicked). */
export type AllowanceBlock = "notEnrolled" | "claimed" | "missingMeters" | undefined;

export function allowanceBlock(s: { enrolled: boolean; claimed: boolean; missingMeters: number }): AllowanceBlock {
  if (!s.enrolled) return "notEnrolled";
  if (s.claimed) return "claimed";
  if (s.missingMeters !== 0) return "missingMeters";
  return undefined;
}

/** Why a registered reward cannot be claimed now (undefined = it can). */
export type RewardBlock = "deficit" | "nothingPending" | undefined;

export function rewardBlock(s: { deficit: bigint; pending: bigint }): RewardBlock {
  if (s.deficit > 0n) return "deficit";
  if (s.pending === 0n) return "nothingPending";
  return undefined;
}
