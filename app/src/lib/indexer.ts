/**
 * The PCX indexer as the app reads it: every history (events, per-period emissions, trades,
 * orders, trails, lists) comes from here through sdk/indexer-client.ts; current state comes from
 * the chain. The URL is generated into the app config (PCX_INDEXER_URL, scripts/generate-app-config.ts).
 */
import type { Abi, AbiEvent } from "viem";
import { indexerClient } from "@sdk/indexer-client";
import { indexerUrl } from "@/generated/contracts";
import { abis, type ContractName } from "./contracts";

/** A request the indexer does not answer within this long counts as a failure (the indexer is down). */
export const INDEXER_TIMEOUT_MS = 10_000;

export const ix = indexerClient(indexerUrl, (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(INDEXER_TIMEOUT_MS) }));

/**
 * An indexed event's arguments as viem would decode them: the indexer serialises integers as
 * decimal strings, so (u)int arguments become bigints again, in the ABI's order. Unknown events
 * pass through unchanged.
 */
export function argsFromIndexer(contract: string, eventName: string, args: Record<string, unknown>): Record<string, unknown> {
  const abi = (abis as Record<string, Abi>)[contract as ContractName];
  const event = abi?.find((i): i is AbiEvent => i.type === "event" && i.name === eventName);
  if (!event) return args;
  const out: Record<string, unknown> = {};
  for (const input of event.inputs) {
    if (!input.name || !(input.name in args)) continue;
    const v = args[input.name];
    out[input.name] = /^u?int\d*$/.test(input.type) && (typeof v === "string" || typeof v === "number") && /^-?\d+$/.test(String(v)) ? BigInt(v) : v;
  }
  for (const [k, v] of Object.entries(args)) if (!(k in out)) out[k] = v;
  return out;
}
