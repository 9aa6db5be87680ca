/**
 * sdk/statement.ts: the period statement's math (sources and days add up to the period total,
 * deficits paid oldest first, trades' quote flows) and its CSV (RFC 4180 quoting, formula-safe
 * free text, ISO dates, exact fixed decimals that parse back to the same wei).
 */
import { describe, expect, it } from "vitest";
import type { Hex, StatementRows } from "@sdk/indexer-client";
import {
  CSV_COLUMNS, allocateDeficits, buildStatement, csvField, csvText, fixedDecimal, isoDay, isoTime, parseCsv, parseFixed, periodStatus,
  refOf, statementCsvRows, toCsv, type BookUnits, type ChainRef,
} from "@sdk/statement";

const KG = 10n ** 18n;
const A = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc" as Hex;
const ELEC = "0x00000000000000000000000000000000000000e1" as Hex;
const GAS = "0x00000000000000000000000000000000000000a5" as Hex;
const tx = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;
const ord = (block: number, log = 0) => String(block * 100_000 + log);
const DAY = 86_400;
// A three-day period starting at 12:00 UTC: it touches four UTC days.
const START = 20_000 * DAY + 12 * 3600;
const END = START + 3 * DAY;
const BOOK: BookUnits = { lotSize: KG, quotePerTickLot: 10n, quoteDecimals: 6, quoteSymbol: "tUSD" };

function rows(over: Partial<StatementRows> = {}): StatementRows {
  const base: StatementRows = {
    account: A,
    period: 7,
    start: String(START),
    end: String(END),
    settleableAt: String(END + 3600),
    asOfBlock: "900",
    summary: {
      account: A, period: 7, readings: 6, measured: String(130n * KG + 5n), paidOff: String(4n * KG), estimated: String(20n * KG),
      emissions: String(146n * KG + 5n), allowance: String(100n * KG), settled: true, rewardEntitlement: "0", rewardClaimed: "0", rewardWithheldReason: 2,
    },
    devices: [],
    readingDays: [
      { device: ELEC, kind: 0, day: 20_000, readings: 2, kg: String(40n * KG) },
      { device: ELEC, kind: 0, day: 20_001, readings: 1, kg: String(30n * KG + 5n) },
      { device: GAS, kind: 1, day: 20_001, readings: 2, kg: String(50n * KG) },
      // A late reading in the grace window, the day after the period's last day.
      { device: ELEC, kind: 0, day: 20_004, readings: 1, kg: String(10n * KG) },
    ],
    payoffs: [{ id: "p1", device: ELEC, owner: A, period: 7, kg: String(4n * KG), outstanding: "0", kind: 0, ord: ord(120, 3), tx: tx(120), timestamp: String(20_001 * DAY + 100) }],
    gapEstimates: [{ id: "g1", account: A, period: 7, device: GAS, kind: 1, uncoveredSeconds: "90000", kg: String(20n * KG), ord: ord(300, 1), tx: tx(300), timestamp: String(END + 4000) }],
    allowances: [{ id: "a1", account: A, period: 7, amount: String(100n * KG), ord: ord(100, 0), tx: tx(100), timestamp: String(START + 10) }],
    settlement: {
      account: A, period: 7, settler: A, emissions: String(146n * KG + 5n), surrendered: String(96n * KG), shortfall: String(50n * KG + 5n),
      baselineBefore: "0", baselineAfter: String(100n * KG), rewardEntitlement: "0", ord: ord(300, 4), tx: tx(300), timestamp: String(END + 4000),
    },
    rewardWithheld: { account: A, period: 7, reason: 2, ord: ord(300, 5), tx: tx(300) },
    rewardClaims: [],
    trades: [
      { id: "t1", ord: ord(110, 2), tx: tx(110), timestamp: String(START + 100), role: "taker", side: 0, tick: 1000, lots: "3", quoteAmount: "30000", fee: "30", orderId: null },
      { id: "t2:9", ord: ord(115, 1), tx: tx(115), timestamp: String(START + 200), role: "maker", side: 1, tick: 1010, lots: "2", quoteAmount: "20200", fee: "0", orderId: "9" },
    ],
    retirements: [
      { id: "4", retiree: A, beneficiary: A, amount: String(KG + KG / 2n), beneficiaryName: '=HYPERLINK("x"), "Li, Wei"', reason: "flights\nto Shanghai", jurisdiction: "CN", timestamp: String(START + 300), ord: ord(116, 0), tx: tx(116) },
    ],
    deficit: {
      settlements: [
        { period: 5, shortfall: String(10n * KG), ord: ord(50, 2), tx: tx(50), timestamp: String(START - 2 * DAY) },
        { period: 7, shortfall: String(50n * KG + 5n), ord: ord(300, 4), tx: tx(300), timestamp: String(END + 4000) },
      ],
      payments: [
        // The allowance of period 7 paid period 5's deficit first (same transaction as the claim).
        { id: "d1", account: A, payer: A, amount: String(10n * KG), remaining: "0", allowancePeriod: 7, ord: ord(100, 1), tx: tx(100), timestamp: String(START + 10) },
        { id: "d2", account: A, payer: "0x00000000000000000000000000000000000000b0", amount: String(20n * KG), remaining: String(30n * KG + 5n), allowancePeriod: null, ord: ord(310, 0), tx: tx(310), timestamp: String(END + 5000) },
        { id: "d3", account: A, payer: A, amount: String(25n * KG), remaining: String(5n * KG + 5n), allowancePeriod: 8, ord: ord(320, 1), tx: tx(320), timestamp: String(END + 6000) },
      ],
    },
  };
  return { ...base, ...over };
}

describe("period statement", () => {
  const st = buildStatement(rows(), { now: END + 10_000, book: BOOK });

  it("splits the period's emissions by source, and the sources add up to the booked total", () => {
    expect(st.emissions.total).toBe(146n * KG + 5n);
    expect(st.emissions.bySource.map((s) => [s.kind, s.readings, s.measured, s.paidOff, s.estimated, s.total])).toEqual([
      [0, 4, 80n * KG + 5n, 4n * KG, 0n, 76n * KG + 5n],
      [1, 2, 50n * KG, 0n, 20n * KG, 70n * KG],
    ]);
    expect(st.emissions.bySource.reduce((s, x) => s + x.total, 0n)).toBe(st.emissions.total);
    expect(st.emissions.reconciled).toBe(true);
  });

  it("lists every UTC day the period touches and late days; the days plus the estimate add up to the total", () => {
    expect(st.emissions.byDay.map((d) => d.day)).toEqual([20_000, 20_001, 20_002, 20_003, 20_004]);
    expect([isoDay(0), isoDay(19_723), st.emissions.byDay[0]!.date]).toEqual(["1970-01-01", "2024-01-01", isoDay(20_000)]);
    expect(st.emissions.byDay.map((d) => d.net)).toEqual([40n * KG, 30n * KG + 5n + 50n * KG - 4n * KG, 0n, 0n, 10n * KG]);
    expect(st.emissions.byDay.reduce((s, d) => s + d.net, 0n) + st.emissions.estimated).toBe(st.emissions.total);
    const day = st.emissions.byDay[1]!;
    expect(day.bySource.map((s) => [s.kind, s.net])).toEqual([[0, 26n * KG + 5n], [1, 50n * KG]]);
    expect(day.bySource.reduce((s, x) => s + x.net, 0n)).toBe(day.net);
    expect(st.emissions.readings).toBe(6);
  });

  it("says when the rows do not add up to the indexed period total", () => {
    const r = rows();
    const tampered = buildStatement({ ...r, summary: { ...r.summary!, emissions: String(146n * KG + 6n) } }, { now: END + 10_000, book: BOOK });
    expect(tampered.emissions.reconciled).toBe(false);
    const missingDay = buildStatement({ ...r, readingDays: r.readingDays.slice(1) }, { now: END + 10_000, book: BOOK });
    expect(missingDay.emissions.reconciled).toBe(false);
  });

  it("shows the allowance net of the earlier deficit it paid first, and the position against emissions", () => {
    expect(st.allowance).toMatchObject({ amount: 100n * KG, toDeficit: 10n * KG, net: 90n * KG });
    expect(st.allowance!.ref).toEqual({ tx: tx(100), block: 100n, logIndex: 0, timestamp: START + 10 });
    expect(st.position).toBe(100n * KG - (146n * KG + 5n));
  });

  it("attributes later payments to this period's deficit, oldest deficit first", () => {
    expect(st.deficit.opened).toBe(50n * KG + 5n);
    expect(st.deficit.payments.map((p) => [p.amount, p.viaAllowance])).toEqual([[20n * KG, null], [25n * KG, 8]]);
    expect(st.deficit.paid).toBe(45n * KG);
    expect(st.deficit.outstanding).toBe(5n * KG + 5n);
    // What is still open equals the chain's running balance after the last payment.
    expect(st.deficit.outstanding).toBe(BigInt(rows().deficit.payments.at(-1)!.remaining));
  });

  it("allocateDeficits: a payment larger than the oldest deficit pays the next one, never one opened after it", () => {
    const ref = (block: number): ChainRef => ({ tx: tx(block), block: BigInt(block), logIndex: 0, timestamp: null });
    const pay = (amount: bigint, block: number) => ({ amount, payer: A, viaAllowance: null, ref: ref(block) });
    const m = allocateDeficits(
      [{ period: 1, shortfall: 5n, ref: ref(10) }, { period: 2, shortfall: 7n, ref: ref(20) }, { period: 3, shortfall: 4n, ref: ref(40) }],
      [pay(3n, 15), pay(6n, 30), pay(2n, 50)],
    );
    expect([1, 2, 3].map((p) => [m.get(p)!.paid, m.get(p)!.outstanding])).toEqual([[5n, 0n], [6n, 1n], [0n, 4n]]);
    expect(m.get(1)!.payments.map((p) => p.amount)).toEqual([3n, 2n]);
    expect(m.get(2)!.payments.map((p) => [p.amount, p.ref.block])).toEqual([[4n, 30n], [2n, 50n]]);
    expect(m.get(3)!.payments).toEqual([]);
    const open = [...m.values()].reduce((s, d) => s + d.outstanding, 0n);
    expect(open).toBe(5n + 7n + 4n - (3n + 6n + 2n));
  });

  it("prices trades and totals what was bought, sold, paid and received", () => {
    expect(st.trades.map((t) => [t.role, t.side, t.kg, t.quote, t.fee, t.net])).toEqual([
      ["taker", "buy", 3n * KG, 30_000n, 30n, -30_030n],
      ["maker", "sell", 2n * KG, 20_200n, 0n, 20_200n],
    ]);
    // tick × quotePerTickLot quote units per lot of 1 kg: 1000 × 10 = 0.01 tUSD per kg.
    expect(fixedDecimal(st.trades[0]!.priceScaled, BOOK.quoteDecimals + 6)).toBe("0.010000000000");
    expect(st.tradeTotals).toEqual({ boughtKg: 3n * KG, soldKg: 2n * KG, quotePaid: 30_030n, quoteReceived: 20_200n, fees: 30n });
  });

  it("keeps rewards, estimates, pay-offs, retirements and every reference in chain order", () => {
    expect(st.rewards).toMatchObject({ entitlement: 0n, withheld: 2, claimed: 0n });
    expect(st.gapEstimates.map((g) => [g.kind, g.kg, g.uncoveredSeconds])).toEqual([[1, 20n * KG, 90_000n]]);
    expect(st.retired).toBe(KG + KG / 2n);
    const blocks = st.references.map((r) => r.ref.block * 100_000n + BigInt(r.ref.logIndex));
    expect([...blocks].sort((a, b) => (a < b ? -1 : 1))).toEqual(blocks);
    expect(st.references.map((r) => r.what)).toEqual(["allowance", "trade", "trade", "retirement", "payoff", "gapEstimate", "settlement", "deficitPayment", "deficitPayment"]);
  });

  it("says where the period stands", () => {
    const p = { end: 100, settleableAt: 160, settled: false };
    expect([periodStatus(p, 99), periodStatus(p, 100), periodStatus(p, 159), periodStatus(p, 160), periodStatus({ ...p, settled: true }, 120)]).toEqual(["open", "grace", "grace", "settleable", "settled"]);
    const open = buildStatement(rows({ settlement: null, gapEstimates: [], rewardWithheld: null }), { now: START + 5, book: BOOK });
    expect(open.status).toBe("open");
  });

  it("an empty period: zero everywhere, still every day of the window, and it reconciles", () => {
    const empty = buildStatement(
      rows({ summary: null, readingDays: [], payoffs: [], gapEstimates: [], allowances: [], settlement: null, rewardWithheld: null, trades: [], retirements: [], deficit: { settlements: [], payments: [] } }),
      { now: START + 5 },
    );
    expect([empty.emissions.total, empty.allowance, empty.settlement, empty.deficit.opened, empty.trades.length]).toEqual([0n, null, null, 0n, 0]);
    expect(empty.emissions.byDay).toHaveLength(4);
    expect(empty.emissions.reconciled).toBe(true);
  });
});

describe("statement CSV", () => {
  const st = buildStatement(rows(), { now: END + 10_000, book: BOOK });
  const csv = toCsv(statementCsvRows(st, { book: BOOK, label: (r) => `label of ${r}` }));
  const records = parseCsv(csv);

  it("fixed decimals from integers, exact both ways", () => {
    expect(fixedDecimal(5_366_000_000_000_000_000n, 18)).toBe("5.366000000000000000");
    expect(fixedDecimal(5n, 18)).toBe("0.000000000000000005");
    expect(fixedDecimal(-1_500_000n, 6)).toBe("-1.500000");
    expect(fixedDecimal(42n, 0)).toBe("42");
    let x = 987_654_321_123_456_789_012_345n;
    for (let i = 0; i < 50; i++, x = (x * 6_364_136_223_846_793_005n + 1n) % 10n ** 30n) {
      for (const v of [x, -x]) expect(parseFixed(fixedDecimal(v, 18), 18)).toBe(v);
    }
    expect(() => parseFixed("1.0000001", 6)).toThrow();
  });

  it("quotes fields with commas, quotes and line breaks; defuses formulas in typed text", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvText("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvText("@cmd")).toBe("'@cmd");
    expect(csvText("Li Wei")).toBe("Li Wei");
  });

  it("starts with a byte-order mark and the header, ends lines with CRLF, and parses back field for field", () => {
    expect(csv.startsWith(`\uFEFF${CSV_COLUMNS.join(",")}\r\n`)).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    const retirement = records.find((r) => r.record === "retirement")!;
    expect(retirement.note).toBe(`'=HYPERLINK("x"), "Li, Wei" · flights\nto Shanghai · CN`);
    expect(retirement.label).toBe("label of retirement");
    expect(records.every((r) => Object.keys(r).length === CSV_COLUMNS.length)).toBe(true);
  });

  it("ISO dates: the period in UTC seconds, days as YYYY-MM-DD", () => {
    expect(records.find((r) => r.record === "period.start")!.date).toBe(isoTime(START));
    expect(isoTime(START)).toMatch(/^\d{4}-\d\d-\d\dT12:00:00Z$/);
    expect(records.filter((r) => r.record === "emissions.day").map((r) => r.date)).toEqual(st.emissions.byDay.map((d) => d.date));
    expect(records.find((r) => r.record === "trade")!.date).toBe(isoTime(START + 100));
  });

  it("the CSV's sources and days add up to its total, to the wei", () => {
    const kg = (r: Record<string, string>) => parseFixed(r.kg_co2e!, 18);
    const total = kg(records.find((r) => r.record === "emissions.total")!);
    expect(total).toBe(146n * KG + 5n);
    expect(records.filter((r) => r.record === "emissions.source").reduce((s, r) => s + kg(r), 0n)).toBe(total);
    const estimated = kg(records.find((r) => r.record === "emissions.estimated")!);
    expect(records.filter((r) => r.record === "emissions.day").reduce((s, r) => s + kg(r), 0n) + estimated).toBe(total);
    expect(records.filter((r) => r.record === "emissions.day_source").reduce((s, r) => s + kg(r), 0n) + estimated).toBe(total);
  });

  it("trades with quote amounts in the quote token's decimals, and every reference's transaction and block", () => {
    const trades = records.filter((r) => r.record === "trade");
    expect(trades.map((t) => [t.side, t.role, t.kg_co2e, t.quote_amount, t.fee, t.quote_token, t.price, t.block, t.tx])).toEqual([
      ["buy", "taker", "3.000000000000000000", "0.030000", "0.000030", "tUSD", "0.010000000000", "110", tx(110)],
      ["sell", "maker", "2.000000000000000000", "0.020200", "0.000000", "tUSD", "0.010100000000", "115", tx(115)],
    ]);
    const deficit = records.filter((r) => r.record.startsWith("deficit."));
    expect(deficit.map((r) => [r.record, r.kg_co2e, r.block])).toEqual([
      ["deficit.opened", "50.000000000000000005", "300"],
      ["deficit.payment", "20.000000000000000000", "310"],
      ["deficit.payment", "25.000000000000000000", "320"],
      ["deficit.outstanding", "5.000000000000000005", ""],
    ]);
    expect(records.find((r) => r.record === "allowance.to_deficit")!.kg_co2e).toBe("10.000000000000000000");
    expect(refOf({ ord: "14500003", tx: tx(1), timestamp: null })).toEqual({ tx: tx(1), block: 145n, logIndex: 3, timestamp: null });
  });
});
