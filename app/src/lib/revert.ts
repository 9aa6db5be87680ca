/**
 * Turns any error from a wallet, the RPC or a contract into a short human-readable reason,
 * decoding custom errors with the PCX ABIs (viem decodeErrorResult), and the custom errors a
 * household meets into translated sentences ({@link explainRevert}).
 */
import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Abi, type Hex } from "viem";
import type { MessageKey } from "@/i18n";
import { formatKg, formatTimestamp, shortAddress } from "./format";

export interface RevertReason {
  /** Custom error name ("NotEnrolled"), "Error" for require strings, or a wallet/RPC category. */
  name: string;
  /** Decoded arguments, stringified. */
  args: string[];
  /** One line for the UI: `NotEnrolled(0xabc…)` or the error's short message. */
  message: string;
}

function stringify(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(stringify).join(", ")}]`;
  if (value && typeof value === "object") return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return String(value);
}

function fromData(data: Hex, abi: Abi): RevertReason | undefined {
  try {
    const decoded = decodeErrorResult({ abi, data });
    const args = (decoded.args ?? []).map(stringify);
    return { name: decoded.errorName, args, message: `${decoded.errorName}(${args.join(", ")})` };
  } catch {
    return undefined;
  }
}

/** Finds revert data anywhere in an error chain (viem errors, raw JSON-RPC errors). */
function findRevertData(error: unknown): Hex | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 10; depth++) {
    const obj = e as { data?: unknown; cause?: unknown };
    if (typeof obj.data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(obj.data)) return obj.data as Hex;
    if (obj.data && typeof obj.data === "object" && typeof (obj.data as { data?: unknown }).data === "string") {
      const inner = (obj.data as { data: string }).data;
      if (/^0x[0-9a-fA-F]{8,}$/.test(inner)) return inner as Hex;
    }
    e = obj.cause;
  }
  return undefined;
}

export function decodeRevert(error: unknown, abi: Abi): RevertReason {
  if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      if (reverted.data?.errorName) {
        const args = (reverted.data.args ?? []).map(stringify);
        return { name: reverted.data.errorName, args, message: `${reverted.data.errorName}(${args.join(", ")})` };
      }
      if (reverted.raw) {
        const decoded = fromData(reverted.raw, abi);
        if (decoded) return decoded;
      }
      if (reverted.reason) return { name: "Error", args: [reverted.reason], message: reverted.reason };
    }
    const data = findRevertData(error);
    if (data) {
      const decoded = fromData(data, abi);
      if (decoded) return decoded;
    }
    const rejected = error.walk((e) => (e as { code?: number }).code === 4001);
    if (rejected) return { name: "UserRejected", args: [], message: "User rejected the request" };
    return { name: error.name, args: [], message: error.shortMessage };
  }
  const data = findRevertData(error);
  if (data) {
    const decoded = fromData(data, abi);
    if (decoded) return decoded;
  }
  const message = error instanceof Error ? error.message : stringify(error);
  return { name: "Error", args: [], message: message.split("\n")[0] ?? message };
}

// ---------------------------------------------------------------- sentences

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Required-meter kind names of a bitmask (bit k = DeviceKind k), translated, comma-separated. */
export function kindNames(mask: number | bigint, t: Translate): string {
  const m = Number(mask);
  const names: string[] = [];
  for (let k = 0; k < 7; k++) if (m & (1 << k)) names.push(t(`kind.${k}` as MessageKey));
  return names.join(", ");
}

const big = (s: string | undefined) => {
  try {
    return BigInt(s ?? "0");
  } catch {
    return 0n;
  }
};
const addr = (s: string | undefined) => shortAddress(s ?? "");
const kg = (s: string | undefined) => formatKg(big(s));
const time = (s: string | undefined) => formatTimestamp(big(s));

/** Custom errors with a sentence: name → (decoded args → placeholder values). */
const SENTENCES: Record<string, (a: string[], t: Translate) => Record<string, string>> = {
  // Registry
  UnknownCertifier: (a) => ({ certifier: addr(a[0]) }),
  CertifierRevoked: (a) => ({ certifier: addr(a[0]) }),
  CertificateNotValid: (a) => ({ device: addr(a[0]), from: time(a[1]), until: time(a[2]) }),
  RequiredMeterLocked: (a) => ({ device: addr(a[0]) }),
  RevocationPending: (a) => ({ device: addr(a[0]), at: time(a[1]) }),
  DeviceAlreadyBound: (a) => ({ device: addr(a[0]) }),
  InvalidDeviceSignature: (a) => ({ device: addr(a[0]) }),
  FactorKindMismatch: (a, t) => ({ factor: a[0] ?? "", deviceKind: t(`kind.${a[1]}` as MessageKey), factorKind: t(`kind.${a[2]}` as MessageKey) }),
  UnknownDevice: (a) => ({ device: addr(a[0]) }),
  DeviceNotActive: (a) => ({ device: addr(a[0]) }),
  NotDeviceOwnerOrRegistrar: (a) => ({ device: addr(a[0]) }),
  AlreadyEnrolled: (a) => ({ account: a[0] ?? "" }),
  NotEnrolled: (a) => ({ account: addr(a[0]) }),
  CertifierAlreadyNamed: (a) => ({ certifier: addr(a[0]) }),
  // CarbonBudget
  RequiredMeterMissing: (a, t) => ({ kinds: kindNames(big(a[1]), t) }),
  DeficitOutstanding: (a) => ({ deficit: kg(a[1]) }),
  AllowanceAlreadyClaimed: (a) => ({ period: a[1] ?? "" }),
  ClaimWindowClosed: (a) => ({ period: a[0] ?? "" }),
  PeriodNotSettleable: (a) => ({ period: a[0] ?? "", at: time(a[1]) }),
  OutOfOrderSettlement: (a) => ({ period: a[1] ?? "", expected: a[2] ?? "" }),
  RewardWindowOpen: (a) => ({ period: a[0] ?? "", at: time(a[1]) }),
  NothingToClaim: (a) => ({ period: a[1] ?? "" }),
  PaymentExceedsDeficit: (a) => ({ amount: kg(a[0]), deficit: kg(a[1]) }),
};

/** Names of the custom errors explained in sentences (`revert.<name>` messages). */
export const EXPLAINED_ERRORS = Object.keys(SENTENCES);

/**
 * The sentence for a decoded revert (translated), or undefined when the error has none and the
 * UI falls back to its decoded form.
 */
export function explainRevert(reason: RevertReason, t: Translate): string | undefined {
  if (!Object.hasOwn(SENTENCES, reason.name)) return undefined;
  const vars = SENTENCES[reason.name]!;
  return t(`revert.${reason.name}` as MessageKey, vars(reason.args, t));
}
