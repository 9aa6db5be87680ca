/** Decoding raw logs of PCX contracts (transaction status lines, the explorer's transaction page). */
import { decodeEventLog, type Abi, type Hex, type Log } from "viem";
import { abis, nameOfAddress, type ContractName } from "./contracts";

export interface DecodedEvent {
  contract: ContractName;
  eventName: string;
  args: Record<string, unknown>;
}

export function decodePcxLog(chainId: number, log: Pick<Log, "address" | "data" | "topics">): DecodedEvent | undefined {
  const contract = nameOfAddress(chainId, log.address);
  if (!contract) return undefined;
  try {
    const ev = decodeEventLog({ abi: abis[contract] as Abi, data: log.data, topics: log.topics as [Hex, ...Hex[]] });
    return { contract, eventName: ev.eventName ?? "?", args: (ev.args ?? {}) as Record<string, unknown> };
  } catch {
    return undefined;
  }
}
