/**
 * Funding links from token transfers. A wash trade needs both legs' inventory from one pocket:
 * the seller's PCC and the buyer's quote. `fundingLink(seller, buyer)` finds the shortest
 * transfer path that supplies them from a common origin:
 *   - the buyer itself sent the seller PCC (buyer ⇝ seller, last hop PCC), or
 *   - the seller itself sent the buyer quote (seller ⇝ buyer, last hop quote), or
 *   - a third account F reaches the seller (last hop PCC) and the buyer (last hop quote).
 * Hops before the last may be either token. Transfers from or to ignored addresses (the book,
 * the tokens, PCX contracts, the zero address = mints and burns) and from hubs (senders with more
 * than `hubFanout` distinct recipients: faucets, exchanges) are not links. A seller gifting PCC to
 * a buyer is not a link (it funds neither leg).
 */
import type { TransferEvent } from "./types.js";

export interface FundingEdge {
  from: string;
  to: string;
  token: "pcc" | "quote";
  txHash: string;
  timestamp: number;
  amount: bigint;
}

export interface FundingLink {
  /** Transfer hops on both paths together. */
  hops: number;
  /** The common origin (the buyer or the seller itself for a direct link). */
  origin: string;
  /** origin ⇝ seller and origin ⇝ buyer, in transfer order. */
  toSeller: FundingEdge[];
  toBuyer: FundingEdge[];
}

export class FundingGraph {
  /** to → (from → first edge), per token of the edge. */
  private readonly into = new Map<string, FundingEdge[]>();
  readonly hubs: Set<string>;

  constructor(transfers: readonly TransferEvent[], ignore: readonly string[], hubFanout: number) {
    const skip = new Set(ignore.map((a) => a.toLowerCase()));
    const recipients = new Map<string, Set<string>>();
    const edges: FundingEdge[] = [];
    const seen = new Set<string>();
    for (const t of transfers) {
      const from = t.from.toLowerCase();
      const to = t.to.toLowerCase();
      if (from === to || skip.has(from) || skip.has(to) || t.amount === 0n) continue;
      let r = recipients.get(from);
      if (!r) recipients.set(from, (r = new Set()));
      r.add(to);
      const k = `${from}/${to}/${t.token}`;
      if (seen.has(k)) continue; // the first transfer is the evidence
      seen.add(k);
      edges.push({ from, to, token: t.token, txHash: t.txHash, timestamp: t.timestamp, amount: t.amount });
    }
    this.hubs = new Set([...recipients].filter(([, r]) => r.size > hubFanout).map(([a]) => a));
    for (const e of edges) {
      if (this.hubs.has(e.from)) continue;
      let list = this.into.get(e.to);
      if (!list) this.into.set(e.to, (list = []));
      list.push(e);
    }
  }

  /**
   * Backwards from `target`: every ancestor within `maxHops` with its shortest path (the edge
   * into the target must carry `lastToken`).
   */
  private ancestors(target: string, lastToken: "pcc" | "quote", maxHops: number): Map<string, FundingEdge[]> {
    const paths = new Map<string, FundingEdge[]>([[target, []]]);
    let frontier = [target];
    for (let hop = 1; hop <= maxHops && frontier.length; hop++) {
      const next: string[] = [];
      for (const node of frontier) {
        for (const e of this.into.get(node) ?? []) {
          if (hop === 1 && e.token !== lastToken) continue;
          if (paths.has(e.from)) continue;
          paths.set(e.from, [e, ...paths.get(node)!]);
          next.push(e.from);
        }
      }
      frontier = next;
    }
    return paths;
  }

  /** The shortest common-origin funding of a fill's two legs, or undefined. */
  fundingLink(seller: string, buyer: string, maxHops: number): FundingLink | undefined {
    const s = this.ancestors(seller, "pcc", maxHops);
    const b = this.ancestors(buyer, "quote", maxHops);
    let bestLink: FundingLink | undefined;
    for (const [origin, toSeller] of s) {
      const toBuyer = b.get(origin);
      if (!toBuyer) continue;
      const hops = toSeller.length + toBuyer.length;
      if (hops === 0 || hops > maxHops) continue;
      if (!bestLink || hops < bestLink.hops) bestLink = { hops, origin, toSeller, toBuyer };
    }
    return bestLink;
  }
}
