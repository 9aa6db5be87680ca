/**
 * Fetches every event a contract emitted, page by page (eth_getLogs over block ranges), and
 * decodes it with the contract's ABI. Pages shrink when the RPC refuses a range as too large.
 */
import { Interface, type InterfaceAbi, type JsonRpcProvider, type LogDescription } from "ethers";

/** One decoded event with where it happened. */
export interface ChainEvent {
  name: string;
  args: LogDescription["args"];
  address: string;
  blockNumber: number;
  logIndex: number;
  txHash: string;
}

export interface FetchOptions {
  fromBlock: number;
  toBlock: number;
  /** Blocks per eth_getLogs call (default 5000). */
  pageSize?: number;
}

/** All logs of `address` in [fromBlock, toBlock], decoded; unknown topics are skipped. */
export async function fetchEvents(
  provider: JsonRpcProvider,
  address: string,
  abi: InterfaceAbi,
  opts: FetchOptions,
): Promise<ChainEvent[]> {
  const iface = new Interface(abi);
  const out: ChainEvent[] = [];
  let page = opts.pageSize ?? 5000;
  let from = opts.fromBlock;
  while (from <= opts.toBlock) {
    const to = Math.min(from + page - 1, opts.toBlock);
    let logs;
    try {
      logs = await provider.getLogs({ address, fromBlock: from, toBlock: to });
    } catch (err) {
      if (page > 1) {
        page = Math.max(1, Math.floor(page / 4));
        continue;
      }
      throw err;
    }
    for (const log of logs) {
      const parsed = iface.parseLog({ topics: [...log.topics], data: log.data });
      if (!parsed) continue;
      out.push({
        name: parsed.name,
        args: parsed.args,
        address: log.address,
        blockNumber: log.blockNumber,
        logIndex: log.index,
        txHash: log.transactionHash,
      });
    }
    from = to + 1;
  }
  out.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
  return out;
}

/** The events called `name`. */
export function named(events: readonly ChainEvent[], name: string): ChainEvent[] {
  return events.filter((e) => e.name === name);
}
