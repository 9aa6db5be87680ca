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
