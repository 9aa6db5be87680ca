import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "./en";
import { zh } from "./zh";
import { translate } from "./index";
import { BINDING_ERRORS } from "../lib/binding";
import { EXPLAINED_ERRORS } from "../lib/revert";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === "generated" ? [] : sourceFiles(p);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [p] : [];
  });
}

describe("i18n dictionaries", () => {
  it("have the same keys in English and Chinese, none empty", () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(zh)) expect(text.trim(), key).not.toBe("");
    for (const [key, text] of Object.entries(en)) expect(text.trim(), key).not.toBe("");
  });
  it("use the same placeholders in both languages", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
  });
  it("really translate (Chinese differs from English for text with letters)", () => {
    const same = (Object.keys(en) as (keyof typeof en)[]).filter((k) => /[a-z]{3,}/i.test(en[k]) && zh[k] === en[k]);
    expect(same).toEqual([]);
  });
  it("contain every key the source code uses literally", () => {
    const used = new Set<string>();
    for (const file of sourceFiles(path.resolve(import.meta.dirname, ".."))) {
      for (const m of readFileSync(file, "utf8").matchAll(/\bt\("([a-zA-Z0-9.]+)"/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });
  it("contain every key the code builds dynamically", () => {
    const priceErrors = ["notANumber", "zero", "notOnTick", "notWholeLots", "tooLarge"];
    const dynamic = [
      ...[0, 1, 2, 3, 4, 5, 6].map((k) => `kind.${k}`), // DeviceKind
      ...[0, 1, 2, 3].map((s) => `meters.status.${s}`), // IRegistry.DeviceStatus
      ...BINDING_ERRORS.map((e) => `meters.error.${e}`), // BindingCheck errors
      ...EXPLAINED_ERRORS.map((e) => `revert.${e}`), // custom errors explained in sentences
      ...[1, 2, 3].map((r) => `dashboard.withheld.${r}`), // ICarbonBudget.RewardDenial
      ...priceErrors.flatMap((e) => [`market.error.price.${e}`, `market.error.amount.${e}`]), // PriceError
      "market.error.paused", "market.error.tooSmall", "market.error.outsideBand", "market.error.iocExpiry", "market.error.expiry",
    ];
    expect(dynamic.filter((k) => !(k in en))).toEqual([]);
  });
  it("fill placeholders", () => {
    expect(translate(en, "dashboard.period", { period: 3 })).toBe("Period 3");
    expect(translate(zh, "dashboard.period", { period: 3 })).toBe("第 3 期");
    expect(translate(en, "tx.pending")).toBe("Pending: {hash}");
  });
});
