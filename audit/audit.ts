/**
 * One reconciliation run: fetch every PCX event, rebuild each domain, compare with the views.
 */
import { CheckList, type Check } from "./checks.js";
import { fetchAll, named } from "./events.js";
import { atBlock, type AuditTarget, type EventsByContract } from "./context.js";
import { checkToken, rebuildToken } from "./rebuild/token.js";
import { checkEmissions, rebuildEmissions } from "./rebuild/emissions.js";
import { checkBudget, rebuildBudget } from "./rebuild/budget.js";
import { checkRegistry, rebuildRegistry } from "./rebuild/registry.js";
import { checkOrderBook, rebuildOrderBook } from "./rebuild/orderbook.js";
import { observe } from "./observations.js";
import { compareIndexer } from "./indexer-compare.js";

export interface AuditReport {
  chainId: string;
  fromBlock: number;
  toBlock: number;
  addresses: Record<string, string>;
  eventCounts: Record<string, number>;
  checks: Check[];
  mismatches: Check[];
  /** Informational: rejections, attested readings, silent enrollments, foreign mints, role changes. */
  observations: string[];
}

export type { EventsByContract } from "./context.js";
export { fetchAll } from "./events.js";

export interface AuditOptions {
  /** Also compare the PCX indexer at this URL with the rebuild (audit/indexer-compare.ts). */
  compareIndexer?: string;
}

export async function runAudit(target: AuditTarget, options: AuditOptions = {}): Promise<AuditReport> {
  const events = await fetchAll(target);
  const checks = new CheckList();

  const token = rebuildToken(events.CarbonCredit);
  await checkToken(target, token, checks);

  const registry = rebuildRegistry(events.Registry);
  await checkRegistry(target, registry, checks);

  const emissions = rebuildEmissions(events.EmissionFactors, events.Registry, events.EmissionOracle);
  await checkEmissions(target, emissions, checks);

  const budgetAddress = target.addresses.CarbonBudget.toLowerCase();
  const byBudget = (amounts: { by: string; amount: bigint }[]) => amounts.filter((a) => a.by.toLowerCase() === budgetAddress).reduce((s, a) => s + a.amount, 0n);
  const minted = named(events.CarbonCredit, "Minted").map((e) => ({ by: e.args.minter, amount: e.args.amount }));
  const surrendered = named(events.CarbonCredit, "Surrendered").map((e) => ({ by: e.args.burner, amount: e.args.amount }));
  const budget = rebuildBudget(events.CarbonBudget);
  await checkBudget(target, budget, emissions.emissions, emissions.estimated, { mintedByBudget: byBudget(minted), surrenderedByBudget: byBudget(surrendered) }, checks);

  const book = target.contracts.OrderBook;
  if (book && events.OrderBook) {
    const at = atBlock(target);
    const units = { lotSize: await book.read.lotSize(at), quotePerTickLot: await book.read.quotePerTickLot(at) };
    await checkOrderBook(target, rebuildOrderBook(events.OrderBook, units), units, checks);
  }

  const indexerObservations = options.compareIndexer
    ? await compareIndexer(options.compareIndexer, target, { token, emissions, budget, orderBookEvents: events.OrderBook }, checks)
    : [];

  const eventCounts: Record<string, number> = {};
  for (const list of Object.values(events)) for (const e of list ?? []) eventCounts[e.eventName] = (eventCounts[e.eventName] ?? 0) + 1;
  return {
    chainId: target.chainId.toString(),
    fromBlock: target.fromBlock,
    toBlock: target.toBlock,
    addresses: Object.fromEntries(Object.entries(target.addresses).filter(([, a]) => a !== undefined)) as Record<string, string>,
    eventCounts,
    checks: checks.checks,
    mismatches: checks.mismatches,
    observations: [...observe({ events, emissions, devices: registry, budgetAddress }), ...indexerObservations],
  };
}
