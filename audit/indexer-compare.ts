/**
 * `--compare-indexer <url>`: the audit's own rebuild (from raw RPC, never from the indexer)
 * against the PCX indexer's REST rows. Every differing, missing or extra row is a mismatch of
 * domain "indexer", named by figure and subject: emissions per account-period, settlements,
 * deficits, balances, trades, total supply, retirements, and the indexer's head block.
 *
 * A live chain moves while the rows are read: the CLI audits up to the indexer's head, and the
 * indexer may index more blocks meanwhile. Event rows after the audited block are left out; the
 * running totals (emissions, balances, deficits, supply) of accounts named by an event after it
 * cannot be compared at the audited block and are skipped, and listed as an observation.
 */
import { accountPeriodKey, type CheckList } from "./checks.js";
import { fetchAll, named } from "./events.js";
import type { AuditTarget, ContractEvents } from "./context.js";
import type { TokenState } from "./rebuild/token.js";
import type { EmissionsState } from "./rebuild/emissions.js";
import type { BudgetState } from "./rebuild/budget.js";
import { indexerClient, ordParts } from "../sdk/indexer-client.js";

export interface Rebuilt {
  token: TokenState;
  emissions: EmissionsState;
  budget: BudgetState;
  orderBookEvents?: readonly ContractEvents<"OrderBook">[];
}

const MISSING = "missing";

/** Compares two keyed maps: a check per key of either side. */
function compareMaps(checks: CheckList, figure: string, rebuilt: Map<string, string>, indexed: Map<string, string>, subject: (key: string) => string = (k) => k) {
  for (const key of new Set([...rebuilt.keys(), ...indexed.keys()])) {
    checks.equal("indexer", figure, subject(key), rebuilt.get(key) ?? MISSING, indexed.get(key) ?? MISSING);
  }
}

/** The indexer's last indexed block of the target's chain (-1 if none). */
export async function indexerHead(url: string, chainId: bigint): Promise<number> {
  const status = await indexerClient(url).status();
  return Object.values(status).find((c) => BigInt(c.id) === chainId)?.block?.number ?? -1;
}

/** Every address named by an event of the audited contracts in (fromBlock, toBlock]. */
async function namedAfter(target: AuditTarget, fromBlock: number, toBlock: number): Promise<Set<string>> {
  const out = new Set<string>();
  if (toBlock <= fromBlock) return out;
  const events = await fetchAll({ ...target, fromBlock: fromBlock + 1, toBlock });
  for (const list of Object.values(events)) {
    for (const e of list ?? []) {
      for (const v of Object.values(e.args)) if (typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v)) out.add(v.toLowerCase());
    }
  }
  return out;
}

/** Compares; returns observations (subjects skipped because the chain moved past the audited block). */
export async function compareIndexer(url: string, target: AuditTarget, rebuilt: Rebuilt, checks: CheckList): Promise<string[]> {
  const ix = indexerClient(url);
  const head = await indexerHead(url, target.chainId);
  // The indexer must have reached the audited block.
  checks.equal("indexer", "indexed up to the audited block", `chain ${target.chainId}`, true, head >= target.toBlock);
  const inRange = (ord: string) => ordParts(ord).block <= BigInt(target.toBlock);

  // Read everything first, then see how far the indexer got meanwhile.
  const [emissionRows, accounts, supply, settlementRows, retirementRows, tradeRows] = await Promise.all([
    ix.collect(ix.emissions),
    ix.collect(ix.accounts),
    ix.supply(),
    ix.collect(ix.settlements, { dir: "asc" }),
    ix.collect(ix.retirements, { dir: "asc" }),
    ix.collect(ix.trades, { dir: "asc" }),
  ]);
  const after = await indexerHead(url, target.chainId);
  const moved = await namedAfter(target, target.toBlock, after);
  const observations: string[] = [];
  if (moved.size > 0) {
    observations.push(
      `indexer: blocks ${target.toBlock + 1}..${after} were indexed while comparing; running totals of ${moved.size} account(s) they name not compared: ${[...moved].sort().join(", ")}`,
    );
  }
  const still = (account: string) => !moved.has(account.toLowerCase());
  const supplyMoved = moved.size > 0;

  // Emissions per account-period (non-zero on either side).
  const emissions = new Map<string, string>();
  for (const [key, kg] of rebuilt.emissions.emissions) if (kg !== 0n && still(key.split("/")[0]!)) emissions.set(key, kg.toString());
  const indexedEmissions = new Map<string, string>();
  for (const row of emissionRows) {
    if (BigInt(row.emissions) !== 0n && still(row.account)) indexedEmissions.set(accountPeriodKey(row.account, row.period), row.emissions);
  }
  compareMaps(checks, "emissions per account-period", emissions, indexedEmissions, (k) => k.replace("/", " period "));

  // Settlements.
  const settlementKey = (s: { emissions: unknown; surrendered: unknown; shortfall: unknown; baselineBefore: unknown; baselineAfter: unknown; rewardEntitlement: unknown }) =>
    `emissions ${s.emissions}, surrendered ${s.surrendered}, shortfall ${s.shortfall}, baseline ${s.baselineBefore}->${s.baselineAfter}, reward ${s.rewardEntitlement}`;
  const settlements = new Map(rebuilt.budget.settlements.map((s) => [accountPeriodKey(s.account, s.period), settlementKey(s)]));
  const indexedSettlements = new Map(settlementRows.filter((s) => inRange(s.ord)).map((s) => [accountPeriodKey(s.account, s.period), settlementKey(s)]));
  compareMaps(checks, "settlement", settlements, indexedSettlements, (k) => k.replace("/", " period "));

  // Deficits: Σ shortfalls − Σ DeficitPaid (non-zero).
  const deficits = new Map<string, bigint>();
  for (const s of rebuilt.budget.settlements) deficits.set(s.account, (deficits.get(s.account) ?? 0n) + s.shortfall);
  for (const p of rebuilt.budget.deficitPayments) deficits.set(p.account, (deficits.get(p.account) ?? 0n) - p.amount);
  compareMaps(
    checks,
    "deficit",
    new Map([...deficits].filter(([a, d]) => d !== 0n && still(a)).map(([a, d]) => [a, d.toString()])),
    new Map(accounts.filter((a) => BigInt(a.deficit) !== 0n && still(a.address)).map((a) => [a.address, a.deficit])),
  );

  // PCC balances (non-zero).
  compareMaps(
    checks,
    "balance",
    new Map([...rebuilt.token.balances].filter(([a, b]) => b !== 0n && still(a)).map(([a, b]) => [a, b.toString()])),
    new Map(accounts.filter((a) => BigInt(a.balance) !== 0n && still(a.address)).map((a) => [a.address, a.balance])),
  );

  // Supply and retirements.
  if (!supplyMoved) checks.equal("indexer", "totalSupply", "CarbonCredit", rebuilt.token.transferSupply.toString(), supply.token?.totalSupply ?? MISSING);
  compareMaps(
    checks,
    "retirement",
    new Map(rebuilt.token.retirements.map((r) => [r.id.toString(), `${r.retiree.toLowerCase()} for ${r.beneficiary.toLowerCase()}: ${r.amount}`])),
    new Map(retirementRows.filter((r) => inRange(r.ord)).map((r) => [r.id, `${r.retiree} for ${r.beneficiary}: ${r.amount}`])),
    (k) => `retirement ${k}`,
  );

  // Trades, by where they happened.
  if (rebuilt.orderBookEvents) {
    const tradeKey = (taker: string, side: unknown, tick: unknown, lots: unknown, quote: unknown, fee: unknown) =>
      `${taker.toLowerCase()} ${Number(side) === 0 ? "bought" : "sold"} ${lots} lots at tick ${tick}, quote ${quote}, fee ${fee}`;
    const trades = new Map(
      named(rebuilt.orderBookEvents, "Trade").map((e) => [
        `block ${e.blockNumber} log ${e.logIndex}`,
        tradeKey(e.args.taker, e.args.takerSide, e.args.tick, e.args.lots, e.args.quoteAmount, e.args.fee),
      ]),
    );
    const indexedTrades = new Map(
      tradeRows.filter((t) => inRange(t.ord)).map((t) => {
        const { block, logIndex } = ordParts(t.ord);
        return [`block ${block} log ${logIndex}`, tradeKey(t.taker, t.takerSide, t.tick, t.lots, t.quoteAmount, t.fee)];
      }),
    );
    compareMaps(checks, "trade", trades, indexedTrades, (k) => `trade in ${k}`);
  }
  return observations;
}
