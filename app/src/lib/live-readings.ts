/**
 * What the meters page says about each of the owner's latest raw readings from the oracle's API:
 * checked in the browser against the device signature and, once its checkpoint is on chain, the
 * root committed on chain (RawSeriesCommitted, from the indexer) — never the oracle's word alone.
 */
import type { Hex } from "viem";
import { checkRawItem, type RawItem } from "./raw-readings";
import type { TypedDataDomain } from "@sdk/typed-data";

export type LiveStatus = "onChain" | "signedNotOnChain" | "badSignature" | "proofMismatch";

export interface LiveRow {
  seq: bigint;
  timestamp: bigint;
  cumulative: bigint;
  status: LiveStatus;
}

/** On-chain commitments of a device by checkpoint seq (decimal string) → root. */
export type CommittedRoots = ReadonlyMap<string, Hex>;

/** Checks each item: a valid signature without an on-chain root is "signed, not yet on chain". */
export async function liveRows(items: readonly RawItem[], domain: TypedDataDomain, roots: CommittedRoots): Promise<LiveRow[]> {
  return Promise.all(
    items.map(async (item) => {
      const root = item.checkpoint ? roots.get(item.checkpoint.seq) : undefined;
      const check = await checkRawItem(item, domain, root);
      const status: LiveStatus =
        check === "valid" ? "onChain" : check === "bad_signature" ? "badSignature" : check === "proof_mismatch" ? "proofMismatch" : "signedNotOnChain";
      return { seq: BigInt(item.seq), timestamp: BigInt(item.timestamp), cumulative: BigInt(item.cumulative), status };
    }),
  );
}
