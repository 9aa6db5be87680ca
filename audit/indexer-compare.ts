/**
 * `--compare-indexer <url>`: the audit's own rebuild (from raw RPC, never from the indexer)
 * against the PCX indexer's REST rows. Every differing, missing or extra row is a mismatch of
 * domain "indexer", named by figure and subject: emissions per account-period, settlements,
 * deficits, balances, trades, total supply, retirements, and the indexer's head block.
 */
import { accountPeriodKey, type CheckList } from "./checks.js";
import { named, type ChainEvent } from "./events.js";
import type { AuditTarget } from "./context.js";
import type { TokenState } from "./rebuild/token.js";
import type { EmissionsState } from "./rebuild/emissions.js";
import type { BudgetState } from "./rebuild/budget.js";
import { indexerClient, ordParts } from "../sdk/indexer-client.js";

export interface Rebuilt {
  token: TokenState;
  emissions: EmissionsState;
  budget: BudgetState;
  orderBookEvents?: readonly ChainEvent[];
}

const MISSING = "missing";

/** Compares two keyed maps: a check per key of either side. */
function compareMaps(checks: CheckList, figure: string, rebuilt: Map<string, string>, indexed: Map<string, string>, subject: (key: string) => string = (k) => k) {
  for (const key of new Set([...rebuilt.keys(), ...indexed.keys()])) {
    checks.equal("indexer", figure, subject(key), rebuilt.get(key) ?? MISSING, indexed.get(key) ?? MISSING);
  }
}

export async function compareIndexer(url: string, target: AuditTarget, rebuilt: Rebuilt, checks: CheckList): Promise<void> {
  const ix = indexerClient(url);
  const status = await ix.status();
  const head = Object.values(status).find((c) => BigInt(c.id) === target.chainId)?.block?.number ?? -1;
  // The indexer must have reached the audited block (ahead is fine if nothing happened since).
  checks.equal("indexer", "indexed up to the audited block", `chain ${target.chainId}`, true, head >= target.toBlock);

  // Emissions per account-period (non-zero on either side).
  const emissions = new Map<string, string>();
  for (const [key, kg] of rebuilt.emissions.emissions) if (kg !== 0n) emissions.set(key, kg.toString());
  const indexedEmissions = new Map<string, string>();
  for (const row of await ix.collect(ix.emissions)) {
    if (BigInt(row.emissions) !== 0n) indexedEmissions.set(accountPeriodKey(row.account, row.period), row.emissions);
  }
  compareMaps(checks, "emissions per account-period", emissions, indexedEmissions, (k) => k.replace("/", " period "));

  // Settlements.
  const settlementKey = (s: { emissions: unknown; surrendered: unknown; shortfall: unknown; baselineBefore: unknown; baselineAfter: unknown; rewardEntitlement: unknown }) =>
    `emissions ${s.emissions}, surrendered ${s.surrendered}, shortfall ${s.shortfall}, baseline ${s.baselineBefore}->${s.baselineAfter}, reward ${s.rewardEntitlement}`;
  const settlements = new Map(rebuilt.budget.settlements.map((s) => [accountPeriodKey(s.account, s.period), settlementKey(s)]));
  const indexedSettlements = new Map((await ix.collect(ix.settlements, { dir: "asc" })).map((s) => [accountPeriodKey(s.account, s.period), settlementKey(s)]));
  compareMaps(checks, "settlement", settlements, indexedSettlements, (k) => k.replace("/", " period "));

  // Deficits: Σ shortfalls − Σ DeficitPaid (non-zero).
  const deficits = new Map<string, bigint>();
  for (const s of rebuilt.budget.settlements) deficits.set(s.account, (deficits.get(s.account) ?? 0n) + s.shortfall);
  for (const p of rebuilt.budget.deficitPayments) deficits.set(p.account, (deficits.get(p.account) ?? 0n) - p.amount);
  const accounts = await ix.collect(ix.accounts);
  compareMaps(
    checks,
    "deficit",
    new Map([...deficits].filter(([, d]) => d !== 0n).map(([a, d]) => [a, d.toString()])),
    new Map(accounts.filter((a) => BigInt(a.deficit) !== 0n).map((a) => [a.address, a.deficit])),
  );

  // PCC balances (non-zero).
  compareMaps(
    checks,
    "balance",
    new Map([...rebuilt.token.balances].filter(([, b]) => b !== 0n).map(([a, b]) => [a, b.toString()])),
    new Map(accounts.filter((a) => BigInt(a.balance) !== 0n).map((a) => [a.address, a.balance])),
  );

  // Supply and retirements.
  const supply = await ix.supply();
  checks.equal("indexer", "totalSupply", "CarbonCredit", rebuilt.token.transferSupply.toString(), supply.token?.totalSupply ?? MISSING);
  compareMaps(
    checks,
    "retirement",
    new Map(rebuilt.token.retirements.map((r) => [r.id.toString(), `${r.retiree.toLowerCase()} for ${r.beneficiary.toLowerCase()}: ${r.amount}`])),
    new Map((await ix.collect(ix.retirements, { dir: "asc" })).map((r) => [r.id, `${r.retiree} for ${r.beneficiary}: ${r.amount}`])),
    (k) => `retirement ${k}`,
  );

  // Trades, by where they happened.
  if (rebuilt.orderBookEvents) {
    const tradeKey = (taker: string, side: unknown, tick: unknown, lots: unknown, quote: unknown, fee: unknown) =>
      `${taker.toLowerCase()} ${Number(side) === 0 ? "bought" : "sold"} ${lots} lots at tick ${tick}, quote ${quote}, fee ${fee}`;
    const trades = new Map(
      named(rebuilt.orderBookEvents, "Trade").map((e) => [
        `block ${e.blockNumber} log ${e.logIndex}`,
        tradeKey(e.args.taker as string, e.args.takerSide, e.args.tick, e.args.lots, e.args.quoteAmount, e.args.fee),
      ]),
    );
    const indexedTrades = new Map(
      (await ix.collect(ix.trades, { dir: "asc" })).map((t) => {
        const { block, logIndex } = ordParts(t.ord);
        return [`block ${block} log ${logIndex}`, tradeKey(t.taker, t.takerSide, t.tick, t.lots, t.quoteAmount, t.fee)];
      }),
    );
    compareMaps(checks, "trade", trades, indexedTrades, (k) => `trade in ${k}`);
  }
}
