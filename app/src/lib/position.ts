/**
 * Where an account will stand when the period is settled, said honestly. Settlement surrenders a
 * period's booked emissions from the PCC balance and books what the balance cannot cover as a
 * deficit, so what will be left is
 *
 *   balance − open deficit − emissions of past periods not settled yet − projected emissions now
 *
 * (the claimed allowance is in the balance). An allowance not claimed yet is never counted: until
 * it is claimed nobody is told they have a surplus. Gap estimates booked at settlement are not
 * known in advance and are not included.
 */
import { projectEmissions } from "./budget-math";

export interface PositionInput {
  claimed: boolean;
  balance: bigint;
  deficit: bigint;
  /** Booked emissions of past periods that are not settled yet (they will be surrendered first). */
  unsettledPast: bigint;
  emissionsSoFar: bigint;
  elapsed: bigint;
  periodLength: bigint;
}

export type Position =
  /** No allowance claimed this period: no surplus is promised; the projection alone is shown. */
  | { kind: "unclaimed"; projected: bigint }
  | { kind: "surplus"; projected: bigint; amount: bigint }
  | { kind: "short"; projected: bigint; amount: bigint }
  | { kind: "even"; projected: bigint };

export function projectPosition(i: PositionInput): Position {
  const projected = projectEmissions(i.emissionsSoFar, i.elapsed, i.periodLength);
  if (!i.claimed) return { kind: "unclaimed", projected };
  const left = i.balance - i.deficit - i.unsettledPast - projected;
  if (left > 0n) return { kind: "surplus", projected, amount: left };
  if (left < 0n) return { kind: "short", projected, amount: -left };
  return { kind: "even", projected };
}

/** `wei` rounded up to whole lots (what to buy to cover a shortfall). */
export function ceilToLots(wei: bigint, lotSize: bigint): bigint {
  if (wei <= 0n) return 0n;
  return ((wei + lotSize - 1n) / lotSize) * lotSize;
}

/** `wei` rounded down to whole lots (what can be sold of a surplus). */
export function floorToLots(wei: bigint, lotSize: bigint): bigint {
  if (wei <= 0n) return 0n;
  return (wei / lotSize) * lotSize;
}
