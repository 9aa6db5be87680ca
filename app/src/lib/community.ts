/**
 * The community page's wording of the pseudonym rule (sdk/community.ts checkPseudonym, the same
 * rule CommunityBoard enforces): a problem as one translated sentence, before anything is signed.
 */
import { checkPseudonym, type PseudonymProblem } from "@sdk/community";
import type { MessageKey } from "@/i18n";

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A refused character by its code point ("U+200B"): many are invisible, or move the text around. */
const codeOf = (character: string) => `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

/** The sentence for a problem, or undefined when the name is fine. */
export function pseudonymMessage(problem: PseudonymProblem | null, t: Translate): string | undefined {
  if (!problem) return undefined;
  if (problem.rule === "length") {
    return problem.length === 0 ? t("community.rule.empty") : t(problem.length < problem.min ? "community.rule.short" : "community.rule.long", { length: problem.length, min: problem.min, max: problem.max });
  }
  if (problem.character === " ") return t("community.rule.space");
  if (/^[0-9a-f]{2}( [0-9a-f]{2})*$/.test(problem.character)) return t("community.rule.malformed");
  return t("community.rule.character", { code: codeOf(problem.character) });
}

/** The typed name checked: trimmed of nothing (the chain refuses edge spaces, so the person sees why). */
export function checkTyped(name: string, t: Translate): string | undefined {
  return pseudonymMessage(checkPseudonym(name), t);
}
