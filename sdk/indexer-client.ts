/**
 * A typed client for the PCX indexer's REST endpoints (indexer/src/api/index.ts), for the app and
 * the audit. Amounts arrive as decimal strings (JSON has no bigint): use BigInt(row.balance).
 * Lists are paged: `page` returns one page and its cursor, `all` walks every page.
 *
 *   const ix = indexerClient("http://127.0.0.1:42069");
 *   const { items, nextCursor } = await ix.trail("0x…", { limit: 50 });
 *   for await (const t of ix.all(ix.trades, { dir: "asc" })) …
 */
import type { CommunityEntry } from "./community.js";

export type Hex = `0x${string}`;
/** A bigint as the indexer serialises it. */
export type Dec = string;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export interface PageQuery {
  limit?: number;
  cursor?: string;
  /** Chain-ordered lists only: newest first (default) or oldest first. */
  dir?: "asc" | "desc";
}

interface Chained {
  ord: Dec;
  tx: Hex;
}
export interface EventRow extends Omit<Chained, "tx"> {
  id: string;
  contract: string;
  name: string;
  args: Record<string, unknown>;
  block: Dec;
  logIndex: number;
  timestamp: Dec;
  tx: Hex;
}
export interface AccountRow {
  address: Hex;
  enrolled: boolean;
  enrolledAt: Dec | null;
  requiredMeters: number;
  balance: Dec;
  deficit: Dec;
  retired: Dec;
  lastOrd: Dec;
}
export interface DeviceRow {
  address: Hex;
  owner: Hex;
  kind: number;
  factorId: number;
  operatorAttested: boolean;
  certifier: Hex | null;
  tier: number | null;
  model: Hex | null;
  serialHash: Hex | null;
  validUntil: Dec | null;
  required: boolean | null;
  revokedBy: Hex | null;
  revokedEffectiveAt: Dec | null;
  lastSeq: Dec | null;
  readings: number;
  rejected: number;
  outstandingEstimate: Dec;
  boundBlock: Dec;
}
export interface AccountPeriodRow {
  account: Hex;
  period: number;
  readings: number;
  measured: Dec;
  paidOff: Dec;
  estimated: Dec;
  /** measured − paidOff + estimated = EmissionOracle.emissionsOf(account, period) */
  emissions: Dec;
  allowance: Dec;
  settled: boolean;
  rewardEntitlement: Dec;
  rewardClaimed: Dec;
  rewardWithheldReason: number | null;
}
export interface SettlementRow extends Chained {
  account: Hex;
  period: number;
  settler: Hex;
  emissions: Dec;
  surrendered: Dec;
  shortfall: Dec;
  baselineBefore: Dec;
  baselineAfter: Dec;
  rewardEntitlement: Dec;
}
export interface DeficitPaymentRow extends Chained {
  id: string;
  account: Hex;
  payer: Hex;
  amount: Dec;
  remaining: Dec;
}
export interface RewardRow extends Chained {
  id: string;
  account: Hex;
  period: number;
  amount: Dec;
  entitlement: Dec;
}
export interface AllowanceRow extends Chained {
  id: string;
  account: Hex;
  period: number;
  amount: Dec;
}
export interface GapEstimateRow extends Chained {
  id: string;
  account: Hex;
  period: number;
  device: Hex;
  kind: number;
  uncoveredSeconds: Dec;
  kg: Dec;
}
export interface EstimatePayoffRow extends Chained {
  id: string;
  device: Hex;
  owner: Hex;
  period: number;
  kg: Dec;
  outstanding: Dec;
}
export interface RetirementRow extends Chained {
  id: Dec;
  retiree: Hex;
  beneficiary: Hex;
  amount: Dec;
  beneficiaryName: string;
  reason: string;
  jurisdiction: string;
  timestamp: Dec;
}
export interface TransferRow extends Chained {
  id: string;
  from: Hex;
  to: Hex;
  value: Dec;
}
/** A checkpoint's committed raw series (raw_commitment, from CheckpointsCommitted + calldata). */
export interface CommitmentRow extends Chained {
  id: string;
  device: Hex;
  seq: Dec;
  root: Hex;
  count: number;
  fromSeq: Dec;
  submitter: Hex;
}

export interface ReadingRow extends Chained {
  id: string;
  accepted: boolean;
  device: Hex;
  owner: Hex | null;
  period: number | null;
  seq: Dec;
  delta: Dec | null;
  kg: Dec | null;
  factorVersion: number | null;
  operatorAttested: boolean | null;
  rejectReason: number | null;
  day: number;
  block: Dec;
  timestamp: Dec;
}
export interface DeviceDayRow {
  device: Hex;
  /** UTC days since 1970 of the readings' blocks. */
  day: number;
  owner: Hex;
  readings: number;
  delta: Dec;
  kg: Dec;
}
export interface TradeRow extends Chained {
  id: string;
  taker: Hex;
  takerSide: number;
  tick: number;
  epoch: number;
  fromPosition: Dec;
  lots: Dec;
  quoteAmount: Dec;
  fee: Dec;
  timestamp: Dec;
}
export interface OrderRow extends Chained {
  id: Dec;
  owner: Hex;
  side: number;
  tick: number;
  epoch: number;
  start: Dec;
  lots: Dec;
  expiry: Dec;
  kind: number;
  filled: Dec;
  claimedLots: Dec;
  claimedAmount: Dec;
  cancelledLots: Dec;
  refund: Dec;
  status: "open" | "filled" | "cancelled";
}
export interface LevelRow {
  side: number;
  tick: number;
  liveLots: Dec;
  orders: number;
}
export type CandleInterval = "1m" | "1h" | "1d";
export interface CandleRow {
  interval: CandleInterval;
  /** Bucket start, unix seconds. */
  bucket: Dec;
  open: number;
  high: number;
  low: number;
  close: number;
  lots: Dec;
  quote: Dec;
  trades: number;
}
export interface SupplyRow {
  token: { id: string; totalSupply: Dec; minted: Dec; surrendered: Dec; retired: Dec } | null;
  market: { id: string; feeBps: Dec; feesAccrued: Dec; feesWithdrawn: Dec; trades: number; lastTick: number | null } | null;
}
export interface ClaimRow extends Chained {
  id: string;
  orderId: Dec;
  owner: Hex;
  lots: Dec;
  amount: Dec;
}
/** An account's emissions in one period per device (accepted readings − pay-offs), with the device's kind. */
export interface PeriodDeviceRow {
  device: Hex;
  kind: number | null;
  readings: number;
  measured: Dec;
  paidOff: Dec;
  kg: Dec;
}
/** A statement row's place on chain: its transaction, ord (block × 100,000 + log index) and block time (unix seconds; null if unknown). */
export interface StatementRef {
  ord: Dec;
  tx: Hex;
  timestamp: Dec | null;
}
/** Accepted readings of one device booked to the period, per UTC day of their blocks. */
export interface StatementReadingDay {
  device: Hex;
  kind: number | null;
  /** UTC days since 1970. */
  day: number;
  readings: number;
  kg: Dec;
}
/** One of the account's trades whose block time falls in the period: as the taker, or one of its resting orders filled (maker). */
export interface StatementTrade {
  id: string;
  ord: Dec;
  tx: Hex;
  timestamp: Dec;
  role: "taker" | "maker";
  /** The account's side: 0 bought PCC (bid), 1 sold PCC (ask). */
  side: number;
  tick: number;
  lots: Dec;
  /** Quote units for these lots (lots × tick × quotePerTickLot), before the taker fee. */
  quoteAmount: Dec;
  /** Taker fee in quote units (0 for a maker). */
  fee: Dec;
  orderId: Dec | null;
}
/** GET /api/accounts/:address/statement?period= — every row of one period's statement (sdk/statement.ts builds it). */
export interface StatementRows {
  account: Hex;
  period: number;
  /** PeriodCalendar.periodStart / periodEnd (unix seconds) and periodEnd + grace. */
  start: Dec;
  end: Dec;
  settleableAt: Dec;
  /** The last block with a PCX event the indexer had when it answered. */
  asOfBlock: Dec;
  summary: AccountPeriodRow | null;
  devices: DeviceRow[];
  readingDays: StatementReadingDay[];
  payoffs: (EstimatePayoffRow & StatementRef & { kind: number | null })[];
  gapEstimates: (GapEstimateRow & StatementRef)[];
  allowances: (AllowanceRow & StatementRef)[];
  settlement: (SettlementRow & StatementRef) | null;
  rewardWithheld: { account: Hex; period: number; reason: number; ord: Dec; tx: Hex } | null;
  rewardClaims: (RewardRow & StatementRef)[];
  trades: StatementTrade[];
  retirements: RetirementRow[];
  /** Every shortfall and deficit payment of the account, oldest first (a deficit is paid in later periods). */
  deficit: {
    settlements: ({ period: number; shortfall: Dec } & StatementRef)[];
    /** allowancePeriod: the payment was made by claiming that period's allowance (it pays a deficit first). */
    payments: (DeficitPaymentRow & StatementRef & { allowancePeriod: number | null })[];
  };
}
/**
 * /api/accounts/:a/emission-series: an account's booked emissions of one device kind in one bucket
 * of block time (accepted readings − what paid off a gap estimate; estimates are not in the series).
 */
export interface EmissionBucketRow {
  /** Bucket start, unix seconds (a multiple of the step). */
  bucket: Dec;
  kind: number | null;
  readings: number;
  measured: Dec;
  paidOff: Dec;
  kg: Dec;
}
export interface EmissionSeriesQuery {
  /** Bucket length in seconds (1 .. 31 days). */
  step: number;
  period?: number;
  /** Block time range, unix seconds (`to` exclusive); `period` or `from` is required. */
  from?: number;
  to?: number;
}
/** /api/progress: the newest indexed PCX event ("0" before the first); changes only when a PCX event is indexed. */
export interface IndexerProgress {
  lastOrd: Dec;
  lastBlock: Dec;
}
export type RiskSignal = "wash" | "spoofing" | "offReference" | "concentration";
/** A risk flag as the indexer serves it (sdk/risk Flag, bigints as decimal strings). */
export interface RiskFlagRow {
  signal: RiskSignal;
  score: number;
  summary: string;
  accounts: Hex[];
  txHashes: Hex[];
  orderIds: Dec[];
  details: Record<string, string | number | boolean | string[]>;
}
export interface RiskSummaryRow {
  fromBlock: number;
  toBlock: number;
  trades: number;
  fills: number;
  accounts: number;
  volumeLots: Dec;
  volumeQuote: Dec;
  washShare: number;
  flags: Record<RiskSignal, number>;
  unjudgedTrades: number;
  unattributedLots: Dec;
  hubs: Hex[];
  maxScore: number;
  /** Trailing window in seconds, or "all". */
  window: number | "all";
  fromTimestamp: number;
  generatedAtOrd: Dec;
  generatedAtBlock: Dec;
  /** Reports computed since the indexer started (the rest came from the per-event cache). */
  computations: number;
}
export interface RiskAccountRow {
  account: Hex;
  scores: Partial<Record<RiskSignal, number>>;
  score: number;
  flags: RiskFlagRow[];
  generatedAtBlock: Dec;
}
export type RiskWindow = { window?: number | "all" };

/** GET /api/community: one page of the board (sdk/community.ts), with the board's totals. */
export interface CommunityPage extends Page<CommunityEntry> {
  /** Accounts on the board. */
  members: number;
  /** Members with at least one counted period. */
  ranked: number;
  /** How many settled periods a score averages (COMMUNITY_PERIODS). */
  periods: number;
}
/** GET /api/community/:account: the account's own line, if it is on the board. */
export interface CommunityAccountRow {
  member: boolean;
  entry: CommunityEntry | null;
  members: number;
  ranked: number;
  periods: number;
}

/** Ponder's /status: the last indexed block per chain. */
export type IndexerStatus = Record<string, { id: number; block: { number: number; timestamp: number } | null }>;

/** block and log index of a chain-ordered row (its `ord` = block × 100,000 + log index). */
export function ordParts(ord: Dec | bigint): { block: bigint; logIndex: number } {
  const o = BigInt(ord);
  return { block: o / 100_000n, logIndex: Number(o % 100_000n) };
}

export class IndexerError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Params = Record<string, string | number | undefined>;

export function indexerClient(baseUrl: string, fetchImpl: typeof fetch = fetch) {
  const base = baseUrl.replace(/\/+$/, "");
  async function get<T>(path: string, params: Params = {}): Promise<T> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) qs.set(k, String(v));
    const url = `${base}${path}${qs.size ? `?${qs}` : ""}`;
    const res = await fetchImpl(url);
    const body = (await res.json().catch(() => ({}))) as T & { error?: string };
    if (!res.ok) throw new IndexerError(res.status, `indexer ${url}: ${res.status} ${body.error ?? ""}`.trim());
    return body;
  }
  const list =
    <T, F extends object = object>(path: string) =>
    (q: PageQuery & F = {} as PageQuery & F): Promise<Page<T>> =>
      get<Page<T>>(path, q as unknown as Params);

  const client = {
    baseUrl: base,
    status: () => get<IndexerStatus>("/status"),
    /** True once the historical backfill is done (Ponder's /ready). */
    ready: async () => (await fetchImpl(`${base}/ready`)).ok,
    events: list<EventRow, { contract?: string; name?: string }>("/api/events"),
    accounts: list<AccountRow>("/api/accounts"),
    /** The newest indexed PCX event (cheap): key history queries on it. */
    progress: () => get<IndexerProgress>("/api/progress"),
    account: (address: string) => get<AccountRow & { minted: Dec; burned: Dec; devices: DeviceRow[] }>(`/api/accounts/${address}`),
    /** `account`, or undefined when no event names the address yet (404). */
    accountOrNone: async (address: string) => {
      try {
        return await client.account(address);
      } catch (e) {
        if (e instanceof IndexerError && e.status === 404) return undefined;
        throw e;
      }
    },
    /** One period's statement rows (sdk/statement.ts buildStatement turns them into the statement). */
    statement: (address: string, period: number) => get<StatementRows>(`/api/accounts/${address}/statement`, { period }),
    periodDevices: (address: string, period: number) => get<{ period: number; items: PeriodDeviceRow[] }>(`/api/accounts/${address}/period-devices`, { period }),
    emissionSeries: (address: string, q: EmissionSeriesQuery) =>
      get<{ step: number; period: number | null; items: EmissionBucketRow[] }>(`/api/accounts/${address}/emission-series`, q as unknown as Params),
    trail: (address: string, q: PageQuery = {}) => get<Page<EventRow>>(`/api/accounts/${address}/trail`, q as Params),
    accountPeriods: (address: string, q: PageQuery = {}) => get<Page<AccountPeriodRow>>(`/api/accounts/${address}/periods`, q as Params),
    emissions: list<AccountPeriodRow, { period?: number }>("/api/emissions"),
    settlements: list<SettlementRow, { account?: string; period?: number }>("/api/settlements"),
    deficitPayments: list<DeficitPaymentRow, { account?: string }>("/api/deficit-payments"),
    rewards: list<RewardRow, { account?: string }>("/api/rewards"),
    allowances: list<AllowanceRow, { account?: string }>("/api/allowances"),
    gapEstimates: list<GapEstimateRow>("/api/gap-estimates"),
    estimatePayoffs: list<EstimatePayoffRow>("/api/estimate-payoffs"),
    retirements: list<RetirementRow, { account?: string }>("/api/retirements"),
    transfers: list<TransferRow, { account?: string }>("/api/transfers"),
    supply: () => get<SupplyRow>("/api/supply"),
    device: (address: string) => get<DeviceRow>(`/api/devices/${address}`),
    deviceReadings: (address: string, q: PageQuery = {}) => get<Page<ReadingRow>>(`/api/devices/${address}/readings`, q as Params),
    deviceCommitments: (address: string, q: PageQuery = {}) => get<Page<CommitmentRow>>(`/api/devices/${address}/commitments`, q as Params),
    deviceDays: (address: string, q: PageQuery & { from?: number; to?: number } = {}) => get<Page<DeviceDayRow>>(`/api/devices/${address}/days`, q as Params),
    trades: list<TradeRow, { taker?: string }>("/api/trades"),
    orders: list<OrderRow, { owner?: string; status?: OrderRow["status"]; unclaimed?: 1 }>("/api/orders"),
    claims: list<ClaimRow, { owner?: string }>("/api/claims"),
    book: () => get<{ bids: LevelRow[]; asks: LevelRow[] }>("/api/book"),
    candles: list<CandleRow, { interval?: CandleInterval; from?: number; to?: number }>("/api/candles"),
    /** The community board, ranked, by position (pseudonyms and percentages only). */
    community: (q: PageQuery = {}) => get<CommunityPage>("/api/community", q as Params),
    /** One account's own line on the community board. */
    communityAccount: (address: string) => get<CommunityAccountRow>(`/api/community/${address}`),
    riskSummary: (q: RiskWindow = {}) => get<RiskSummaryRow>("/api/risk/summary", q as Params),
    riskAccount: (address: string, q: RiskWindow = {}) => get<RiskAccountRow>(`/api/risk/accounts/${address}`, q as Params),
    riskFlags: list<RiskFlagRow, RiskWindow & { signal?: RiskSignal; minScore?: number }>("/api/risk/flags"),
    /** Every item of a paged list, page after page (500 a page unless `limit` says otherwise). */
    async *all<T, Q extends PageQuery>(fetchPage: (q: Q) => Promise<Page<T>>, q: Q = {} as Q): AsyncGenerator<T> {
      let cursor: string | undefined;
      do {
        const page = await fetchPage({ limit: 500, ...q, cursor });
        yield* page.items;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },
    /** `all`, collected into an array. */
    async collect<T, Q extends PageQuery>(fetchPage: (q: Q) => Promise<Page<T>>, q: Q = {} as Q): Promise<T[]> {
      const out: T[] = [];
      for await (const x of client.all(fetchPage, q)) out.push(x);
      return out;
    },
  };
  return client;
}
export type IndexerClient = ReturnType<typeof indexerClient>;
