import { en } from "./en";
import { zh } from "./zh";

export type MessageKey = keyof typeof en;
export type Dictionary = Record<MessageKey, string>;
export type Lang = "en" | "zh";
export const dictionaries: Record<Lang, Dictionary> = { en, zh };

/** Looks up `key` and fills `{name}` placeholders. */
export function translate(dict: Dictionary, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = dict[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}
