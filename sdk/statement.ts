/**
 * A household's period statement, built from the indexer's rows (GET
 * /api/accounts/:address/statement, sdk/indexer-client.ts StatementRows), and its CSV.
 *
 * Pure integer arithmetic on bigints: PCC wei (18 decimals, 1 PCC = 1 kg CO2e) and quote units in
 * the quote token's decimals; never a float for an amount. The period's emissions are booked as
 * EmissionOracle books them: measured (accepted readings) − paid off (the part of a reading that
 * repaid an earlier gap estimate) + estimated (gap estimates booked at settlement). The statement
 * splits that total by source (device kind) and by UTC day of the readings' blocks and says
 * whether both splits add up to the period's total (`reconciled`).
 *
 * A deficit is one running balance on chain; the statement attributes payments to the deficits
 * settlements opened oldest first (the next allowance pays "the deficit first"), so each period
 * shows what its settlement left unpaid, what paid it and what is still open.
 *
 * Imports types only: the app bundles this file with Turbopack, which cannot resolve value
 * imports of sibling `.ts` files through `./x.js` (vercel/next.js#82945).
 */
import type { Dec, Hex, StatementRows } from "./indexer-client.js";

export const WEI_PER_KG = 10n ** 18n;
export const KG_DECIMALS = 18;
const DAY = 86_400;

/** DeviceKind (contracts/libraries/DeviceKinds.sol) as stable codes for the CSV. */
export const KIND_CODES = ["electricity", "natural_gas", "vehicle_distance", "vehicle_fuel", "water", "heat", "spend"] as const;
export const kindCode = (kind: number | null): string => (kind !== null && KIND_CODES[kind]) || "unknown";

/** Where a row is on chain. */
export interface ChainRef {
  tx: Hex;
  block: bigint;
  logIndex: number;
  /** Block time, unix seconds (null if the indexer did not know it). */
  timestamp: number | null;
}

export interface BookUnits {
  /** PCC wei per lot. */
  lotSize: bigint;
  /** Quote units per tick per lot. */
  quotePerTickLot: bigint;
  quoteDecimals: number;
  quoteSymbol: string;
}

/** open: readings still book to it; grace: ended, late readings still accepted; settleable: can be settled; settled. */
export type PeriodStatus = "open" | "grace" | "settleable" | "settled";

export interface SourceLine {
  kind: number | null;
  readings: number;
  measured: bigint;
  paidOff: bigint;
  estimated: bigint;
  /** measured − paidOff + estimated */
  total: bigint;
}

export interface DayLine {
  /** UTC days since 1970. */
  day: number;
  /** YYYY-MM-DD (UTC). */
  date: string;
  readings: number;
  measured: bigint;
  paidOff: bigint;
  /** measured − paidOff: what the day's readings added to the period. */
  net: bigint;
  bySource: { kind: number | null; readings: number; net: bigint }[];
}

export interface TradeLine {
  ref: ChainRef;
  role: "taker" | "maker";
  side: "buy" | "sell";
  tick: number;
  lots: bigint;
  /** PCC wei (= kg CO2e × 1e18). */
  kg: bigint;
  /** Quote units before the fee. */
  quote: bigint;
  /** Taker fee, quote units (0 as maker). */
  fee: bigint;
  /** Quote units in (+, a sale net of its fee) or out (−, a purchase plus its fee). */
  net: bigint;
  /** Quote units per kg × 10^6 (six more decimals than the quote token). */
  priceScaled: bigint;
}

export interface DeficitPaymentLine {
  amount: bigint;
  payer: Hex;
  /** The payment was made by claiming this period's allowance. */
  viaAllowance: number | null;
  ref: ChainRef;
}

export interface DeficitOfPeriod {
  /** What the period's settlement could not cover. */
  opened: bigint;
  openedRef: ChainRef | null;
  /** Payments attributed to it (oldest deficit first), each only the part that paid this one. */
  payments: DeficitPaymentLine[];
  paid: bigint;
  outstanding: bigint;
}

export interface Statement {
  account: Hex;
  period: number;
  /** Unix seconds: [start, end) is the period; readings are accepted until settleableAt. */
  start: number;
  end: number;
  settleableAt: number;
  asOfBlock: bigint;
  status: PeriodStatus;
  emissions: {
    total: bigint;
    measured: bigint;
    paidOff: bigint;
    estimated: bigint;
    readings: number;
    bySource: SourceLine[];
    byDay: DayLine[];
    /** Σ bySource = total and Σ byDay + estimated = total, both equal to the indexed period total. */
    reconciled: boolean;
  };
  allowance: { amount: bigint; toDeficit: bigint; net: bigint; ref: ChainRef | null } | null;
  /** Allowance − emissions: positive a surplus, negative a shortfall (before trades). */
  position: bigint;
  settlement: {
    emissions: bigint;
    surrendered: bigint;
    shortfall: bigint;
    baselineBefore: bigint;
    baselineAfter: bigint;
    rewardEntitlement: bigint;
    settler: Hex;
    ref: ChainRef;
  } | null;
  gapEstimates: { device: Hex; kind: number; uncoveredSeconds: bigint; kg: bigint; ref: ChainRef }[];
  payoffs: { device: Hex; kind: number | null; kg: bigint; outstanding: bigint; ref: ChainRef }[];
  rewards: {
    entitlement: bigint;
    /** ICarbonBudget.RewardDenial (1 deficit open, 2 estimated gap, 3 no certified coverage), if withheld. */
    withheld: number | null;
    withheldRef: ChainRef | null;
    claims: { amount: bigint; entitlement: bigint; ref: ChainRef }[];
    claimed: bigint;
  };
  trades: TradeLine[];
  tradeTotals: { boughtKg: bigint; soldKg: bigint; quotePaid: bigint; quoteReceived: bigint; fees: bigint };
  retirements: { id: bigint; amount: bigint; beneficiary: Hex; beneficiaryName: string; reason: string; jurisdiction: string; ref: ChainRef }[];
  retired: bigint;
  deficit: DeficitOfPeriod;
  /** Every on-chain reference of the statement, in chain order. */
  references: { what: ReferenceKind; ref: ChainRef; kg: bigint }[];
}

export type ReferenceKind = "allowance" | "settlement" | "gapEstimate" | "payoff" | "trade" | "reward" | "retirement" | "deficitPayment";

/** A row's chain place from its ord (block × 100,000 + log index), transaction and time. */
export function refOf(row: { ord: Dec | bigint; tx: Hex; timestamp?: Dec | number | bigint | null }): ChainRef {
  const ord = BigInt(row.ord);
  return { tx: row.tx, block: ord / 100_000n, logIndex: Number(ord % 100_000n), timestamp: row.timestamp === null || row.timestamp === undefined ? null : Number(row.timestamp) };
}

/** YYYY-MM-DD of a UTC day number. */
export function isoDay(day: number): string {
  return new Date(day * DAY * 1000).toISOString().slice(0, 10);
}

/** Unix seconds as ISO 8601 UTC without milliseconds: 2026-01-01T00:05:00Z. */
export function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Where the period stands at chain time `now`. */
export function periodStatus(p: { end: number; settleableAt: number; settled: boolean }, now: number): PeriodStatus {
  if (p.settled) return "settled";
  if (now < p.end) return "open";
  if (now < p.settleableAt) return "grace";
  return "settleable";
}

/**
 * Attributes an account's deficit payments to the shortfalls its settlements opened, oldest
 * deficit first, in chain order (a payment only ever pays deficits opened before it).
 */
export function allocateDeficits(
  settlements: readonly { period: number; shortfall: bigint; ref: ChainRef }[],
  payments: readonly { amount: bigint; payer: Hex; viaAllowance: number | null; ref: ChainRef }[],
): Map<number, DeficitOfPeriod> {
  const out = new Map<number, DeficitOfPeriod>();
  const order = (r: ChainRef) => r.block * 100_000n + BigInt(r.logIndex);
  const events = [
    ...settlements.map((s) => ({ at: order(s.ref), settlement: s })),
    ...payments.map((p) => ({ at: order(p.ref), payment: p })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const open: DeficitOfPeriod[] = [];
  for (const e of events) {
    if ("settlement" in e && e.settlement) {
      const d: DeficitOfPeriod = { opened: e.settlement.shortfall, openedRef: e.settlement.ref, payments: [], paid: 0n, outstanding: e.settlement.shortfall };
      out.set(e.settlement.period, d);
      if (d.outstanding > 0n) open.push(d);
    } else if ("payment" in e && e.payment) {
      let left = e.payment.amount;
      while (left > 0n && open.length > 0) {
        const d = open[0]!;
        const part = left < d.outstanding ? left : d.outstanding;
        d.payments.push({ ...e.payment, amount: part });
        d.paid += part;
        d.outstanding -= part;
        left -= part;
        if (d.outstanding === 0n) open.shift();
      }
    }
  }
  return out;
}

const sumOf = <T>(xs: readonly T[], f: (x: T) => bigint) => xs.reduce((s, x) => s + f(x), 0n);

/**
 * The statement of `rows.period` for `rows.account`. `now`: chain time (unix seconds) for the
 * period's status; `book`: the order book's units (trades need them; without a book there are none).
 */
export function buildStatement(rows: StatementRows, opts: { now: number; book?: BookUnits }): Statement {
  const start = Number(rows.start), end = Number(rows.end), settleableAt = Number(rows.settleableAt);

  // Emissions by source: readings per device kind, pay-offs per device kind, estimates per kind.
  const sources = new Map<number | null, SourceLine>();
  const source = (kind: number | null) => {
    let s = sources.get(kind);
    if (!s) sources.set(kind, (s = { kind, readings: 0, measured: 0n, paidOff: 0n, estimated: 0n, total: 0n }));
    return s;
  };
  for (const r of rows.readingDays) {
    const s = source(r.kind);
    s.readings += r.readings;
    s.measured += BigInt(r.kg);
  }
  for (const p of rows.payoffs) source(p.kind).paidOff += BigInt(p.kg);
  for (const g of rows.gapEstimates) source(g.kind).estimated += BigInt(g.kg);
  for (const s of sources.values()) s.total = s.measured - s.paidOff + s.estimated;
  const bySource = [...sources.values()].sort((a, b) => (a.kind ?? 99) - (b.kind ?? 99));

  // Emissions by day: every UTC day the period touches, and any later day its late readings landed on.
  const days = new Map<number, DayLine>();
  const dayLine = (day: number) => {
    let d = days.get(day);
    if (!d) days.set(day, (d = { day, date: isoDay(day), readings: 0, measured: 0n, paidOff: 0n, net: 0n, bySource: [] }));
    return d;
  };
  for (let day = Math.floor(start / DAY); day <= Math.floor((end - 1) / DAY); day++) dayLine(day);
  const daySource = (d: DayLine, kind: number | null) => {
    let x = d.bySource.find((b) => b.kind === kind);
    if (!x) d.bySource.push((x = { kind, readings: 0, net: 0n }));
    return x;
  };
  for (const r of rows.readingDays) {
    const d = dayLine(r.day);
    d.readings += r.readings;
    d.measured += BigInt(r.kg);
    const x = daySource(d, r.kind);
    x.readings += r.readings;
    x.net += BigInt(r.kg);
  }
  for (const p of rows.payoffs) {
    // A pay-off is part of a reading in the same block: the reading's day.
    const day = p.timestamp === null ? undefined : Math.floor(Number(p.timestamp) / DAY);
    const d = day === undefined ? undefined : days.get(day);
    if (!d) continue;
    d.paidOff += BigInt(p.kg);
    daySource(d, p.kind).net -= BigInt(p.kg);
  }
  for (const d of days.values()) {
    d.net = d.measured - d.paidOff;
    d.bySource.sort((a, b) => (a.kind ?? 99) - (b.kind ?? 99));
  }
  const byDay = [...days.values()].sort((a, b) => a.day - b.day);

  const measured = sumOf(rows.readingDays, (r) => BigInt(r.kg));
  const paidOff = sumOf(rows.payoffs, (p) => BigInt(p.kg));
  const estimated = sumOf(rows.gapEstimates, (g) => BigInt(g.kg));
  const total = rows.summary ? BigInt(rows.summary.emissions) : measured - paidOff + estimated;
  const reconciled =
    sumOf(bySource, (s) => s.total) === total &&
    sumOf(byDay, (d) => d.net) + estimated === total &&
    (!rows.summary || (BigInt(rows.summary.measured) === measured && BigInt(rows.summary.paidOff) === paidOff && BigInt(rows.summary.estimated) === estimated));

  // Deficits: this period's, with the payments attributed to it.
  const deficits = allocateDeficits(
    rows.deficit.settlements.map((s) => ({ period: s.period, shortfall: BigInt(s.shortfall), ref: refOf(s) })),
    rows.deficit.payments.map((p) => ({ amount: BigInt(p.amount), payer: p.payer, viaAllowance: p.allowancePeriod, ref: refOf(p) })),
  );
  const deficit = deficits.get(rows.period) ?? { opened: 0n, openedRef: null, payments: [], paid: 0n, outstanding: 0n };

  // The allowance and what of it paid an earlier deficit (a DeficitPaid in the claim's transaction).
  const claim = rows.allowances[0];
  const allowanceAmount = sumOf(rows.allowances, (a) => BigInt(a.amount));
  const toDeficit = sumOf(rows.deficit.payments.filter((p) => p.allowancePeriod === rows.period), (p) => BigInt(p.amount));
  const allowance = claim ? { amount: allowanceAmount, toDeficit, net: allowanceAmount - toDeficit, ref: refOf(claim) } : null;

  const st = rows.settlement;
  const settlement = st
    ? {
        emissions: BigInt(st.emissions), surrendered: BigInt(st.surrendered), shortfall: BigInt(st.shortfall),
        baselineBefore: BigInt(st.baselineBefore), baselineAfter: BigInt(st.baselineAfter), rewardEntitlement: BigInt(st.rewardEntitlement),
        settler: st.settler, ref: refOf(st),
      }
    : null;

  const claims = rows.rewardClaims.map((r) => ({ amount: BigInt(r.amount), entitlement: BigInt(r.entitlement), ref: refOf(r) }));
  const rewards = {
    entitlement: settlement?.rewardEntitlement ?? 0n,
    withheld: rows.rewardWithheld?.reason ?? null,
    withheldRef: rows.rewardWithheld ? refOf({ ...rows.rewardWithheld, timestamp: null }) : null,
    claims,
    claimed: sumOf(claims, (c) => c.amount),
  };

  const book = opts.book;
  const trades: TradeLine[] = book
    ? rows.trades.map((t) => {
        const lots = BigInt(t.lots), quote = BigInt(t.quoteAmount), fee = BigInt(t.fee);
        const side = t.side === 0 ? ("buy" as const) : ("sell" as const);
        return {
          ref: refOf(t), role: t.role, side, tick: t.tick, lots, kg: lots * book.lotSize, quote, fee,
          net: side === "sell" ? quote - fee : -(quote + fee),
          priceScaled: (BigInt(t.tick) * book.quotePerTickLot * WEI_PER_KG * 1_000_000n) / book.lotSize,
        };
      })
    : [];
  const tradeTotals = {
    boughtKg: sumOf(trades.filter((t) => t.side === "buy"), (t) => t.kg),
    soldKg: sumOf(trades.filter((t) => t.side === "sell"), (t) => t.kg),
    quotePaid: sumOf(trades.filter((t) => t.side === "buy"), (t) => t.quote + t.fee),
    quoteReceived: sumOf(trades.filter((t) => t.side === "sell"), (t) => t.quote - t.fee),
    fees: sumOf(trades, (t) => t.fee),
  };

  const retirements = rows.retirements.map((r) => ({
    id: BigInt(r.id), amount: BigInt(r.amount), beneficiary: r.beneficiary, beneficiaryName: r.beneficiaryName, reason: r.reason, jurisdiction: r.jurisdiction, ref: refOf(r),
  }));
  const gapEstimates = rows.gapEstimates.map((g) => ({ device: g.device, kind: g.kind, uncoveredSeconds: BigInt(g.uncoveredSeconds), kg: BigInt(g.kg), ref: refOf(g) }));
  const payoffs = rows.payoffs.map((p) => ({ device: p.device, kind: p.kind, kg: BigInt(p.kg), outstanding: BigInt(p.outstanding), ref: refOf(p) }));

  const references: Statement["references"] = [
    ...(allowance?.ref ? [{ what: "allowance" as const, ref: allowance.ref, kg: allowance.amount }] : []),
    ...(settlement ? [{ what: "settlement" as const, ref: settlement.ref, kg: settlement.emissions }] : []),
    ...gapEstimates.map((g) => ({ what: "gapEstimate" as const, ref: g.ref, kg: g.kg })),
    ...payoffs.map((p) => ({ what: "payoff" as const, ref: p.ref, kg: p.kg })),
    ...trades.map((t) => ({ what: "trade" as const, ref: t.ref, kg: t.kg })),
    ...claims.map((c) => ({ what: "reward" as const, ref: c.ref, kg: c.amount })),
    ...retirements.map((r) => ({ what: "retirement" as const, ref: r.ref, kg: r.amount })),
    ...deficit.payments.map((p) => ({ what: "deficitPayment" as const, ref: p.ref, kg: p.amount })),
  ].sort((a, b) => (a.ref.block !== b.ref.block ? (a.ref.block < b.ref.block ? -1 : 1) : a.ref.logIndex - b.ref.logIndex));

  return {
    account: rows.account,
    period: rows.period,
    start,
    end,
    settleableAt,
    asOfBlock: BigInt(rows.asOfBlock),
    status: periodStatus({ end, settleableAt, settled: settlement !== null }, opts.now),
    emissions: { total, measured, paidOff, estimated, readings: rows.readingDays.reduce((n, r) => n + r.readings, 0), bySource, byDay, reconciled },
    allowance,
    position: (allowance?.amount ?? 0n) - total,
    settlement,
    gapEstimates,
    payoffs,
    rewards,
    trades,
    tradeTotals,
    retirements,
    retired: sumOf(retirements, (r) => r.amount),
    deficit,
    references,
  };
}

// ── CSV ──────────────────────────────────────────────────────────────────────────────────────

/** An integer amount with `decimals` decimals as a fixed-point decimal string: 5366000000000000000n, 18 → "5.366000000000000000". */
export function fixedDecimal(value: bigint, decimals: number): string {
  const neg = value < 0n;
  const abs = neg ? -value : value;
  if (decimals === 0) return `${neg ? "-" : ""}${abs}`;
  const digits = abs.toString().padStart(decimals + 1, "0");
  return `${neg ? "-" : ""}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Free text a person typed (names, reasons): a leading =, +, -, @, tab or CR would make a spreadsheet run it as a formula. */
export function csvText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export const CSV_COLUMNS = [
  "record", "label", "date", "kind", "side", "role", "readings", "kg_co2e", "price", "quote_amount", "fee", "quote_token", "counterparty", "reference", "tx", "block", "note",
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Every record code the CSV writes (its `record` column), for the readers' label dictionaries. */
export const CSV_RECORDS = [
  "statement.account", "period.start", "period.end", "period.status",
  "emissions.total", "emissions.measured", "emissions.paid_off", "emissions.estimated", "emissions.source", "emissions.day", "emissions.day_source",
  "allowance.claimed", "allowance.to_deficit", "position", "gap_estimate", "estimate_payoff",
  "settlement.emissions", "settlement.surrendered", "settlement.shortfall", "settlement.baseline_before", "settlement.baseline_after",
  "trade", "reward.entitlement", "reward.claim", "retirement", "deficit.opened", "deficit.payment", "deficit.outstanding",
] as const;
export type CsvRecord = (typeof CSV_RECORDS)[number];
export type CsvRow = Partial<Record<CsvColumn, string>> & { record: CsvRecord };

/**
 * The statement as CSV rows: one record per figure, each with a stable `record` code and the
 * caller's `label` for it (the reader's language); dates ISO 8601 (UTC); kg CO2e with 18 decimals
 * and quote amounts with the quote token's decimals, both exact.
 */
export function statementCsvRows(st: Statement, opts: { book?: BookUnits; label?: (record: CsvRecord) => string }): CsvRow[] {
  const label = opts.label ?? ((r: CsvRecord) => r);
  const kg = (v: bigint) => fixedDecimal(v, KG_DECIMALS);
  const book = opts.book;
  const quote = (v: bigint) => (book ? fixedDecimal(v, book.quoteDecimals) : v.toString());
  const refCols = (r: ChainRef | null) => (r ? { tx: r.tx, block: r.block.toString(), date: r.timestamp === null ? "" : isoTime(r.timestamp) } : {});
  const rows: CsvRow[] = [];
  const add = (record: CsvRecord, cols: Omit<CsvRow, "record" | "label"> = {}) => rows.push({ record, label: label(record), ...cols });

  add("statement.account", { counterparty: st.account, block: st.asOfBlock.toString(), note: `period ${st.period}` });
  add("period.start", { date: isoTime(st.start) });
  add("period.end", { date: isoTime(st.end) });
  add("period.status", { note: st.status });

  const e = st.emissions;
  add("emissions.total", { kg_co2e: kg(e.total), readings: String(e.readings) });
  add("emissions.measured", { kg_co2e: kg(e.measured) });
  add("emissions.paid_off", { kg_co2e: kg(e.paidOff) });
  add("emissions.estimated", { kg_co2e: kg(e.estimated) });
  for (const s of e.bySource) add("emissions.source", { kind: kindCode(s.kind), readings: String(s.readings), kg_co2e: kg(s.total), note: `measured ${kg(s.measured)}; paid off ${kg(s.paidOff)}; estimated ${kg(s.estimated)}` });
  for (const d of e.byDay) {
    add("emissions.day", { date: d.date, readings: String(d.readings), kg_co2e: kg(d.net) });
    for (const s of d.bySource) add("emissions.day_source", { date: d.date, kind: kindCode(s.kind), readings: String(s.readings), kg_co2e: kg(s.net) });
  }

  if (st.allowance) {
    add("allowance.claimed", { kg_co2e: kg(st.allowance.amount), ...refCols(st.allowance.ref) });
    add("allowance.to_deficit", { kg_co2e: kg(st.allowance.toDeficit), ...refCols(st.allowance.ref) });
  }
  add("position", { kg_co2e: kg(st.position) });

  for (const g of st.gapEstimates) add("gap_estimate", { kind: kindCode(g.kind), kg_co2e: kg(g.kg), counterparty: g.device, note: `uncovered ${g.uncoveredSeconds} s`, ...refCols(g.ref) });
  for (const p of st.payoffs) add("estimate_payoff", { kind: kindCode(p.kind), kg_co2e: kg(p.kg), counterparty: p.device, note: `outstanding ${kg(p.outstanding)}`, ...refCols(p.ref) });

  if (st.settlement) {
    const s = st.settlement;
    add("settlement.emissions", { kg_co2e: kg(s.emissions), counterparty: s.settler, ...refCols(s.ref) });
    add("settlement.surrendered", { kg_co2e: kg(s.surrendered), ...refCols(s.ref) });
    add("settlement.shortfall", { kg_co2e: kg(s.shortfall), ...refCols(s.ref) });
    add("settlement.baseline_before", { kg_co2e: kg(s.baselineBefore), ...refCols(s.ref) });
    add("settlement.baseline_after", { kg_co2e: kg(s.baselineAfter), ...refCols(s.ref) });
  }

  for (const t of st.trades) {
    add("trade", {
      side: t.side, role: t.role, kg_co2e: kg(t.kg), price: book ? fixedDecimal(t.priceScaled, book.quoteDecimals + 6) : "",
      quote_amount: quote(t.quote), fee: quote(t.fee), quote_token: book?.quoteSymbol ?? "", note: `tick ${t.tick}; ${t.lots} lots; net ${quote(t.net)}`, ...refCols(t.ref),
    });
  }

  add("reward.entitlement", { kg_co2e: kg(st.rewards.entitlement), note: st.rewards.withheld === null ? "" : `withheld ${st.rewards.withheld}` });
  for (const c of st.rewards.claims) add("reward.claim", { kg_co2e: kg(c.amount), note: `entitlement ${kg(c.entitlement)}`, ...refCols(c.ref) });

  for (const r of st.retirements) {
    add("retirement", {
      kg_co2e: kg(r.amount), reference: r.id.toString(), counterparty: r.beneficiary,
      note: csvText([r.beneficiaryName, r.reason, r.jurisdiction].filter(Boolean).join(" · ")), ...refCols(r.ref),
    });
  }

  add("deficit.opened", { kg_co2e: kg(st.deficit.opened), ...refCols(st.deficit.openedRef) });
  for (const p of st.deficit.payments) {
    add("deficit.payment", { kg_co2e: kg(p.amount), counterparty: p.payer, note: p.viaAllowance === null ? "" : `allowance of period ${p.viaAllowance}`, ...refCols(p.ref) });
  }
  add("deficit.outstanding", { kg_co2e: kg(st.deficit.outstanding) });
  return rows;
}

/** CSV text (CRLF line ends, a UTF-8 byte-order mark so spreadsheets read Chinese labels right). */
export function toCsv(rows: readonly CsvRow[]): string {
  const lines = [CSV_COLUMNS.join(","), ...rows.map((r) => CSV_COLUMNS.map((c) => csvField(r[c] ?? "")).join(","))];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** Parses CSV text written by toCsv (or any RFC 4180 CSV) into records keyed by the header. */
export function parseCsv(text: string): Record<string, string>[] {
  const src = text.replace(/^\uFEFF/, "");
  const table: string[][] = [];
  let row: string[] = [], field = "", quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(field), (field = "");
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      row.push(field), table.push(row), (row = []), (field = "");
    } else field += ch;
  }
  if (field !== "" || row.length > 0) row.push(field), table.push(row);
  const [header, ...body] = table;
  if (!header) return [];
  return body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""])));
}

/** A fixed-point decimal string back to its integer (the inverse of fixedDecimal). */
export function parseFixed(text: string, decimals: number): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m || (m[3] ?? "").length > decimals) throw new Error(`not a decimal with at most ${decimals} decimals: ${text}`);
  const v = BigInt(m[2]! + (m[3] ?? "").padEnd(decimals, "0"));
  return m[1] ? -v : v;
}
