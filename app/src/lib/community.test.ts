import { describe, expect, it } from "vitest";
import { en } from "@/i18n/en";
import { zh } from "@/i18n/zh";
import { translate, type Dictionary, type MessageKey } from "@/i18n";
import { checkTyped } from "./community";
import { reductionPercent } from "./amounts";

const tr = (dict: Dictionary) => (key: MessageKey, vars?: Record<string, string | number>) => translate(dict, key, vars);

describe("the pseudonym checked before signing", () => {
  it("says each broken rule in a sentence, in both languages, with no placeholder left", () => {
    for (const dict of [en, zh]) {
      const t = tr(dict);
      for (const name of ["", "Al", "a".repeat(25), " Ann", "Ann ", "A  nn", "Ann\u200b", "\u202eAnn", "Ann\u0007"]) {
        const s = checkTyped(name, t);
        expect(s, JSON.stringify(name)).toBeTypeOf("string");
        expect(s).not.toMatch(/\{\w+\}/);
      }
      expect(checkTyped("Ann", t)).toBeUndefined();
      expect(checkTyped("小绿叶", t)).toBeUndefined();
    }
  });
  it("names an invisible character by its code point", () => {
    expect(checkTyped("Ann\u200b", tr(en))).toContain("U+200B");
    expect(checkTyped("\u202eAnn", tr(en))).toContain("U+202E");
    expect(checkTyped("一二三四五六七八九", tr(en))).toBe("Too long: 27 bytes; at most 24 (a Chinese character takes 3).");
    expect(checkTyped("Al", tr(en))).toBe("Too short: 2 bytes; a pseudonym needs at least 3.");
    expect(checkTyped("Ann ", tr(en))).toBe("No space at the start or the end of a pseudonym, and no two spaces in a row.");
  });
});

describe("reductionPercent", () => {
  it("shows ppm as a percentage with one decimal, truncated exactly, in the locale", () => {
    expect(reductionPercent(250_000, "en")).toBe("25.0%");
    expect(reductionPercent(289_000, "en")).toBe("28.9%"); // not 28.8 (0.289 is 0.28899… as a double)
    expect(reductionPercent(-12_345, "en")).toBe("-1.2%");
    expect(reductionPercent(999, "en")).toBe("0.0%");
    expect(reductionPercent(1_000_000, "zh")).toBe("100.0%");
  });
});
