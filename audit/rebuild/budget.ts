/**
 * CarbonBudget rebuilt from its events: the parameter schedule (ParametersScheduled), allowances
 * (AllowanceClaimed), settlements with the capped baseline rule (Settled), deficits (Settled
 * shortfalls minus DeficitPaid, in chain order: allowances pay a deficit first), and rewards per
 * period (Settled entitlements under the no-debt / no-gap rules, RewardWithheld, RewardClaimed
 * payouts, none while a deficit is open).
 */
import { accountPeriodKey, addTo, splitAccountPeriod, type CheckList } from "../checks.js";
import { named } from "../events.js";
import { atBlock, toAddress, type AuditTarget, type ContractEvents } from "../context.js";
import { RewardDenial } from "../../sdk/generated/enums.js";

const BPS = 10_000n;
const BASELINE_ADJUST_BPS = 2_500n;

export interface Parameters {
  fromPeriod: number;
  allowance: bigint;
  rewardBudget: bigint;
  rewardRateBps: bigint;
}

export interface SettlementRecord {
  account: string;
  period: number;
  emissions: bigint;
  surrendered: bigint;
  shortfall: bigint;
  baselineBefore: bigint;
  baselineAfter: bigint;
  rewardEntitlement: bigint;
  blockNumber: number;
  txHash: string;
  /** Position in the budget's event stream (chain order). */
  order: number;
}

export interface RewardRecord {
  account: string;
  period: number;
  amount: bigint;
  entitlement: bigint;
  txHash: string;
  order: number;
}

export interface BudgetState {
  schedule: Parameters[];
  /** "account/period" → amounts claimed (more than one entry is a double claim). */
  allowances: Map<string, bigint[]>;
  settlements: SettlementRecord[];
  deficitPayments: { account: string; amount: bigint; remaining: bigint; txHash: string; order: number }[];
  rewards: RewardRecord[];
  /** "account/period" → RewardWithheld reason (ICarbonBudget.RewardDenial). */
  withheld: Map<string, number>;
}

export function rebuildBudget(events: readonly ContractEvents<"CarbonBudget">[]): BudgetState {
  const schedule: Parameters[] = [];
  for (const e of named(events, "ParametersScheduled")) {
    const p: Parameters = {
      fromPeriod: e.args.fromPeriod,
      allowance: e.args.allowance,
      rewardBudget: e.args.rewardBudget,
      rewardRateBps: BigInt(e.args.rewardRateBps),
    };
    // Re-scheduling the same period replaces the pending entry (CarbonBudget._schedulePush).
    if (schedule.length > 0 && schedule[schedule.length - 1]!.fromPeriod === p.fromPeriod) schedule[schedule.length - 1] = p;
    else schedule.push(p);
  }
  const allowances = new Map<string, bigint[]>();
  for (const e of named(events, "AllowanceClaimed")) {
    const key = accountPeriodKey(e.args.account, e.args.period);
    allowances.set(key, [...(allowances.get(key) ?? []), e.args.amount]);
  }
  const order = new Map(events.map((e, i) => [e, i] as const));
  const settlements = named(events, "Settled").map((e) => ({
    account: e.args.account.toLowerCase(),
    period: e.args.period,
    emissions: e.args.emissions,
    surrendered: e.args.surrendered,
    shortfall: e.args.shortfall,
    baselineBefore: e.args.baselineBefore,
    baselineAfter: e.args.baselineAfter,
    rewardEntitlement: e.args.rewardEntitlement,
    blockNumber: e.blockNumber,
    txHash: e.txHash,
    order: order.get(e)!,
  }));
  const deficitPayments = named(events, "DeficitPaid").map((e) => ({
    account: e.args.account.toLowerCase(),
    amount: e.args.amount,
    remaining: e.args.remaining,
    txHash: e.txHash,
    order: order.get(e)!,
  }));
  const rewards = named(events, "RewardClaimed").map((e) => ({
    account: e.args.account.toLowerCase(),
    period: e.args.period,
    amount: e.args.amount,
    entitlement: e.args.entitlement,
    txHash: e.txHash,
    order: order.get(e)!,
  }));
  const withheld = new Map<string, number>();
  for (const e of named(events, "RewardWithheld")) {
    withheld.set(accountPeriodKey(e.args.account, e.args.period), e.args.reason);
  }
  return { schedule, allowances, settlements, deficitPayments, rewards, withheld };
}

/** The rebuilt parameters in force for `period` (newest entry with fromPeriod ≤ period). */
export function parametersFor(schedule: readonly Parameters[], period: number): Parameters {
  for (let i = schedule.length - 1; i > 0; i--) if (schedule[i]!.fromPeriod <= period) return schedule[i]!;
  if (!schedule[0]) throw new Error("no ParametersScheduled event: is --from-block after the CarbonBudget deployment?");
  return schedule[0];
}

/** What the budget minted and burned through the token, for the cross-check with token events. */
export interface BudgetTokenFlows {
  /** Σ Minted by the CarbonBudget address. */
  mintedByBudget: bigint;
  /** Σ Surrendered by the CarbonBudget address. */
  surrenderedByBudget: bigint;
}

export async function checkBudget(
  target: AuditTarget,
  state: BudgetState,
  rebuiltEmissions: ReadonlyMap<string, bigint>,
  rebuiltEstimates: ReadonlyMap<string, bigint>,
  flows: BudgetTokenFlows,
  checks: CheckList,
): Promise<void> {
  const at = atBlock(target);
  const budget = target.contracts.CarbonBudget;
  const onChainParams = new Map<number, Parameters>();
  const paramsAt = async (period: number): Promise<Parameters> => {
    let p = onChainParams.get(period);
    if (!p) {
      const r = await budget.read.parametersAt([period], at);
      p = { fromPeriod: r.fromPeriod, allowance: r.allowance, rewardBudget: r.rewardBudget, rewardRateBps: BigInt(r.rewardRateBps) };
      onChainParams.set(period, p);
    }
    return p;
  };

  // Allowances: one claim per account and period, of the period's allowance.
  let allowanceTotal = 0n;
  for (const [key, amounts] of [...state.allowances].sort()) {
    const [account, period] = splitAccountPeriod(key);
    const subject = `${account} period ${period}`;
    const rebuilt = parametersFor(state.schedule, period);
    checks.equal("budget", "AllowanceClaimed count", subject, 1n, BigInt(amounts.length));
    checks.equal("budget", "AllowanceClaimed.amount (rebuilt schedule)", subject, rebuilt.allowance, amounts[0]!);
    checks.equal("budget", "parametersAt.allowance", subject, rebuilt.allowance, (await paramsAt(period)).allowance);
    checks.equal("budget", "allowanceClaimed", subject, true, await budget.read.allowanceClaimed([toAddress(account), period], at));
    allowanceTotal += amounts.reduce((s, a) => s + a, 0n);
  }

  // The calendar's immutable values and settlement block times decide whether a settlement fell
  // inside its period's reward window.
  const calendar = target.contracts.PeriodCalendar;
  const genesis = await calendar.read.genesis(at);
  const periodLength = await calendar.read.periodLength(at);
  const grace = await calendar.read.gracePeriod(at);
  const rewardWindow = await calendar.read.rewardWindow(at);
  const blockTimes = new Map<number, bigint>();
  const blockTime = async (n: number): Promise<bigint> => {
    let t = blockTimes.get(n);
    if (t === undefined) {
      t = (await target.client.getBlock({ blockNumber: BigInt(n) })).timestamp;
      blockTimes.set(n, t);
    }
    return t;
  };

  // One pass in chain order: settlements (order per account, emissions as rebuilt, surrender +
  // shortfall = emissions, capped baseline rule, reward rule with its denials, stored record),
  // deficit payments (running balance) and reward claims (pro-rata rule, never in debt).
  type Step = { at: number; settle?: SettlementRecord; pay?: BudgetState["deficitPayments"][number]; reward?: RewardRecord };
  const steps: Step[] = [
    ...state.settlements.map((x) => ({ at: x.order, settle: x })),
    ...state.deficitPayments.map((x) => ({ at: x.order, pay: x })),
    ...state.rewards.map((x) => ({ at: x.order, reward: x })),
  ].sort((x, y) => x.at - y.at);
  const entitledFinal = new Map<number, bigint>();
  for (const st of state.settlements) addTo(entitledFinal, st.period, st.rewardEntitlement);
  const lastByAccount = new Map<string, SettlementRecord>();
  const deficits = new Map<string, bigint>();
  const entitledByPeriod = new Map<number, bigint>();
  const entitlementOf = new Map<string, bigint>();
  const paidByPeriod = new Map<number, bigint>();
  const claimed = new Set<string>();
  let surrenderedAtSettlement = 0n;
  let deficitPaidTotal = 0n;
  for (const step of steps) {
    if (step.pay) {
      const p = step.pay;
      addTo(deficits, p.account, -p.amount);
      deficitPaidTotal += p.amount;
      checks.equal("budget", "DeficitPaid.remaining", `${p.account} (tx ${p.txHash})`, deficits.get(p.account) ?? 0n, p.remaining);
      continue;
    }
    if (step.reward) {
      const r = step.reward;
      const key = accountPeriodKey(r.account, r.period);
      const subject = `${r.account} period ${r.period}`;
      checks.equal("budget", "RewardClaimed once", subject, false, claimed.has(key));
      claimed.add(key);
      checks.equal("budget", "RewardClaimed with no deficit open", subject, 0n, deficits.get(r.account) ?? 0n);
      checks.equal("budget", "RewardClaimed.entitlement (Settled)", subject, entitlementOf.get(key) ?? 0n, r.entitlement);
      const total = entitledFinal.get(r.period) ?? 0n;
      const cap = parametersFor(state.schedule, r.period).rewardBudget;
      const expected = total <= cap ? r.entitlement : (r.entitlement * cap) / total;
      checks.equal("budget", "RewardClaimed.amount (pro-rata rule)", subject, expected, r.amount);
      checks.equal("budget", "settlement.rewardClaimed", subject, true, (await budget.read.settlement([toAddress(r.account), r.period], at)).rewardClaimed);
      addTo(paidByPeriod, r.period, r.amount);
      continue;
    }
    const s = step.settle!;
    const key = accountPeriodKey(s.account, s.period);
    const subject = `${s.account} period ${s.period}`;
    const previous = lastByAccount.get(s.account);
    const params = parametersFor(state.schedule, s.period);
    const deficitBefore = deficits.get(s.account) ?? 0n;
    checks.equal("budget", "Settled.emissions (rebuilt: measured - pay-offs + estimates)", subject, rebuiltEmissions.get(key) ?? 0n, s.emissions);
    checks.equal("budget", "Settled surrendered + shortfall = emissions", subject, s.emissions, s.surrendered + s.shortfall);
    if (previous) {
      checks.equal("budget", "settlement order (next period)", subject, BigInt(previous.period + 1), BigInt(s.period));
      checks.equal("budget", "Settled.baselineBefore (previous baselineAfter)", subject, previous.baselineAfter, s.baselineBefore);
      const b = s.baselineBefore;
      const moved = s.emissions >= b ? b + ((s.emissions - b) * BASELINE_ADJUST_BPS) / BPS : b - ((b - s.emissions) * BASELINE_ADJUST_BPS) / BPS;
      const after = moved < params.allowance ? moved : params.allowance;
      checks.equal("budget", "Settled.baselineAfter (baseline rule, capped at the allowance)", subject, after, s.baselineAfter);
      const windowCloses = genesis + (BigInt(s.period) + 1n) * periodLength + grace + rewardWindow;
      const inWindow = (await blockTime(s.blockNumber)) < windowCloses;
      const full = inWindow && s.emissions !== 0n && s.emissions < b ? ((b - s.emissions) * params.rewardRateBps) / BPS : 0n;
      // The denials the events let us rebuild: an open deficit or a new shortfall, then a gap
      // estimate; certified coverage is taken from the RewardWithheld event itself.
      const denial: number =
        deficitBefore !== 0n || s.shortfall !== 0n ? RewardDenial.DeficitOpen : (rebuiltEstimates.get(key) ?? 0n) !== 0n ? RewardDenial.EstimatedGap : RewardDenial.None;
      const withheld = state.withheld.get(key);
      if (full !== 0n) {
        if (denial !== RewardDenial.None) checks.equal("budget", "RewardWithheld.reason (rebuilt)", subject, BigInt(denial), BigInt(withheld ?? 0));
        else if (withheld !== undefined) checks.equal("budget", "RewardWithheld only for missing certified coverage", subject, BigInt(RewardDenial.NoCertifiedCoverage), BigInt(withheld));
      }
      const expected = denial === RewardDenial.None && withheld === undefined ? full : 0n;
      checks.equal("budget", "Settled.rewardEntitlement (reward rule, window, no debt, no gap)", subject, expected, s.rewardEntitlement);
    } else {
      const first = s.emissions < params.allowance ? s.emissions : params.allowance;
      checks.equal("budget", "first Settled.baselineAfter = min(emissions, allowance)", subject, first, s.baselineAfter);
      checks.equal("budget", "first settlement registers no reward", subject, 0n, s.rewardEntitlement);
    }
    checks.atMost("budget", "baseline <= allowance", subject, params.allowance, s.baselineAfter);
    lastByAccount.set(s.account, s);
    addTo(deficits, s.account, s.shortfall);
    addTo(entitledByPeriod, s.period, s.rewardEntitlement);
    entitlementOf.set(key, s.rewardEntitlement);
    surrenderedAtSettlement += s.surrendered;

    const onChain = await budget.read.settlement([toAddress(s.account), s.period], at);
    checks.equal("budget", "settlement.settled", subject, true, onChain.settled);
    checks.equal("budget", "settlement.emissions", subject, s.emissions, onChain.emissions);
    checks.equal("budget", "settlement.surrendered", subject, s.surrendered, onChain.surrendered);
    checks.equal("budget", "settlement.shortfall", subject, s.shortfall, onChain.shortfall);
    checks.equal("budget", "settlement.rewardEntitlement", subject, s.rewardEntitlement, onChain.rewardEntitlement);
  }
  for (const [account, last] of [...lastByAccount].sort()) {
    checks.equal("budget", "baselineOf", account, last.baselineAfter, await budget.read.baselineOf([toAddress(account)], at));
    checks.equal("budget", "nextSettlementPeriod", account, BigInt(last.period + 1), BigInt(await budget.read.nextSettlementPeriod([toAddress(account)], at)));
  }
  for (const [account, deficit] of [...deficits].sort()) {
    checks.equal("budget", "deficitOf", account, deficit, await budget.read.deficitOf([toAddress(account)], at));
  }

  // Rewards per period: the totals and the budget cap.
  const periods = new Set([...entitledByPeriod.keys(), ...paidByPeriod.keys()]);
  let rewardTotal = 0n;
  for (const period of [...periods].sort((a, b) => a - b)) {
    const subject = `period ${period}`;
    const paid = paidByPeriod.get(period) ?? 0n;
    rewardTotal += paid;
    checks.equal("budget", "totalEntitled", subject, entitledByPeriod.get(period) ?? 0n, await budget.read.totalEntitled([period], at));
    checks.equal("budget", "rewardsPaid", subject, paid, await budget.read.rewardsPaid([period], at));
    checks.atMost("budget", "rewards paid within rewardBudget", subject, (await paramsAt(period)).rewardBudget, paid);
  }

  // Cross-check with the token: everything the budget minted and burned is explained.
  checks.equal("budget", "Minted by CarbonBudget = allowances + rewards", "CarbonBudget", allowanceTotal + rewardTotal, flows.mintedByBudget);
  checks.equal("budget", "Surrendered by CarbonBudget = settlements + deficit payments", "CarbonBudget", surrenderedAtSettlement + deficitPaidTotal, flows.surrenderedByBudget);
}
