/**
 * The PCX indexer's tables. Amounts are PCC wei (1e18 = 1 kg CO2e) or quote units, as bigints.
 * `ord` = block × 100,000 + log index: a total, stable chain order used as the paging cursor.
 * Addresses are lower-case.
 */
import { index, onchainTable, primaryKey } from "ponder";

/** Every event of every PCX contract (the explorer's lists), arguments as JSON (bigints as strings). */
export const eventLog = onchainTable(
  "event_log",
  (t) => ({
    id: t.text().primaryKey(),
    ord: t.bigint().notNull(),
    contract: t.text().notNull(),
    name: t.text().notNull(),
    args: t.json().notNull(),
    block: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (t) => ({ ordIdx: index().on(t.ord), nameIdx: index().on(t.contract, t.name, t.ord) }),
);

/** Which events name an account (any address argument): an account's trail. */
export const accountEvent = onchainTable(
  "account_event",
  (t) => ({
    account: t.hex().notNull(),
    eventId: t.text().notNull(),
    ord: t.bigint().notNull(),
    contract: t.text().notNull(),
    name: t.text().notNull(),
  }),
  (t) => ({ pk: primaryKey({ columns: [t.account, t.eventId] }), trailIdx: index().on(t.account, t.ord) }),
);

/** Accepted and rejected readings (EmissionOracle). */
export const reading = onchainTable(
  "reading",
  (t) => ({
    id: t.text().primaryKey(),
    ord: t.bigint().notNull(),
    accepted: t.boolean().notNull(),
    device: t.hex().notNull(),
    /** The device's owner (for a rejection: its bound owner, if known). */
    owner: t.hex(),
    period: t.integer(),
    seq: t.bigint().notNull(),
    delta: t.bigint(),
    kg: t.bigint(),
    factorVersion: t.integer(),
    operatorAttested: t.boolean(),
    rejectReason: t.integer(),
    /** Day of the block (UTC days since 1970). */
    day: t.integer().notNull(),
    block: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (t) => ({ deviceIdx: index().on(t.device, t.ord), ownerIdx: index().on(t.owner, t.ord) }),
);

/** Emissions booked per device per UTC day of the block (accepted readings only). */
export const deviceDay = onchainTable(
  "device_day",
  (t) => ({
    device: t.hex().notNull(),
    day: t.integer().notNull(),
    owner: t.hex().notNull(),
    readings: t.integer().notNull(),
    delta: t.bigint().notNull(),
    kg: t.bigint().notNull(),
  }),
  (t) => ({ pk: primaryKey({ columns: [t.device, t.day] }) }),
);

/**
 * Per account per period: emissions as EmissionOracle books them
 * (emissions = measured − paidOff + estimated = emissionsOf), the allowance claimed, the
 * settlement and the reward.
 */
export const accountPeriod = onchainTable(
  "account_period",
  (t) => ({
    account: t.hex().notNull(),
    period: t.integer().notNull(),
    readings: t.integer().notNull(),
    measured: t.bigint().notNull(),
    paidOff: t.bigint().notNull(),
    estimated: t.bigint().notNull(),
    emissions: t.bigint().notNull(),
    allowance: t.bigint().notNull(),
    settled: t.boolean().notNull(),
    rewardEntitlement: t.bigint().notNull(),
    rewardClaimed: t.bigint().notNull(),
    rewardWithheldReason: t.integer(),
  }),
  (t) => ({ pk: primaryKey({ columns: [t.account, t.period] }), periodIdx: index().on(t.period) }),
);

/** GapEstimated: a conservative estimate booked at settlement for a required meter's gap. */
export const gapEstimate = onchainTable("gap_estimate", (t) => ({
  id: t.text().primaryKey(),
  ord: t.bigint().notNull(),
  account: t.hex().notNull(),
  period: t.integer().notNull(),
  device: t.hex().notNull(),
  kind: t.integer().notNull(),
  uncoveredSeconds: t.bigint().notNull(),
  kg: t.bigint().notNull(),
  tx: t.hex().notNull(),
}));

/** EstimatePaidOff: part of a reading that went to its device's outstanding estimate. */
export const estimatePayoff = onchainTable("estimate_payoff", (t) => ({
  id: t.text().primaryKey(),
  ord: t.bigint().notNull(),
  device: t.hex().notNull(),
  owner: t.hex().notNull(),
  period: t.integer().notNull(),
  kg: t.bigint().notNull(),
  outstanding: t.bigint().notNull(),
  tx: t.hex().notNull(),
}));

/** The Merkle root of the raw signed readings a checkpoint summarises: one row per checkpoint a
 *  CheckpointsCommitted call committed (its calldata's commitment, sdk committedCheckpoints). */
export const rawCommitment = onchainTable("raw_commitment", (t) => ({
  id: t.text().primaryKey(),
  ord: t.bigint().notNull(),
  device: t.hex().notNull(),
  /** The checkpoint's seq (its ReadingAccepted in the same transaction). */
  seq: t.bigint().notNull(),
  root: t.hex().notNull(),
  count: t.integer().notNull(),
  fromSeq: t.bigint().notNull(),
  submitter: t.hex().notNull(),
  tx: t.hex().notNull(),
}));

/** Devices: binding, certificate, revocation, reading counters. */
export const device = onchainTable(
  "device",
  (t) => ({
    address: t.hex().primaryKey(),
    owner: t.hex().notNull(),
    kind: t.integer().notNull(),
    factorId: t.integer().notNull(),
    operatorAttested: t.boolean().notNull(),
    certifier: t.hex(),
    tier: t.integer(),
    model: t.hex(),
    serialHash: t.hex(),
    validUntil: t.bigint(),
    required: t.boolean(),
    revokedBy: t.hex(),
    revokedEffectiveAt: t.bigint(),
    lastSeq: t.bigint(),
    readings: t.integer().notNull(),
    rejected: t.integer().notNull(),
    outstandingEstimate: t.bigint().notNull(),
    boundBlock: t.bigint().notNull(),
  }),
  (t) => ({ ownerIdx: index().on(t.owner) }),
);

export const certifier = onchainTable("certifier", (t) => ({
  address: t.hex().primaryKey(),
  tier: t.integer().notNull(),
  name: t.text().notNull(),
  revokedAt: t.bigint(),
}));

/** Enrolled / Unenrolled events. */
export const enrollment = onchainTable("enrollment", (t) => ({
  id: t.text().primaryKey(),
  ord: t.bigint().notNull(),
  account: t.hex().notNull(),
  registrar: t.hex().notNull(),
  enrolled: t.boolean().notNull(),
  tx: t.hex().notNull(),
}));

/** Accounts: enrolment, required meters, PCC balance, deficit, totals. */
export const account = onchainTable("account", (t) => ({
  address: t.hex().primaryKey(),
  enrolled: t.boolean().notNull(),
  enrolledAt: t.bigint(),
  requiredMeters: t.integer().notNull(),
  balance: t.bigint().notNull(),
  deficit: t.bigint().notNull(),
  retired: t.bigint().notNull(),
  lastOrd: t.bigint().notNull(),
}));

export const allowanceClaim = onchainTable("allowance_claim", (t) => ({
  id: t.text().primaryKey(),
  ord: t.bigint().notNull(),
  account: t.hex().notNull(),
  period: t.integer().notNull(),
  amount: t.bigint().notNull(),
  tx: t.hex().notNull(),
}));

export const settlement = onchainTable(
  "settlement",
  (t) => ({
    account: t.hex().notNull(),
    period: t.integer().notNull(),
    ord: t.bigint().notNull(),
    settler: t.hex().notNull(),
    emissions: t.bigint().notNull(),
    surrendered: t.bigint().notNull(),
    shortfall: t.bigint().notNull(),
    baselineBefore: t.bigint().notNull(),
    baselineAfter: t.bigint().notNull(),
    rewardEntitlement: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (t) => ({ pk: primaryKey({ columns: [t.account, t.period] }), ordIdx: index().on(t.ord) }),
);

export const rewardWithheld = onchainTable(
  "reward_withheld",
  (t) => ({
    account: t.hex().notNull(),
    period: t.integer().notNull(),
    reason: t.integer().notNull(),
    ord: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (t) => ({ pk: primaryKey({ columns: [t.account, t.period] }) }),
);

export const deficitPayment = onchainTable("deficit_payment", (t) => ({
  id: t.text().primaryKey(),
  ord: t.bigint().notNull(),
  account: t.hex().notNull(),
  payer: t.hex().notNull(),
  amount: t.bigint().notNull(),
  remaining: t.bigint().notNull(),
  tx: t.hex().notNull(),
}));

export const rewardClaim = onchainTable("reward_claim", (t) => ({
  id: t.text().primaryKey(),
  ord: t.bigint().notNull(),
  account: t.hex().notNull(),
  period: t.integer().notNull(),
  amount: t.bigint().notNull(),
  entitlement: t.bigint().notNull(),
  tx: t.hex().notNull(),
}));

export const retirement = onchainTable("retirement", (t) => ({
  id: t.bigint().primaryKey(),
  ord: t.bigint().notNull(),
  retiree: t.hex().notNull(),
  beneficiary: t.hex().notNull(),
  amount: t.bigint().notNull(),
  beneficiaryName: t.text().notNull(),
  reason: t.text().notNull(),
  jurisdiction: t.text().notNull(),
  timestamp: t.bigint().notNull(),
  tx: t.hex().notNull(),
}));

export const transfer = onchainTable(
  "transfer",
  (t) => ({
    id: t.text().primaryKey(),
    ord: t.bigint().notNull(),
    from: t.hex().notNull(),
    to: t.hex().notNull(),
    value: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (t) => ({ fromIdx: index().on(t.from, t.ord), toIdx: index().on(t.to, t.ord) }),
);

/** One row ("CarbonCredit"): supply from Transfer (mints − burns) and the Minted / Surrendered / Retired sums. */
export const tokenSupply = onchainTable("token_supply", (t) => ({
  id: t.text().primaryKey(),
  totalSupply: t.bigint().notNull(),
  minted: t.bigint().notNull(),
  surrendered: t.bigint().notNull(),
  retired: t.bigint().notNull(),
}));

export const factorVersion = onchainTable("factor_version", (t) => ({
  versionId: t.integer().primaryKey(),
  factorId: t.integer().notNull(),
  effectiveFromPeriod: t.integer().notNull(),
  value: t.bigint().notNull(),
  source: t.text().notNull(),
}));

/** Order-book orders, with their fills replayed FIFO per level epoch (as audit/rebuild/orderbook.ts). */
export const bookOrder = onchainTable(
  "book_order",
  (t) => ({
    id: t.bigint().primaryKey(),
    ord: t.bigint().notNull(),
    owner: t.hex().notNull(),
    side: t.integer().notNull(),
    tick: t.integer().notNull(),
    epoch: t.integer().notNull(),
    start: t.bigint().notNull(),
    lots: t.bigint().notNull(),
    expiry: t.bigint().notNull(),
    kind: t.integer().notNull(),
    filled: t.bigint().notNull(),
    claimedLots: t.bigint().notNull(),
    claimedAmount: t.bigint().notNull(),
    cancelledLots: t.bigint().notNull(),
    refund: t.bigint().notNull(),
    /** open | filled | cancelled */
    status: t.text().notNull(),
    tx: t.hex().notNull(),
  }),
  (t) => ({ ownerIdx: index().on(t.owner, t.status), levelIdx: index().on(t.side, t.tick, t.epoch, t.start) }),
);

/** Resting lots per price level (Σ open orders' unfilled lots). */
export const level = onchainTable(
  "level",
  (t) => ({
    side: t.integer().notNull(),
    tick: t.integer().notNull(),
    liveLots: t.bigint().notNull(),
    orders: t.integer().notNull(),
  }),
  (t) => ({ pk: primaryKey({ columns: [t.side, t.tick] }) }),
);

export const trade = onchainTable(
  "trade",
  (t) => ({
    id: t.text().primaryKey(),
    ord: t.bigint().notNull(),
    taker: t.hex().notNull(),
    takerSide: t.integer().notNull(),
    tick: t.integer().notNull(),
    epoch: t.integer().notNull(),
    fromPosition: t.bigint().notNull(),
    lots: t.bigint().notNull(),
    quoteAmount: t.bigint().notNull(),
    fee: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (t) => ({ ordIdx: index().on(t.ord), takerIdx: index().on(t.taker, t.ord) }),
);

/**
 * Period statements: one row per maker order a Trade filled (the Trade handler's FIFO replay, as
 * book_order.filled), so a maker's trades can be listed with their price and quote share.
 */
export const tradeFill = onchainTable(
  "trade_fill",
  (t) => ({
    /** `${trade id}:${order id}` */
    id: t.text().primaryKey(),
    ord: t.bigint().notNull(),
    tradeId: t.text().notNull(),
    orderId: t.bigint().notNull(),
    maker: t.hex().notNull(),
    /** The maker order's side: 0 bid (the maker bought PCC), 1 ask (it sold). */
    makerSide: t.integer().notNull(),
    tick: t.integer().notNull(),
    lots: t.bigint().notNull(),
    /** The maker's share of the trade's quote amount: trade quote × lots / trade lots (exact: quote = lots × tick × quotePerTickLot). */
    quoteAmount: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (t) => ({ makerIdx: index().on(t.maker, t.timestamp) }),
);

/** OHLC of trade ticks per interval ("1m", "1h", "1d") and bucket start (unix seconds of the block). */
export const candle = onchainTable(
  "candle",
  (t) => ({
    interval: t.text().notNull(),
    bucket: t.bigint().notNull(),
    open: t.integer().notNull(),
    high: t.integer().notNull(),
    low: t.integer().notNull(),
    close: t.integer().notNull(),
    lots: t.bigint().notNull(),
    quote: t.bigint().notNull(),
    trades: t.integer().notNull(),
  }),
  (t) => ({ pk: primaryKey({ columns: [t.interval, t.bucket] }) }),
);

export const orderCancel = onchainTable("order_cancel", (t) => ({
  id: t.text().primaryKey(),
  ord: t.bigint().notNull(),
  orderId: t.bigint().notNull(),
  owner: t.hex().notNull(),
  reason: t.integer().notNull(),
  cancelledLots: t.bigint().notNull(),
  refund: t.bigint().notNull(),
  tx: t.hex().notNull(),
}));

export const orderClaim = onchainTable("order_claim", (t) => ({
  id: t.text().primaryKey(),
  ord: t.bigint().notNull(),
  orderId: t.bigint().notNull(),
  owner: t.hex().notNull(),
  lots: t.bigint().notNull(),
  amount: t.bigint().notNull(),
  tx: t.hex().notNull(),
}));

/** One row ("OrderBook"): the taker fee in force and fees accrued / withdrawn. */
export const market = onchainTable("market", (t) => ({
  id: t.text().primaryKey(),
  feeBps: t.bigint().notNull(),
  feesAccrued: t.bigint().notNull(),
  feesWithdrawn: t.bigint().notNull(),
  trades: t.integer().notNull(),
  lastTick: t.integer(),
}));

export const feeWithdrawal = onchainTable("fee_withdrawal", (t) => ({
  id: t.text().primaryKey(),
  ord: t.bigint().notNull(),
  treasury: t.hex().notNull(),
  amount: t.bigint().notNull(),
  tx: t.hex().notNull(),
}));

/** Transfers of the order book's quote token (abis.ts quoteAddress): funding links for the risk signals. */
export const quoteTransfer = onchainTable(
  "quote_transfer",
  (t) => ({
    id: t.text().primaryKey(),
    ord: t.bigint().notNull(),
    from: t.hex().notNull(),
    to: t.hex().notNull(),
    value: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (t) => ({ ordIdx: index().on(t.ord) }),
);

/**
 * The community board's current members (CommunityBoard Joined / Renamed / Left; a Left deletes
 * the row). The ranking (sdk/community.ts) joins them with `settlement`; /api/community hands out
 * pseudonyms and percentages only.
 */
export const communityMember = onchainTable("community_member", (t) => ({
  account: t.hex().primaryKey(),
  pseudonym: t.text().notNull(),
  /** Chain order of the Joined event: the ranking's last tie-break. */
  joinedOrd: t.bigint().notNull(),
}));
