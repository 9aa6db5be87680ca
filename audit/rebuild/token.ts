/**
 * CarbonCredit rebuilt from its events: every balance from ERC-20 Transfer events, supply as
 * minted − surrendered − retired from Minted/Surrendered/Retired, and the retirement records.
 */
import { ZeroAddress } from "ethers";
import { addTo, type CheckList } from "../checks.js";
import { named } from "../events.js";
import { atBlock, toAddress, type AuditTarget, type ContractEvents } from "../context.js";

export interface RetirementRecord {
  id: bigint;
  retiree: string;
  beneficiary: string;
  amount: bigint;
  beneficiaryName: string;
  reason: string;
  jurisdiction: string;
  blockNumber: number;
  txHash: string;
}

export interface TokenState {
  balances: Map<string, bigint>;
  minted: bigint;
  surrendered: bigint;
  retired: bigint;
  /** Σ Transfer from 0x0 − Σ Transfer to 0x0. */
  transferSupply: bigint;
  retirements: RetirementRecord[];
}

export function rebuildToken(events: readonly ContractEvents<"CarbonCredit">[]): TokenState {
  const balances = new Map<string, bigint>();
  let transferSupply = 0n;
  for (const e of named(events, "Transfer")) {
    const from = e.args.from.toLowerCase();
    const to = e.args.to.toLowerCase();
    const value = e.args.value;
    if (from === ZeroAddress) transferSupply += value;
    else addTo(balances, from, -value);
    if (to === ZeroAddress) transferSupply -= value;
    else addTo(balances, to, value);
  }
  const sum = (name: "Minted" | "Surrendered" | "Retired") => named(events, name).reduce((s, e) => s + e.args.amount, 0n);
  const retirements = named(events, "Retired").map((e) => ({
    id: e.args.id,
    retiree: e.args.retiree,
    beneficiary: e.args.beneficiary,
    amount: e.args.amount,
    beneficiaryName: e.args.beneficiaryName,
    reason: e.args.reason,
    jurisdiction: e.args.jurisdiction,
    blockNumber: e.blockNumber,
    txHash: e.txHash,
  }));
  return {
    balances,
    minted: sum("Minted"),
    surrendered: sum("Surrendered"),
    retired: sum("Retired"),
    transferSupply,
    retirements,
  };
}

export async function checkToken(target: AuditTarget, state: TokenState, checks: CheckList): Promise<void> {
  const token = target.contracts.CarbonCredit;
  const at = atBlock(target);
  const totalSupply = await token.read.totalSupply(at);
  const supply = state.minted - state.surrendered - state.retired;
  checks.equal("token", "totalSupply (minted - surrendered - retired)", "CarbonCredit", supply, totalSupply);
  checks.equal("token", "totalSupply (Transfer mints - burns)", "CarbonCredit", state.transferSupply, totalSupply);
  checks.equal("token", "totalRetired", "CarbonCredit", state.retired, await token.read.totalRetired(at));
  checks.equal("token", "retirementCount", "CarbonCredit", BigInt(state.retirements.length), await token.read.retirementCount(at));
  for (const [account, balance] of [...state.balances].sort()) {
    checks.equal("token", "balanceOf", account, balance, await token.read.balanceOf([toAddress(account)], at));
  }
  state.retirements.forEach((r, i) => checks.equal("token", "Retired.id sequence", `retirement ${r.id}`, BigInt(i + 1), r.id));
  for (const r of state.retirements) {
    const onChain = await token.read.retirement([r.id], at);
    const subject = `retirement ${r.id}`;
    checks.equal("token", "retirement.amount", subject, r.amount, onChain.amount);
    checks.equal("token", "retirement.retiree", subject, r.retiree, onChain.retiree);
    checks.equal("token", "retirement.beneficiary", subject, r.beneficiary, onChain.beneficiary);
  }
}
