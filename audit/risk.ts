/**
 * `audit risk`: the market risk signals (sdk/risk, docs/market-risk.md) over the order book's
 * events and the PCC and quote token transfers fetched from RPC. Signals are observations, not
 * mismatches: the command exits 0 whatever it finds.
 */
import { parseAbi } from "viem";
import { fetchEvents, type ChainEvent } from "./events.js";
import { atBlock, type AuditTarget, type ContractEvents } from "./context.js";
import { assessMarket, riskEventFromLog, riskJson, sortRiskEvents, type RiskConfigInput, type RiskEvent, type RiskReport } from "../sdk/risk/index.js";

const ERC20_TRANSFER = parseAbi(["event Transfer(address indexed from, address indexed to, uint256 value)"]);
type TransferEvent = ChainEvent<typeof ERC20_TRANSFER>;

/** The book's and the tokens' events as the risk rules' typed input, in chain order. */
export function toRiskEvents(
  book: readonly ContractEvents<"OrderBook">[],
  pcc: readonly TransferEvent[],
  quote: readonly TransferEvent[],
  timestamps: ReadonlyMap<number, number>,
): RiskEvent[] {
  const out: RiskEvent[] = [];
  for (const [source, list] of [["book", book], ["pcc", pcc], ["quote", quote]] as const) {
    for (const e of list) {
      const r = riskEventFromLog(source, e.eventName, e.args, { ...e, timestamp: timestamps.get(e.blockNumber) ?? 0 });
      if (r) out.push(r);
    }
  }
  return sortRiskEvents(out);
}

export async function runRisk(target: AuditTarget, config: RiskConfigInput = {}): Promise<RiskReport> {
  const book = target.contracts.OrderBook;
  const bookAbi = target.abis.OrderBook;
  if (!book || !bookAbi) throw new Error("risk needs the order book: deploy it or pass --OrderBook 0x…");
  const range = { fromBlock: target.fromBlock, toBlock: target.toBlock };
  const bookAddress = book.address.toLowerCase();
  const quoteAddress = (await book.read.quote(atBlock(target))).toLowerCase();
  const pccAddress = target.addresses.CarbonCredit.toLowerCase();
  const [bookEvents, pccEvents, quoteEvents] = [
    await fetchEvents(target.provider, bookAddress, bookAbi, range),
    await fetchEvents(target.provider, pccAddress, ERC20_TRANSFER, range),
    await fetchEvents(target.provider, quoteAddress, ERC20_TRANSFER, range),
  ];
  // Timestamps of the blocks that matter (book events, and transfers between accounts).
  const blocks = new Set([...bookEvents, ...pccEvents, ...quoteEvents].map((e) => e.blockNumber));
  const timestamps = new Map<number, number>();
  for (const n of blocks) {
    const block = (await target.provider.send("eth_getBlockByNumber", ["0x" + n.toString(16), false])) as { timestamp: string };
    timestamps.set(n, Number(BigInt(block.timestamp)));
  }
  const infrastructure = [bookAddress, quoteAddress, ...Object.values(target.addresses).filter((a): a is `0x${string}` => typeof a === "string")];
  return assessMarket(toRiskEvents(bookEvents, pccEvents, quoteEvents, timestamps), { ...config, ignore: [...infrastructure, ...(config.ignore ?? [])] });
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function formatRisk(report: RiskReport): string {
  const s = report.summary;
  const lines = [
    `PCX market risk — blocks ${s.fromBlock}..${s.toBlock}: ${s.trades} trades (${s.fills} fills, ${s.volumeLots} lots) among ${s.accounts} accounts`,
    `flags: wash ${s.flags.wash}, spoofing ${s.flags.spoofing}, off-reference ${s.flags.offReference}, concentration ${s.flags.concentration}; ` +
      `wash share of volume ${pct(s.washShare)}; trades without a reference ${s.unjudgedTrades}` +
      (s.unattributedLots ? `; ${s.unattributedLots} traded lots without a known maker (start the range earlier)` : "") +
      (s.hubs.length ? `; hubs (not funding links): ${s.hubs.join(", ")}` : ""),
    "",
  ];
  if (report.flags.length === 0) lines.push("No signal fired. (Signals are observations; see docs/market-risk.md for what they cannot see.)");
  for (const f of report.flags) {
    lines.push(`[${f.signal}] score ${f.score.toFixed(2)} — ${f.summary}`);
    lines.push(`    accounts: ${f.accounts.join(", ")}`);
    if (f.orderIds.length) lines.push(`    orders: ${f.orderIds.map((id) => "0x" + id.toString(16)).join(", ")}`);
    if (f.txHashes.length) lines.push(`    transactions: ${f.txHashes.join(", ")}`);
    const path = f.details.fundingPath;
    if (Array.isArray(path) && path.length) lines.push(...path.map((p) => `    funding: ${p}`));
  }
  if (report.accounts.length) {
    lines.push("", "Accounts flagged (highest score per signal):");
    for (const a of report.accounts) lines.push(`  ${a.account}  ${a.score.toFixed(2)}  ${Object.entries(a.scores).map(([k, v]) => `${k} ${v!.toFixed(2)}`).join(", ")}`);
  }
  return lines.join("\n");
}

export { riskJson };
