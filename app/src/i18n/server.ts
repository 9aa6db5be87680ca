/**
 * The request's language on the server (root layout, metadata): the `pcx.lang` cookie, else the
 * browser's Accept-Language (i18n/negotiate.ts). Reading them makes every page render per request.
 */
import { cookies, headers } from "next/headers";
import { dictionaries, translate, type Lang, type MessageKey } from "./index";
import { LANG_COOKIE, negotiateLang } from "./negotiate";

export async function requestLang(): Promise<Lang> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return negotiateLang({ cookie: cookieStore.get(LANG_COOKIE)?.value, acceptLanguage: headerList.get("accept-language") });
}

/** A message in the request's language, for server-rendered text such as the page title. */
export function serverT(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  return translate(dictionaries[lang], key, vars);
}
