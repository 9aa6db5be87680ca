"use client";
/**
 * Language state (English / Simplified Chinese), the `t` function and the Intl locale. The server
 * picks the first language (cookie, else Accept-Language: i18n/negotiate.ts) and passes it in, so
 * the first HTML is already translated; a choice in the top bar is kept in the `pcx.lang` cookie,
 * which the server reads on the next request.
 */
import { createContext, startTransition, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { dictionaries, type Lang, type MessageKey, translate } from "./index";
import { isLang, langCookie, langFromCookieHeader, localeOf } from "./negotiate";
import { intlLocale } from "@/lib/locale";

interface I18n {
  lang: Lang;
  /** BCP 47 tag of the language ("en", "zh-CN"): pass it to the formatters in lib/format.ts. */
  locale: string;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
}

const Ctx = createContext<I18n | undefined>(undefined);
/** Where earlier versions kept the choice (browser only); moved into the cookie once. */
const LEGACY_STORAGE_KEY = "pcx.lang";

export function I18nProvider({ children, initialLang = "en" }: { children: ReactNode; initialLang?: Lang }) {
  const router = useRouter();
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback(
    (l: Lang) => {
      document.cookie = langCookie(l);
      document.documentElement.lang = localeOf(l);
      setLangState(l);
      // The server components (the page title, <html lang>) render again in the new language.
      startTransition(() => router.refresh());
    },
    [router],
  );
  useEffect(() => {
    let legacy: string | null = null;
    try {
      legacy = localStorage.getItem(LEGACY_STORAGE_KEY);
      localStorage.removeItem(LEGACY_STORAGE_KEY);
    } catch {
      /* storage unavailable */
    }
    if (langFromCookieHeader(document.cookie) !== undefined || !isLang(legacy)) return;
    if (legacy === initialLang) document.cookie = langCookie(legacy);
    else setLang(legacy);
  }, [initialLang, setLang]);
  const value = useMemo<I18n>(
    () => ({ lang, locale: intlLocale(lang), setLang, t: (key, vars) => translate(dictionaries[lang], key, vars) }),
    [lang, setLang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}
