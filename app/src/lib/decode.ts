/** Decoding raw logs and calldata of PCX contracts for the explorer. */
import { decodeEventLog, decodeFunctionData, type Abi, type Hex, type Log } from "viem";
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

export function decodePcxCall(chainId: number, to: string | null | undefined, input: Hex): string | undefined {
  if (!to) return undefined;
  const contract = nameOfAddress(chainId, to);
  if (!contract || input.length < 10) return undefined;
  try {
    const call = decodeFunctionData({ abi: abis[contract] as Abi, data: input });
    return `${contract}.${call.functionName}`;
  } catch {
    return `${contract}.${input.slice(0, 10)}`;
  }
}

/** Event arguments as one short line: `a=1, b=0x…`. */
export function formatArgs(args: Record<string, unknown>): string {
  return Object.entries(args)
    .map(([k, v]) => `${k}=${typeof v === "bigint" ? v.toString() : typeof v === "string" && v.length > 14 && v.startsWith("0x") ? `${v.slice(0, 8)}…${v.slice(-4)}` : String(v)}`)
    .join(", ");
}
