/** Decoding raw logs and calldata of PCX contracts for the explorer. */
import { decodeEventLog, decodeFunctionData, hexToString, type Abi, type Hex, type Log } from "viem";
import { formatKg, formatTimestamp } from "./format";
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

const KG = (v: unknown) => (typeof v === "bigint" ? `${formatKg(v)} kg` : String(v));
const TIME = (v: unknown) => (typeof v === "bigint" || typeof v === "number" ? (BigInt(v) === 0n ? "0" : formatTimestamp(v)) : String(v));
const SECONDS = (v: unknown) => `${String(v)} s`;
const ENUM = (names: string[]) => (v: unknown) => names[Number(v)] ?? String(v);
const KIND = ENUM(["Electricity", "NaturalGas", "VehicleDistance", "VehicleFuel", "Water", "Heat", "Spend"]);
const KINDS = (v: unknown) => {
  const m = Number(v);
  const names = [0, 1, 2, 3, 4, 5, 6].filter((k) => m & (1 << k)).map((k) => KIND(k));
  return names.length ? names.join("+") : "none";
};
const TIER = ENUM(["None", "Certified", "OperatorAttested"]);
const DENIAL = ENUM(["None", "DeficitOpen", "EstimatedGap", "NoCertifiedCoverage"]);
const BYTES32_TEXT = (v: unknown) => {
  if (typeof v !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(v)) return String(v);
  try {
    const text = hexToString(v as Hex, { size: 32 });
    return /^[\x20-\x7e]+$/.test(text) ? `"${text}"` : `${v.slice(0, 8)}…${v.slice(-4)}`;
  } catch {
    return `${v.slice(0, 8)}…${v.slice(-4)}`;
  }
};

type Formatter = (v: unknown) => string;

/** How to show the arguments of PCX events whose numbers are not plain counts: kg (not wei), times, enums. */
const EVENT_FORMATS: Record<string, Record<string, Formatter>> = {
  // EmissionOracle
  ReadingAccepted: { kgCO2e: KG },
  GapEstimated: { kind: KIND, uncoveredSeconds: SECONDS, kgCO2e: KG },
  EstimatePaidOff: { kgCO2e: KG, outstanding: KG },
  GapEstimateSet: { kind: KIND, kgPerPeriod: KG },
  // CarbonBudget
  RewardWithheld: { reason: DENIAL },
  AllowanceClaimed: { amount: KG },
  DeficitPaid: { amount: KG, remaining: KG },
  RewardClaimed: { amount: KG, entitlement: KG },
  Settled: { emissions: KG, surrendered: KG, shortfall: KG, baselineBefore: KG, baselineAfter: KG, rewardEntitlement: KG },
  // Registry
  DeviceBound: { kind: KIND },
  DeviceCertified: { tier: TIER, model: BYTES32_TEXT, validUntil: TIME },
  CertifierAdded: { tier: TIER },
  CertifierRevokedAt: { at: TIME },
  RequiredMetersSet: { kinds: KINDS },
  DeviceRevoked: { effectiveAt: TIME },
};

function plain(v: unknown): string {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string" && v.length > 14 && v.startsWith("0x")) return `${v.slice(0, 8)}…${v.slice(-4)}`;
  return String(v);
}

/**
 * Event arguments as one short line: `a=1, b=0x…`. With the event's name, amounts of PCC are
 * shown in kg (1 PCC = 1 kg CO2e, not wei), times as dates and enums by name.
 */
export function formatArgs(args: Record<string, unknown>, eventName?: string): string {
  const formats = (eventName && Object.hasOwn(EVENT_FORMATS, eventName) ? EVENT_FORMATS[eventName] : undefined) ?? {};
  return Object.entries(args)
    .map(([k, v]) => `${k}=${Object.hasOwn(formats, k) ? formats[k]!(v) : plain(v)}`)
    .join(", ");
}
