/**
 * Turns any error from a wallet, the RPC or a contract into a short human-readable reason,
 * decoding custom errors with the PCX ABIs (viem decodeErrorResult), and the custom errors a
 * household meets into translated sentences ({@link explainRevert}).
 */
import { BaseError, ContractFunctionRevertedError, decodeErrorResult, keccak256, toBytes, type Abi, type Hex } from "viem";
import type { MessageKey } from "@/i18n";
import { allPcxAbi } from "./contracts";
import { ROLE_KEYS } from "./event-sentences";
import { formatKg, formatTimestamp, shortAddress } from "./format";

export interface RevertReason {
  /** Custom error name ("NotEnrolled"), "Error" for require strings, or a wallet/RPC category. */
  name: string;
  /** Decoded arguments, stringified. */
  args: string[];
  /** One line for logs and titles: `NotEnrolled(0xabc…)` or the error's short message (never shown as the reason). */
  message: string;
  /** `message` is already a translated sentence for a person (the app's own checks before signing). */
  translated?: boolean;
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

/**
 * How a sentence shows periods, times and kg. The pages pass the user's locale and the calendar
 * (a period as its local date range); without one, periods are numbered and times are UTC.
 */
export interface RevertFormat {
  period(p: number): string;
  time(seconds: bigint): string;
  kg(wei: bigint): string;
}

const DEFAULT_FORMAT: RevertFormat = {
  period: (p) => `#${p}`,
  time: (s) => formatTimestamp(s),
  kg: (w) => formatKg(w),
};

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
const ROLE_BY_HASH = new Map<string, string>([...ROLE_KEYS.map((r) => [keccak256(toBytes(r)), r] as [string, string]), [`0x${"00".repeat(32)}`, "DEFAULT_ADMIN_ROLE"]]);

type Vars = (a: string[], t: Translate, f: RevertFormat) => Record<string, string>;

/** Custom errors with a sentence: name → (decoded args → placeholder values). */
const SENTENCES: Record<string, Vars> = {
  // Registry
  UnknownCertifier: (a) => ({ certifier: addr(a[0]) }),
  CertifierRevoked: (a) => ({ certifier: addr(a[0]) }),
  CertificateNotValid: (a, _t, f) => ({ device: addr(a[0]), from: f.time(big(a[1])), until: f.time(big(a[2])) }),
  RequiredMeterLocked: (a) => ({ device: addr(a[0]) }),
  RevocationPending: (a, _t, f) => ({ device: addr(a[0]), at: f.time(big(a[1])) }),
  DeviceAlreadyBound: (a) => ({ device: addr(a[0]) }),
  InvalidDeviceSignature: (a) => ({ device: addr(a[0]) }),
  FactorKindMismatch: (a, t) => ({ factor: a[0] ?? "", deviceKind: t(`kind.${a[1]}` as MessageKey), factorKind: t(`kind.${a[2]}` as MessageKey) }),
  UnknownDevice: (a) => ({ device: addr(a[0]) }),
  DeviceNotActive: (a) => ({ device: addr(a[0]) }),
  NotDeviceOwnerOrRegistrar: (a) => ({ device: addr(a[0]) }),
  AlreadyEnrolled: (a) => ({ account: a[0] ?? "" }),
  NotEnrolled: (a) => ({ account: addr(a[0]) }),
  CertifierAlreadyNamed: (a) => ({ certifier: addr(a[0]) }),
  ZeroAddress: () => ({}),
  // CarbonBudget
  RequiredMeterMissing: (a, t) => ({ kinds: kindNames(big(a[1]), t) }),
  DeficitOutstanding: (a, _t, f) => ({ deficit: f.kg(big(a[1])) }),
  AllowanceAlreadyClaimed: (a, _t, f) => ({ period: f.period(Number(big(a[1]))) }),
  ClaimWindowClosed: (a, _t, f) => ({ period: f.period(Number(big(a[0]))) }),
  PeriodNotStarted: (a, _t, f) => ({ period: f.period(Number(big(a[0]))) }),
  PeriodNotSettleable: (a, _t, f) => ({ period: f.period(Number(big(a[0]))), at: f.time(big(a[1])) }),
  OutOfOrderSettlement: (a, _t, f) => ({ period: f.period(Number(big(a[1]))), expected: f.period(Number(big(a[2]))) }),
  RewardWindowOpen: (a, _t, f) => ({ period: f.period(Number(big(a[0]))), at: f.time(big(a[1])) }),
  // CarbonBudget's (account, period) and the order book's (orderId): told apart by their arguments.
  NothingToClaim: (a, _t, f): Record<string, string> => (a.length >= 2 ? { period: f.period(Number(big(a[1]))) } : {}),
  PaymentExceedsDeficit: (a, _t, f) => ({ amount: f.kg(big(a[0])), deficit: f.kg(big(a[1])) }),
  ZeroAmount: () => ({}),
  ParametersTooEarly: (a, _t, f) => ({ earliest: f.period(Number(big(a[1]))) }),
  RateTooHigh: () => ({}),
  // EmissionFactors
  EffectiveTooEarly: (a, _t, f) => ({ earliest: f.period(Number(big(a[1]))) }),
  DuplicateKey: (a) => ({ key: a[0] ?? "" }),
  EmptyKey: () => ({}),
  UnknownFactor: (a) => ({ factor: a[0] ?? "" }),
  ZeroValue: () => ({}),
  NoVersionInForce: (a, _t, f) => ({ factor: a[0] ?? "", period: f.period(Number(big(a[1]))) }),
  // CarbonCredit, tokens, roles, pausing
  TextTooLong: () => ({}),
  UnknownRetirement: (a) => ({ id: a[0] ?? "" }),
  ERC20InsufficientBalance: () => ({}),
  ERC20InsufficientAllowance: () => ({}),
  ERC2612ExpiredSignature: () => ({}),
  ERC2612InvalidSigner: () => ({}),
  InvalidAccountNonce: () => ({}),
  EnforcedPause: () => ({}),
  AccessControlUnauthorizedAccount: (a, t) => {
    const role = ROLE_BY_HASH.get((a[1] ?? "").toLowerCase());
    return { account: addr(a[0]), role: role ? t(`role.${role}` as MessageKey) : t("role.unknown") };
  },
  // CommunityBoard (NotEnrolled is the Registry's sentence)
  AlreadyMember: () => ({}),
  NotMember: () => ({}),
  PseudonymTaken: (a) => ({ pseudonym: a[0] ?? "" }),
  PseudonymLength: (a) => ({ length: a[0] ?? "", min: a[1] ?? "", max: a[2] ?? "" }),
  PseudonymCharacter: () => ({}),
  PseudonymUnchanged: () => ({}),
  // OrderBook
  TradingPaused: () => ({}),
  PriceOutsideBand: () => ({}),
  PostOnlyWouldCross: () => ({}),
  OrderTooSmall: () => ({}),
  OrderTooLarge: () => ({}),
  InvalidTick: () => ({}),
  InvalidExpiry: () => ({}),
  NotOrderOwner: () => ({}),
  NothingToWithdraw: () => ({}),
  OrderFullyFilled: () => ({}),
  UnknownOrder: () => ({}),
  OrderExistsAtTick: () => ({}),
  TradeLimitExceeded: () => ({}),
  QueueFull: () => ({}),
  LevelCapacityExceeded: () => ({}),
  FeeTooHigh: (a) => ({ max: `${Number(big(a[1])) / 100}%` }),
  BandTooWide: () => ({}),
};

/** Names of the custom errors explained in sentences (`revert.<name>` messages). */
export const EXPLAINED_ERRORS = Object.keys(SENTENCES);

/**
 * The sentence for a decoded revert (translated), or undefined when the error has none and the
 * UI falls back to its decoded form.
 */
export function explainRevert(reason: RevertReason, t: Translate, format: RevertFormat = DEFAULT_FORMAT): string | undefined {
  if (!Object.hasOwn(SENTENCES, reason.name)) return undefined;
  const vars = SENTENCES[reason.name]!;
  // The order book's NothingToClaim(orderId) has its own sentence.
  const key = reason.name === "NothingToClaim" && reason.args.length < 2 ? "revert.NothingToClaimOrder" : `revert.${reason.name}`;
  return t(key as MessageKey, vars(reason.args, t, format));
}

/** Failures that are the network's or the wallet's, not a contract's refusal. */
const NETWORK_ERRORS = new Set(["HttpRequestError", "TimeoutError", "WebSocketRequestError", "RpcRequestError", "ChainDisconnectedError", "ProviderDisconnectedError", "LimitExceededRpcError", "ResourceUnavailableRpcError", "InternalRpcError", "UnknownRpcError"]);
const WALLET_ERRORS = new Set(["ChainMismatchError", "SwitchChainError", "ConnectorNotConnectedError", "ConnectorAccountNotFoundError", "AccountNotFoundError", "NotConnected"]);

/** The custom errors of the PCX ABIs (a decoded refusal that has no sentence yet). */
const CUSTOM_ERRORS = new Set(allPcxAbi.filter((i) => i.type === "error").map((i) => (i as { name: string }).name));

/**
 * A failure as one sentence for a person, never revert text: PCX's sentence for the error, the
 * app's own (already translated) message, or a sentence for its kind — the wallet refused, the
 * network did not answer, the contract refused. The decoded form stays in `reason.message` for a title.
 */
export function describeError(reason: RevertReason, t: Translate, format?: RevertFormat): string {
  // The app's own sentence wins, also when its tag is a contract error's name (a check made before signing).
  if (reason.translated) return reason.message;
  const sentence = explainRevert(reason, t, format);
  if (sentence) return sentence;
  if (reason.name === "UserRejected") return t("tx.userRejected");
  if (NETWORK_ERRORS.has(reason.name)) return t("error.network");
  if (WALLET_ERRORS.has(reason.name)) return t("error.wallet");
  if (CUSTOM_ERRORS.has(reason.name) || reason.name === "Error" || reason.name.startsWith("ContractFunction")) return t("error.contract");
  return t("error.generic");
}
