/**
 * Fetches every event a contract emitted, page by page (eth_getLogs over block ranges), and
 * decodes it with viem against the contract's `as const` ABI, so every argument has its Solidity
 * type: uint ≤ 48 bits and enums decode to number, wider ints to bigint, addresses checksummed, bytes to
 * hex. Pages shrink when the RPC refuses a range as too large.
 */
import type { JsonRpcProvider } from "ethers";
import {
  AbiEventSignatureEmptyTopicsError,
  AbiEventSignatureNotFoundError,
  decodeEventLog,
  isHex,
  type Abi,
  type Address,
  type ContractEventName,
  type DecodeEventLogReturnType,
  type Hex,
} from "viem";
import type { AuditTarget, EventsByContract } from "./context.js";

/** Where a log happened. */
export interface LogPosition {
  address: Address;
  blockNumber: number;
  logIndex: number;
  txHash: Hex;
}

/**
 * One decoded event of `abi` with where it happened: `eventName` and viem's decoded `args` for
 * that event (a union over the names `N`, narrowed by `e.eventName === "…"` or by `named`).
 */
export type ChainEvent<A extends Abi = Abi, N extends ContractEventName<A> = ContractEventName<A>> = DecodeEventLogReturnType<A, N, Hex[], Hex, true> &
  LogPosition;

export interface FetchOptions {
  fromBlock: number;
  toBlock: number;
  /** Blocks per eth_getLogs call (default 5000). */
  pageSize?: number;
  /** eth_getLogs topic filter (e.g. from viem's encodeEventTopics); default every log. */
  topics?: readonly (Hex | Hex[] | null)[];
}

/** The raw log fields decoding needs (an ethers `Log` has them). */
export interface RawLog {
  address: string;
  topics: readonly string[];
  data: string;
  blockNumber: number;
  index: number;
  transactionHash: string;
}

function hex(value: string): Hex {
  if (!isHex(value)) throw new Error(`not hex: ${value}`);
  return value;
}

/** One log decoded with `abi`, or undefined when its topic is not an event of the ABI. */
export function decodeLog<const A extends Abi>(abi: A, log: RawLog): ChainEvent<A> | undefined {
  const [signature, ...args] = log.topics;
  if (signature === undefined) return undefined; // anonymous: no PCX event is
  let decoded;
  try {
    decoded = decodeEventLog<A, ContractEventName<A>, Hex[], Hex, true>({ abi, topics: [hex(signature), ...args.map(hex)], data: hex(log.data), strict: true });
  } catch (err) {
    if (err instanceof AbiEventSignatureNotFoundError || err instanceof AbiEventSignatureEmptyTopicsError) return undefined;
    throw err;
  }
  return { ...decoded, address: hex(log.address), blockNumber: log.blockNumber, logIndex: log.index, txHash: hex(log.transactionHash) };
}

/** All logs of `address` in [fromBlock, toBlock], decoded; unknown topics are skipped. */
export async function fetchEvents<const A extends Abi>(provider: JsonRpcProvider, address: string, abi: A, opts: FetchOptions): Promise<ChainEvent<A>[]> {
  const out: ChainEvent<A>[] = [];
  const topics = opts.topics?.map((t) => (Array.isArray(t) ? [...t] : t));
  let page = opts.pageSize ?? 5000;
  let from = opts.fromBlock;
  while (from <= opts.toBlock) {
    const to = Math.min(from + page - 1, opts.toBlock);
    let logs;
    try {
      logs = await provider.getLogs({ address, topics, fromBlock: from, toBlock: to });
    } catch (err) {
      if (page > 1) {
        page = Math.max(1, Math.floor(page / 4));
        continue;
      }
      throw err;
    }
    for (const log of logs) {
      const event = decodeLog(abi, log);
      if (event) out.push(event);
    }
    from = to + 1;
  }
  out.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
  return out;
}

/** The events called `name`, typed as that event. */
export function named<E extends { eventName: string }, K extends E["eventName"]>(events: readonly E[], name: K): Extract<E, { eventName: K }>[] {
  return events.filter((e): e is Extract<E, { eventName: K }> => e.eventName === name);
}

/** Every event of every audited contract in the target's range (PeriodCalendar emits none), each list typed by its ABI. */
export async function fetchAll(target: AuditTarget): Promise<EventsByContract> {
  const range = { fromBlock: target.fromBlock, toBlock: target.toBlock };
  const { provider, addresses, abis } = target;
  return {
    CarbonCredit: await fetchEvents(provider, addresses.CarbonCredit, abis.CarbonCredit, range),
    EmissionFactors: await fetchEvents(provider, addresses.EmissionFactors, abis.EmissionFactors, range),
    Registry: await fetchEvents(provider, addresses.Registry, abis.Registry, range),
    EmissionOracle: await fetchEvents(provider, addresses.EmissionOracle, abis.EmissionOracle, range),
    CarbonBudget: await fetchEvents(provider, addresses.CarbonBudget, abis.CarbonBudget, range),
    OrderBook: addresses.OrderBook && abis.OrderBook ? await fetchEvents(provider, addresses.OrderBook, abis.OrderBook, range) : undefined,
  };
}
