/**
 * Every PCX event as a sentence with units, for the explorer's lists, an account's trail and a
 * transaction's page: amounts of PCC in kg CO₂e, quote amounts in their currency, prices per kg,
 * periods as local date ranges, times as local date-times, enums by name, addresses shortened
 * (PCX contracts by name). Pure: the caller passes the translation function and what it knows of
 * the calendar and the order book.
 */
import { getAddress, isAddress, keccak256, toBytes, type Hex } from "viem";
import type { Lang, MessageKey } from "@/i18n";
import { countNumber, kg, percent, priceText, quoteAmount, type QuoteToken } from "./amounts";
import { shortAddress } from "./format";
import { formatPeriod, type Calendar } from "./periods";
import { decodeOrderId, type BookUnits } from "./price";
import { dateTime } from "./time";
import { formatDuration } from "./format";

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface EventContext {
  lang: Lang;
  t: Translate;
  cal?: Calendar;
  book?: { units: BookUnits; quote: QuoteToken };
  /** A display name for a known address (a PCX contract), if any. */
  nameOf?: (address: string) => string | undefined;
}

export interface PcxEvent {
  contract: string;
  name: string;
  args: Record<string, unknown>;
}

const ZERO = "0x0000000000000000000000000000000000000000";
const MAX_UINT = 2n ** 256n - 1n;

/** Roles of the PCX contracts by their hash (AccessControl). */
const ROLE_NAMES = ["REGISTRAR_ROLE", "CERTIFIER_ADMIN_ROLE", "FACTOR_ADMIN_ROLE", "PARAMETERS_ROLE", "PAUSER_ROLE", "FEE_ROLE", "ORACLE_ROLE", "SETTLER_ROLE", "MINTER_ROLE", "BURNER_ROLE", "PRICE_BAND_ROLE", "LIMIT_ROLE"] as const;
const ROLES = new Map<string, string>(ROLE_NAMES.map((r) => [keccak256(toBytes(r)), r]));
ROLES.set(`0x${"00".repeat(32)}`, "DEFAULT_ADMIN_ROLE");
/** Every role with a name (`role.<name>` messages). */
export const ROLE_KEYS = ["DEFAULT_ADMIN_ROLE", ...ROLE_NAMES];

const big = (v: unknown): bigint => {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return BigInt(Math.trunc(v));
  if (typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v);
  return 0n;
};
const num = (v: unknown) => Number(big(v));
const bool = (v: unknown) => v === true || v === "true";

/** Sentence builders: event name → message key and its values. */
type Builder = (a: Record<string, unknown>, x: Helpers, ev: PcxEvent) => [MessageKey, Record<string, string>];

interface Helpers {
  addr(v: unknown): string;
  kg(v: unknown): string;
  period(v: unknown): string;
  time(v: unknown): string;
  kind(v: unknown): string;
  kinds(v: unknown): string;
  tier(v: unknown): string;
  side(v: unknown): string;
  lots(v: unknown): string;
  quote(v: unknown): string;
  price(v: unknown): string;
  pct(v: unknown): string;
  role(v: unknown): string;
  text(v: unknown): string;
  t: Translate;
}

function helpers(ctx: EventContext): Helpers {
  const { t, lang } = ctx;
  const lotsKg = (lots: bigint) => (ctx.book ? kg(lots * ctx.book.units.lotSize, lang) : t("event.lots", { n: countNumber(lots, lang) }));
  return {
    t,
    addr: (v) => {
      const a = String(v ?? "");
      if (a.toLowerCase() === ZERO) return t("event.nobody");
      // The indexer stores addresses in lower case: show them checksummed, as everywhere else.
      return ctx.nameOf?.(a) ?? shortAddress(isAddress(a, { strict: false }) ? getAddress(a) : a);
    },
    kg: (v) => kg(big(v), lang),
    period: (v) => (ctx.cal ? formatPeriod(ctx.cal, num(v), lang) : t("event.periodNumber", { n: num(v) })),
    time: (v) => (big(v) === 0n ? t("event.never") : dateTime(big(v), lang)),
    kind: (v) => t(`kind.${num(v)}` as MessageKey),
    kinds: (v) => {
      const m = num(v);
      const names = [0, 1, 2, 3, 4, 5, 6].filter((k) => m & (1 << k)).map((k) => t(`kind.${k}` as MessageKey));
      return names.length ? names.join(", ") : t("event.noKinds");
    },
    tier: (v) => t(`event.tier.${Math.min(num(v), 2)}` as MessageKey),
    side: (v) => t(num(v) === 0 ? "event.side.buy" : "event.side.sell"),
    lots: (v) => lotsKg(big(v)),
    quote: (v) => (ctx.book ? quoteAmount(big(v), ctx.book.quote, lang) : t("event.quoteUnits", { n: countNumber(big(v), lang) })),
    price: (v) => (ctx.book ? priceText(big(v), ctx.book.units, ctx.book.quote.symbol, lang) : t("event.tick", { n: num(v) })),
    pct: (v) => percent(big(v), lang),
    role: (v) => {
      const name = ROLES.get(String(v).toLowerCase());
      return name ? t(`role.${name}` as MessageKey) : t("role.unknown");
    },
    text: (v) => String(v ?? ""),
  };
}

/** The order's side and price from its id (owner << 96 | side << 88 | tick << 64 | …). */
function order(v: unknown, x: Helpers) {
  const { side, tick } = decodeOrderId(big(v));
  return { side: x.side(side), price: x.price(tick), isBid: side === 0 };
}

const BUILDERS: Record<string, Builder> = {
  // CarbonBudget
  AllowanceClaimed: (a, x) => ["event.AllowanceClaimed", { account: x.addr(a.account), amount: x.kg(a.amount), period: x.period(a.period) }],
  DeficitPaid: (a, x) =>
    big(a.remaining) === 0n
      ? ["event.DeficitPaid.cleared", { payer: x.addr(a.payer), account: x.addr(a.account), amount: x.kg(a.amount) }]
      : ["event.DeficitPaid", { payer: x.addr(a.payer), account: x.addr(a.account), amount: x.kg(a.amount), remaining: x.kg(a.remaining) }],
  ParametersScheduled: (a, x) => ["event.ParametersScheduled", { period: x.period(a.fromPeriod), allowance: x.kg(a.allowance), budget: x.kg(a.rewardBudget), rate: x.pct(a.rewardRateBps) }],
  RewardClaimed: (a, x) => ["event.RewardClaimed", { account: x.addr(a.account), amount: x.kg(a.amount), period: x.period(a.period), entitlement: x.kg(a.entitlement) }],
  RewardWithheld: (a, x) => ["event.RewardWithheld", { account: x.addr(a.account), period: x.period(a.period), reason: x.t(`dashboard.withheld.${Math.min(Math.max(num(a.reason), 1), 3)}` as MessageKey) }],
  Settled: (a, x) => [
    big(a.shortfall) > 0n ? "event.Settled.shortfall" : "event.Settled",
    {
      account: x.addr(a.account),
      period: x.period(a.period),
      emissions: x.kg(a.emissions),
      surrendered: x.kg(a.surrendered),
      shortfall: x.kg(a.shortfall),
      reward: x.kg(a.rewardEntitlement),
      baseline: x.kg(a.baselineAfter),
    },
  ],
  // CarbonCredit and the quote token
  Approval: (a, x, ev) => [
    big(a.value) === MAX_UINT ? "event.Approval.unlimited" : "event.Approval",
    { owner: x.addr(a.owner), spender: x.addr(a.spender), amount: ev.contract === "CarbonCredit" ? x.kg(a.value) : x.quote(a.value) },
  ],
  Transfer: (a, x, ev) => {
    const amount = ev.contract === "CarbonCredit" ? x.kg(a.value) : x.quote(a.value);
    if (String(a.from).toLowerCase() === ZERO) return ["event.Transfer.mint", { to: x.addr(a.to), amount }];
    if (String(a.to).toLowerCase() === ZERO) return ["event.Transfer.burn", { from: x.addr(a.from), amount }];
    return ["event.Transfer", { from: x.addr(a.from), to: x.addr(a.to), amount }];
  },
  Minted: (a, x) => ["event.Minted", { to: x.addr(a.to), amount: x.kg(a.amount), minter: x.addr(a.minter) }],
  Surrendered: (a, x) => ["event.Surrendered", { from: x.addr(a.from), amount: x.kg(a.amount), burner: x.addr(a.burner) }],
  Retired: (a, x) => [
    a.beneficiaryName ? "event.Retired.named" : "event.Retired",
    { id: String(big(a.id)), retiree: x.addr(a.retiree), amount: x.kg(a.amount), beneficiary: x.addr(a.beneficiary), name: x.text(a.beneficiaryName) },
  ],
  Paused: (a, x, ev) => ["event.Paused", { contract: ev.contract, account: x.addr(a.account) }],
  Unpaused: (a, x, ev) => ["event.Unpaused", { contract: ev.contract, account: x.addr(a.account) }],
  EIP712DomainChanged: (_a, _x, ev) => ["event.EIP712DomainChanged", { contract: ev.contract }],
  Dripped: (a, x) => ["event.Dripped", { account: x.addr(a.account), amount: x.quote(a.amount) }],
  // AccessControl
  RoleGranted: (a, x, ev) => ["event.RoleGranted", { account: x.addr(a.account), role: x.role(a.role), contract: ev.contract, sender: x.addr(a.sender) }],
  RoleRevoked: (a, x, ev) => ["event.RoleRevoked", { account: x.addr(a.account), role: x.role(a.role), contract: ev.contract, sender: x.addr(a.sender) }],
  RoleAdminChanged: (a, x, ev) => ["event.RoleAdminChanged", { role: x.role(a.role), admin: x.role(a.newAdminRole), contract: ev.contract }],
  // EmissionFactors
  FactorAdded: (a, x) => ["event.FactorAdded", { id: String(num(a.factorId)), key: x.text(a.key), kind: x.kind(a.kind), unit: x.text(a.unit) }],
  FactorVersionPublished: (a, x) => ["event.FactorVersionPublished", { id: String(num(a.factorId)), version: String(num(a.versionId)), period: x.period(a.effectiveFromPeriod), source: x.text(a.source) }],
  // EmissionOracle
  ReadingAccepted: (a, x) => [
    bool(a.operatorAttested) ? "event.ReadingAccepted.attested" : "event.ReadingAccepted",
    { device: x.addr(a.device), seq: String(big(a.seq)), owner: x.addr(a.owner), kg: x.kg(a.kgCO2e), period: x.period(a.period) },
  ],
  ReadingRejected: (a, x) => ["event.ReadingRejected", { device: x.addr(a.device), seq: String(big(a.seq)), reason: x.t(`event.reject.${Math.min(num(a.reason), 13)}` as MessageKey) }],
  EstimatePaidOff: (a, x) => ["event.EstimatePaidOff", { device: x.addr(a.device), kg: x.kg(a.kgCO2e), outstanding: x.kg(a.outstanding) }],
  GapEstimated: (a, x) => ["event.GapEstimated", { account: x.addr(a.account), kind: x.kind(a.kind), kg: x.kg(a.kgCO2e), period: x.period(a.period), uncovered: formatDuration(big(a.uncoveredSeconds)) }],
  GapEstimateSet: (a, x) => ["event.GapEstimateSet", { kind: x.kind(a.kind), kg: x.kg(a.kgPerPeriod) }],
  CheckpointsCommitted: (a, x) => ["event.CheckpointsCommitted", { accepted: String(big(a.accepted)), checkpoints: String(big(a.checkpoints)), submitter: x.addr(a.submitter) }],
  // Registry
  Enrolled: (a, x) => ["event.Enrolled", { account: x.addr(a.account), registrar: x.addr(a.registrar) }],
  Unenrolled: (a, x) => ["event.Unenrolled", { account: x.addr(a.account), registrar: x.addr(a.registrar) }],
  // CommunityBoard
  Joined: (a, x) => ["event.Joined", { account: x.addr(a.account), pseudonym: x.text(a.pseudonym) }],
  Renamed: (a, x) => ["event.Renamed", { account: x.addr(a.account), previous: x.text(a.previous), pseudonym: x.text(a.pseudonym) }],
  Left: (a, x) => ["event.Left", { account: x.addr(a.account), pseudonym: x.text(a.pseudonym) }],
  RequiredMetersSet: (a, x) => ["event.RequiredMetersSet", { account: x.addr(a.account), kinds: x.kinds(a.kinds), registrar: x.addr(a.registrar) }],
  CertifierAdded: (a, x) => ["event.CertifierAdded", { name: x.text(a.name), certifier: x.addr(a.certifier), tier: x.tier(a.tier) }],
  CertifierRevokedAt: (a, x) => ["event.CertifierRevokedAt", { certifier: x.addr(a.certifier), at: x.time(a.at) }],
  DeviceBound: (a, x) => [bool(a.operatorAttested) ? "event.DeviceBound.attested" : "event.DeviceBound", { kind: x.kind(a.kind), device: x.addr(a.device), owner: x.addr(a.owner) }],
  DeviceCertified: (a, x) => [
    bool(a.required) ? "event.DeviceCertified.required" : "event.DeviceCertified",
    { device: x.addr(a.device), certifier: x.addr(a.certifier), tier: x.tier(a.tier), until: x.time(a.validUntil) },
  ],
  DeviceRevoked: (a, x) => ["event.DeviceRevoked", { device: x.addr(a.device), owner: x.addr(a.owner), by: x.addr(a.by), at: x.time(a.effectiveAt) }],
  // OrderBook
  OrderPlaced: (a, x) => {
    const o = order(a.orderId, x);
    return [big(a.expiry) > 0n ? "event.OrderPlaced.expiring" : "event.OrderPlaced", { owner: x.addr(a.owner), side: o.side, size: x.lots(a.lots), price: o.price, expiry: x.time(a.expiry) }];
  },
  OrderCancelled: (a, x) => {
    const o = order(a.orderId, x);
    return [
      `event.OrderCancelled.${Math.min(num(a.reason), 2)}` as MessageKey,
      { owner: x.addr(a.owner), side: o.side, price: o.price, size: x.lots(a.cancelledLots), refund: o.isBid ? x.quote(a.refund) : x.kg(a.refund) },
    ];
  },
  Trade: (a, x) => [num(a.takerSide) === 0 ? "event.Trade.buy" : "event.Trade.sell", { taker: x.addr(a.taker), size: x.lots(a.lots), price: x.price(a.tick), total: x.quote(a.quoteAmount), fee: x.quote(a.fee) }],
  Claimed: (a, x) => {
    const o = order(a.orderId, x);
    return ["event.Claimed", { owner: x.addr(a.owner), amount: o.isBid ? x.kg(a.amount) : x.quote(a.amount), side: o.side, price: o.price, size: x.lots(a.lots) }];
  },
  FeesWithdrawn: (a, x) => ["event.FeesWithdrawn", { amount: x.quote(a.amount), treasury: x.addr(a.treasury) }],
  FeeChanged: (a, x) => ["event.FeeChanged", { fee: x.pct(a.feeBps) }],
  TreasuryChanged: (a, x) => ["event.TreasuryChanged", { treasury: x.addr(a.treasury) }],
  ReferencePriceSet: (a, x) =>
    big(a.referenceTick) === 0n ? ["event.ReferencePriceSet.off", {}] : [bool(a.fromClose) ? "event.ReferencePriceSet.close" : "event.ReferencePriceSet", { price: x.price(a.referenceTick) }],
  BandChanged: (a, x) => (big(a.bandBps) === 0n ? ["event.BandChanged.off", {}] : ["event.BandChanged", { band: x.pct(a.bandBps) }]),
  AutoReferenceChanged: (a) => [bool(a.enabled) ? "event.AutoReferenceChanged.on" : "event.AutoReferenceChanged.off", {}],
  TradeLimitChanged: (a, x) => (big(a.lots) === 0n ? ["event.TradeLimitChanged.off", {}] : ["event.TradeLimitChanged", { size: x.lots(a.lots) }]),
  MinLotsChanged: (a, x) => ["event.MinLotsChanged", { size: x.lots(big(a.lots) > 0n ? a.lots : 1n) }],
  PauseChanged: (a, x) => [bool(a.paused) ? "event.PauseChanged.paused" : "event.PauseChanged.resumed", { by: x.addr(a.by) }],
};

/** Names of the events with a sentence. */
export const SENTENCE_EVENTS = Object.keys(BUILDERS);

/** The event as one translated sentence ("event.unknown" names it when PCX has no sentence for it). */
export function eventSentence(ev: PcxEvent, ctx: EventContext): string {
  const build = Object.hasOwn(BUILDERS, ev.name) ? BUILDERS[ev.name] : undefined;
  if (!build) return ctx.t("event.unknown", { contract: ev.contract, name: ev.name });
  const [key, vars] = build(ev.args, helpers(ctx), ev);
  return ctx.t(key, vars);
}

/** Hex of a role name, for tests and the admin page. */
export const roleHash = (name: string): Hex => keccak256(toBytes(name));
