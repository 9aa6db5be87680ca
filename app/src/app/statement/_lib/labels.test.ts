/**
 * The statement builds some message keys from data (CSV record codes, period status, reference
 * kinds, trade sides): each must exist in both languages, and the CSV's labels must really be in
 * the reader's language.
 */
import { describe, expect, it } from "vitest";
import { CSV_RECORDS, buildStatement, statementCsvRows, type PeriodStatus, type ReferenceKind } from "@sdk/statement";
import { en } from "@/i18n/en";
import { zh } from "@/i18n/zh";
import { translate, type MessageKey } from "@/i18n";
import { statementCsv, csvFileName } from "./download";
import { formatKg, formatQuote, formatSpan, formatUnits } from "./intl";

const STATUSES: PeriodStatus[] = ["open", "grace", "settleable", "settled"];
const REFERENCES: ReferenceKind[] = ["allowance", "settlement", "gapEstimate", "payoff", "trade", "reward", "retirement", "deficitPayment"];

describe("statement messages", () => {
  it("every dynamically built key exists in English and Chinese", () => {
    const keys = [...CSV_RECORDS.map((r) => `statement.csv.${r}`), ...STATUSES.map((s) => `statement.status.${s}`), ...REFERENCES.map((r) => `statement.ref.${r}`)];
    expect(keys.filter((k) => !(k in en))).toEqual([]);
    expect(keys.filter((k) => !(k in zh))).toEqual([]);
  });

  it("labels every CSV record in the reader's language, keeping the record codes stable", () => {
    const st = buildStatement(
      { account: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc", period: 3, start: "1767226500", end: "1767226800", settleableAt: "1767226860", asOfBlock: "12", summary: null, devices: [], readingDays: [], payoffs: [], gapEstimates: [], allowances: [], settlement: null, rewardWithheld: null, rewardClaims: [], trades: [], retirements: [], deficit: { settlements: [], payments: [] } },
      { now: 1767226600 },
    );
    const t = (lang: typeof en | typeof zh) => (key: MessageKey) => translate(lang, key);
    const zhCsv = statementCsv(st, undefined, t(zh));
    const enCsv = statementCsv(st, undefined, t(en));
    expect(zhCsv).toContain("本期记入的排放");
    expect(enCsv).toContain("Emissions booked in the period");
    const codes = (csv: string) => csv.split("\r\n").slice(1, -1).map((l) => l.split(",")[0]);
    expect(codes(zhCsv)).toEqual(codes(enCsv));
    expect(codes(enCsv)).toEqual(statementCsvRows(st, {}).map((r) => r.record));
    expect(csvFileName(st)).toBe("pcx-statement-3c44cd-2026-01-01T001500Z.csv");
  });
});

describe("statement numbers through Intl", () => {
  it("formats exact bigint amounts in the locale, never through a float", () => {
    expect(formatKg("en-US", 1_234_567_891_000_000_000_000n)).toBe("1,234.568");
    expect(formatKg("de-DE", 1_234_500_000_000_000_000_000n)).toBe("1.234,5");
    expect(formatKg("zh-CN", 5_366_000_000_000_000_000n)).toBe("5.366");
    // Beyond a double's 15–17 digits the string path stays exact.
    expect(formatUnits("en-US", 123_456_789_012_345_678_901n, 0, 0)).toBe("123,456,789,012,345,678,901");
    expect(formatQuote("en-US", 30_030n, 6)).toBe("0.03003");
    expect(formatQuote("en-US", 20_000_000n, 6)).toBe("20.00");
  });

  it("durations in the reader's units", () => {
    expect(formatSpan("en-US", 90_061n)).toBe("1 day, 1 hr");
    expect(formatSpan("zh-CN", 3_720n)).toBe("1小时2分钟");
    expect(formatSpan("en-US", 0n)).toBe("0 sec");
  });
});
