/**
 * Turns any error from a wallet, the RPC or a contract into a short human-readable reason,
 * decoding custom errors with the PCX ABIs (viem decodeErrorResult).
 */
import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Abi, type Hex } from "viem";

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
