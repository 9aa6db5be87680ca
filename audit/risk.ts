/**
 * `audit risk`: the market risk signals (sdk/risk, docs/market-risk.md) over the order book's
 * events and the PCC and quote token transfers fetched from RPC. Signals are observations, not
 * mismatches: the command exits 0 whatever it finds.
 */
import type { InterfaceAbi } from "ethers";
import { fetchEvents, type ChainEvent } from "./events.js";
import type { AuditTarget } from "./context.js";
import { assessMarket, riskJson, type RiskConfigInput, type RiskEvent, type RiskReport } from "../sdk/risk/index.js";
import type { CancelReason, OrderKind, Side } from "../sdk/orderbook.js";

const ERC20_TRANSFER = ["event Transfer(address indexed from, address indexed to, uint256 value)"] as InterfaceAbi;

/** The book's and the tokens' events as the risk rules' typed input, in chain order. */
export function toRiskEvents(book: readonly ChainEvent[], pcc: readonly ChainEvent[], quote: readonly ChainEvent[], timestamps: ReadonlyMap<number, number>): RiskEvent[] {
  const out: RiskEvent[] = [];
  const at = (e: ChainEvent) => ({ blockNumber: e.blockNumber, logIndex: e.logIndex, txHash: e.txHash, timestamp: timestamps.get(e.blockNumber) ?? 0 });
  const lower = (v: unknown) => (v as string).toLowerCase();
  for (const e of book) {
    const a = e.args;
    switch (e.name) {
      case "OrderPlaced":
        out.push({ kind: "placed", ...at(e), orderId: a.orderId as bigint, owner: lower(a.owner), lots: a.lots as bigint, expiry: a.expiry as bigint, orderKind: Number(a.kind) as OrderKind });
        break;
      case "Trade":
        out.push({
          kind: "trade",
          ...at(e),
          taker: lower(a.taker),
          takerSide: Number(a.takerSide) as Side,
          tick: Number(a.tick),
          epoch: a.epoch as bigint,
          fromPosition: a.fromPosition as bigint,
          lots: a.lots as bigint,
          quoteAmount: a.quoteAmount as bigint,
          fee: a.fee as bigint,
        });
        break;
      case "OrderCancelled":
        out.push({ kind: "cancelled", ...at(e), orderId: a.orderId as bigint, owner: lower(a.owner), reason: Number(a.reason) as CancelReason, cancelledLots: a.cancelledLots as bigint, refund: a.refund as bigint });
        break;
      case "Claimed":
        out.push({ kind: "claimed", ...at(e), orderId: a.orderId as bigint, owner: lower(a.owner), lots: a.lots as bigint, amount: a.amount as bigint });
        break;
      case "ReferencePriceSet":
        out.push({ kind: "reference", ...at(e), referenceTick: Number(a.referenceTick), period: Number(a.period), fromClose: a.fromClose as boolean });
        break;
    }
  }
  for (const [token, list] of [["pcc", pcc], ["quote", quote]] as const) {
    for (const e of list) {
      if (e.name !== "Transfer") continue;
      out.push({ kind: "transfer", ...at(e), token, from: lower(e.args[0]), to: lower(e.args[1]), amount: e.args[2] as bigint });
    }
  }
  return out.sort((x, y) => x.blockNumber - y.blockNumber || x.logIndex - y.logIndex);
}

export async function runRisk(target: AuditTarget, config: RiskConfigInput = {}): Promise<RiskReport> {
  const book = target.contracts.OrderBook;
  if (!book) throw new Error("risk needs the order book: deploy it or pass --OrderBook 0x…");
  const range = { fromBlock: target.fromBlock, toBlock: target.toBlock };
  const bookAddress = (await book.getAddress()).toLowerCase();
  const quoteAddress = ((await book.quote({ blockTag: target.toBlock })) as string).toLowerCase();
  const pccAddress = target.addresses.CarbonCredit!.toLowerCase();
  const [bookEvents, pccEvents, quoteEvents] = [
    await fetchEvents(target.provider, bookAddress, target.abis.OrderBook!, range),
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
