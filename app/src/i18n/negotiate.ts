/**
 * Which language a request gets, decided on the server so the first HTML is already in it:
 * the person's explicit choice (the `pcx.lang` cookie the language toggle writes) wins; else the
 * browser's Accept-Language, best quality first; else English. Pure functions, no Next imports,
 * shared by the server (i18n/server.ts) and the client (i18n/context.tsx).
 */
import type { Lang } from "./index";

/** The cookie that keeps the language a person picked (one year, the whole site). */
export const LANG_COOKIE = "pcx.lang";
export const LANG_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;
export const DEFAULT_LANG: Lang = "en";

export function isLang(value: unknown): value is Lang {
  return value === "en" || value === "zh";
}

export interface LanguageRange {
  /** Lower-cased BCP 47 tag or "*". */
  tag: string;
  q: number;
}

/**
 * Parses an Accept-Language header ("zh-CN,zh;q=0.9,en;q=0.8") into its ranges, highest quality
 * first (ties keep the header's order); ranges with q=0 or a malformed q are dropped.
 */
export function parseAcceptLanguage(header: string | null | undefined): LanguageRange[] {
  if (!header) return [];
  const ranges: (LanguageRange & { index: number })[] = [];
  header.split(",").forEach((part, index) => {
    const [rawTag, ...params] = part.trim().split(";");
    const tag = rawTag?.trim().toLowerCase() ?? "";
    if (!/^(\*|[a-z]{1,8}(-[a-z0-9]{1,8})*)$/.test(tag)) return;
    let q = 1;
    for (const param of params) {
      const m = /^\s*q\s*=(.*)$/i.exec(param);
      if (!m) continue;
      const value = m[1]!.trim();
      q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : Number.NaN;
    }
    if (!(q > 0)) return;
    ranges.push({ tag, q, index });
  });
  return ranges.sort((a, b) => b.q - a.q || a.index - b.index).map(({ tag, q }) => ({ tag, q }));
}

/** The app language a language tag asks for: any Chinese (zh, zh-CN, zh-Hans, zh-TW…) → zh, any English → en. */
export function langOfTag(tag: string): Lang | undefined {
  const primary = tag.toLowerCase().split("-")[0];
  if (primary === "zh") return "zh";
  if (primary === "en") return "en";
  return undefined;
}

/** The language of the first range the app speaks ("*" takes the default). */
export function langFromAcceptLanguage(header: string | null | undefined): Lang | undefined {
  for (const { tag } of parseAcceptLanguage(header)) {
    if (tag === "*") return DEFAULT_LANG;
    const lang = langOfTag(tag);
    if (lang) return lang;
  }
  return undefined;
}

/** The cookie's language wins over the browser's; English when neither names one the app speaks. */
export function negotiateLang(request: { cookie?: string | null; acceptLanguage?: string | null }): Lang {
  if (isLang(request.cookie)) return request.cookie;
  return langFromAcceptLanguage(request.acceptLanguage) ?? DEFAULT_LANG;
}

/** The BCP 47 tag of an app language, for <html lang> (Intl formatting uses lib/locale.ts intlLocale). */
export function localeOf(lang: Lang): string {
  return lang === "zh" ? "zh-CN" : "en";
}

/** The Set-Cookie / document.cookie string that remembers a choice. */
export function langCookie(lang: Lang): string {
  return `${LANG_COOKIE}=${lang}; Path=/; Max-Age=${LANG_COOKIE_MAX_AGE}; SameSite=Lax`;
}

/** The language in a Cookie header or document.cookie string, if one was chosen. */
export function langFromCookieHeader(cookieHeader: string | null | undefined): Lang | undefined {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === LANG_COOKIE) {
      const v = decodeURIComponent(value.join("="));
      return isLang(v) ? v : undefined;
    }
  }
  return undefined;
}
