import { describe, expect, it } from "vitest";
import { langCookie, langFromAcceptLanguage, langFromCookieHeader, localeOf, negotiateLang, parseAcceptLanguage } from "./negotiate";

describe("parseAcceptLanguage", () => {
  it("orders ranges by quality, keeping the header's order on ties", () => {
    expect(parseAcceptLanguage("en;q=0.5, zh-CN, de;q=0.5, fr;q=0.9")).toEqual([
      { tag: "zh-cn", q: 1 },
      { tag: "fr", q: 0.9 },
      { tag: "en", q: 0.5 },
      { tag: "de", q: 0.5 },
    ]);
  });
  it("drops q=0, malformed qualities and malformed tags", () => {
    expect(parseAcceptLanguage("zh;q=0, en;q=1.5, fr;q=abc, de;q=0.001, 12-ab, x_y, *;q=0.1").map((r) => r.tag)).toEqual(["*", "de"]);
  });
  it("has nothing for a missing or empty header", () => {
    expect(parseAcceptLanguage(undefined)).toEqual([]);
    expect(parseAcceptLanguage(null)).toEqual([]);
    expect(parseAcceptLanguage("")).toEqual([]);
  });
});

describe("langFromAcceptLanguage", () => {
  it("maps every Chinese tag to zh and every English tag to en", () => {
    for (const tag of ["zh", "zh-CN", "zh-Hans", "zh-Hans-CN", "zh-TW", "ZH-cn"]) expect(langFromAcceptLanguage(tag), tag).toBe("zh");
    for (const tag of ["en", "en-US", "en-GB"]) expect(langFromAcceptLanguage(tag), tag).toBe("en");
  });
  it("takes the best-quality language the app speaks, skipping others", () => {
    expect(langFromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh"); // Chrome in Simplified Chinese
    expect(langFromAcceptLanguage("de-DE,de;q=0.9,zh;q=0.8,en;q=0.7")).toBe("zh");
    expect(langFromAcceptLanguage("en-US,en;q=0.9,zh-CN;q=0.8")).toBe("en");
    expect(langFromAcceptLanguage("en;q=0.4,zh;q=0.6")).toBe("zh");
    expect(langFromAcceptLanguage("zh;q=0,en;q=0.1")).toBe("en");
  });
  it("answers nothing when no range is one it speaks, the default for *", () => {
    expect(langFromAcceptLanguage("de-DE,fr;q=0.8")).toBeUndefined();
    expect(langFromAcceptLanguage("de-DE,*;q=0.5")).toBe("en");
  });
});

describe("negotiateLang", () => {
  it("lets the cookie win over Accept-Language", () => {
    expect(negotiateLang({ cookie: "en", acceptLanguage: "zh-CN,zh;q=0.9" })).toBe("en");
    expect(negotiateLang({ cookie: "zh", acceptLanguage: "en-US" })).toBe("zh");
  });
  it("ignores a cookie it does not know and falls back to the browser", () => {
    expect(negotiateLang({ cookie: "fr", acceptLanguage: "zh-CN" })).toBe("zh");
    expect(negotiateLang({ cookie: "", acceptLanguage: "zh-CN" })).toBe("zh");
    expect(negotiateLang({ cookie: undefined, acceptLanguage: "zh-TW,en;q=0.5" })).toBe("zh");
  });
  it("is English with neither", () => {
    expect(negotiateLang({})).toBe("en");
    expect(negotiateLang({ cookie: null, acceptLanguage: "ja-JP" })).toBe("en");
  });
});

describe("the language cookie", () => {
  it("is written for the whole site for a year and read back from a Cookie header", () => {
    expect(langCookie("zh")).toBe("pcx.lang=zh; Path=/; Max-Age=31536000; SameSite=Lax");
    expect(langFromCookieHeader("a=1; pcx.lang=zh; b=2")).toBe("zh");
    expect(langFromCookieHeader("pcx.lang=en")).toBe("en");
    expect(langFromCookieHeader("pcx.language=zh; xpcx.lang=zh")).toBeUndefined();
    expect(langFromCookieHeader("pcx.lang=fr")).toBeUndefined();
    expect(langFromCookieHeader("")).toBeUndefined();
  });
  it("maps languages to the tags of <html lang> and Intl", () => {
    expect(localeOf("zh")).toBe("zh-CN");
    expect(localeOf("en")).toBe("en");
  });
});
