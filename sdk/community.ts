/**
 * The opt-in community view (docs/community.md): one definition of the ranking rule, and the
 * pseudonym rule the CommunityBoard contract enforces, so the app can check a name before signing.
 *
 * Ranking rule. For one settled period, a member's reduction against its own baseline is
 *
 *     reduction = (baselineBefore − emissions) / baselineBefore
 *
 * with both figures taken from CarbonBudget's Settled event of that period (the baseline used for
 * the reward, and the booked emissions). It is in parts per million, rounded toward zero, and
 * bounded below at −100 % (emissions at least twice the baseline count as −100 %), so one bad
 * period weighs no more than one perfect one. A period whose baselineBefore is 0 has no reduction:
 * the account's first settled period (it sets the baseline) or a baseline of zero.
 *
 * A member's score is the mean of its reductions over its COMMUNITY_PERIODS (3) most recent
 * settled periods that have one, rounded toward zero. Members are ranked by score, highest first;
 * ties go to the member with more periods counted, then to the one that joined the board earlier
 * (chain order of its Joined event), which is unique. Members with no counted period are listed
 * after the ranked ones as "not ranked yet", earliest joined first. Only current members appear
 * (opted in and not left), and what is published per member is its pseudonym, rank, score and the
 * number of periods counted: never its address, readings, devices or kilograms.
 *
 * Self-contained (no value imports): the app bundles this file (see sdk/statement.ts).
 */

/** How many of a member's most recent settled periods (with a baseline) its score averages. */
export const COMMUNITY_PERIODS = 3;
/** Scores and reductions are parts per million: 1,000,000 = 100 %. */
export const PPM = 1_000_000n;

/** A member as the indexer holds it (CommunityBoard Joined/Renamed/Left). */
export interface CommunityMember {
  account: string;
  pseudonym: string;
  /** Chain order of the member's Joined event (block × 100,000 + log index). */
  joinedOrd: bigint;
}

/** The two fields of one CarbonBudget Settled event the rule reads. */
export interface CommunitySettlement {
  account: string;
  period: number;
  emissions: bigint;
  baselineBefore: bigint;
}

/** One line of the board, with the account (the indexer keeps it to answer /api/community/:account). */
export interface RankedMember {
  account: string;
  pseudonym: string;
  /** 1-based position among the ranked members; null: not ranked yet. */
  rank: number | null;
  /** Mean reduction in ppm (positive: below the baseline); null when not ranked yet. */
  reductionPpm: number | null;
  /** Settled periods the score averages (0..COMMUNITY_PERIODS). */
  periodsCounted: number;
  /** The newest period counted; null when not ranked yet. */
  throughPeriod: number | null;
}

/** What the board publishes about a member: no address, no kilograms. */
export type CommunityEntry = Omit<RankedMember, "account">;

/** Strips the account: the only shape the API and the page hand out for other members. */
export const publicEntry = ({ pseudonym, rank, reductionPpm, periodsCounted, throughPeriod }: RankedMember): CommunityEntry => ({
  pseudonym,
  rank,
  reductionPpm,
  periodsCounted,
  throughPeriod,
});

/** One period's reduction in ppm (toward zero, at least −100 %); null when baselineBefore is 0. */
export function periodReductionPpm(baselineBefore: bigint, emissions: bigint): bigint | null {
  if (baselineBefore <= 0n) return null;
  const ppm = ((baselineBefore - emissions) * PPM) / baselineBefore;
  return ppm < -PPM ? -PPM : ppm;
}

/** A member's score from its own settlements (any order): mean ppm over the newest counted periods. */
export function memberScore(
  settlements: readonly CommunitySettlement[],
  periods = COMMUNITY_PERIODS,
): { reductionPpm: bigint | null; periodsCounted: number; throughPeriod: number | null } {
  const counted = settlements
    .map((s) => ({ period: s.period, ppm: periodReductionPpm(s.baselineBefore, s.emissions) }))
    .filter((s): s is { period: number; ppm: bigint } => s.ppm !== null)
    .sort((a, b) => b.period - a.period)
    .slice(0, periods);
  if (counted.length === 0) return { reductionPpm: null, periodsCounted: 0, throughPeriod: null };
  const sum = counted.reduce((acc, s) => acc + s.ppm, 0n);
  return { reductionPpm: sum / BigInt(counted.length), periodsCounted: counted.length, throughPeriod: counted[0]!.period };
}

/**
 * The board: every member, ranked ones first by the rule above, then the not-ranked-yet ones.
 * Settlements of accounts that are not members are ignored; accounts compare case-insensitively.
 */
export function rankCommunity(
  members: readonly CommunityMember[],
  settlements: readonly CommunitySettlement[],
  periods = COMMUNITY_PERIODS,
): RankedMember[] {
  const byAccount = new Map<string, CommunitySettlement[]>();
  for (const m of members) byAccount.set(m.account.toLowerCase(), []);
  for (const s of settlements) byAccount.get(s.account.toLowerCase())?.push(s);
  const scored = members.map((m) => ({ m, ...memberScore(byAccount.get(m.account.toLowerCase())!, periods) }));
  const byJoin = (a: (typeof scored)[number], b: (typeof scored)[number]) =>
    a.m.joinedOrd !== b.m.joinedOrd ? (a.m.joinedOrd < b.m.joinedOrd ? -1 : 1) : a.m.account.toLowerCase() < b.m.account.toLowerCase() ? -1 : 1;
  const ranked = scored
    .filter((x) => x.reductionPpm !== null)
    .sort((a, b) =>
      a.reductionPpm !== b.reductionPpm ? (a.reductionPpm! > b.reductionPpm! ? -1 : 1) : b.periodsCounted - a.periodsCounted || byJoin(a, b),
    );
  const unranked = scored.filter((x) => x.reductionPpm === null).sort(byJoin);
  return [
    ...ranked.map((x, i) => ({
      account: x.m.account.toLowerCase(),
      pseudonym: x.m.pseudonym,
      rank: i + 1,
      reductionPpm: Number(x.reductionPpm),
      periodsCounted: x.periodsCounted,
      throughPeriod: x.throughPeriod,
    })),
    ...unranked.map((x) => ({
      account: x.m.account.toLowerCase(),
      pseudonym: x.m.pseudonym,
      rank: null,
      reductionPpm: null,
      periodsCounted: 0,
      throughPeriod: null,
    })),
  ];
}

// ── The pseudonym rule (CommunityBoard._key) ────────────────────────────────────────────────

export const PSEUDONYM_MIN_BYTES = 3;
export const PSEUDONYM_MAX_BYTES = 24;

/** Why a pseudonym is refused, as CommunityBoard's errors say it. */
export type PseudonymProblem =
  | { rule: "length"; length: number; min: number; max: number }
  | { rule: "character"; offset: number; character: string };

/** Whether a non-ASCII code point may appear (CommunityBoard._allowed). */
export function allowedCodePoint(cp: number): boolean {
  if (cp <= 0xa0 || cp === 0xad || cp === 0x034f || cp === 0x061c) return false;
  if (cp === 0x115f || cp === 0x1160 || cp === 0x1680 || cp === 0x180e) return false;
  if (cp >= 0x2000 && cp <= 0x200f) return false;
  if (cp >= 0x2028 && cp <= 0x202f) return false;
  if (cp >= 0x205f && cp <= 0x206f) return false;
  if (cp === 0x3000 || cp === 0x3164 || cp === 0xfeff || cp === 0xffa0) return false;
  if (cp >= 0xe000 && cp <= 0xf8ff) return false;
  if (cp >= 0xfdd0 && cp <= 0xfdef) return false;
  if (cp >= 0xfe00 && cp <= 0xfe0f) return false;
  if (cp >= 0xfff9 && cp <= 0xfffb) return false;
  if ((cp & 0xfffe) === 0xfffe) return false;
  return cp < 0xe0000;
}

/**
 * Checks UTF-8 bytes exactly as CommunityBoard does: null when the chain would accept them, else
 * the first problem (the contract's error). `character` is the offending code point as text, or
 * the bytes in hex when they are not well-formed UTF-8.
 */
export function checkPseudonymBytes(bytes: Uint8Array): PseudonymProblem | null {
  const n = bytes.length;
  if (n < PSEUDONYM_MIN_BYTES || n > PSEUDONYM_MAX_BYTES) return { rule: "length", length: n, min: PSEUDONYM_MIN_BYTES, max: PSEUDONYM_MAX_BYTES };
  const bad = (offset: number, size = 1, cp?: number): PseudonymProblem => ({
    rule: "character",
    offset,
    character: cp !== undefined ? String.fromCodePoint(cp) : [...bytes.slice(offset, offset + size)].map((b) => b.toString(16).padStart(2, "0")).join(" "),
  });
  let i = 0;
  while (i < n) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      if (lead < 0x20 || lead === 0x7f) return bad(i, 1, lead);
      if (lead === 0x20 && (i === 0 || i === n - 1 || bytes[i - 1] === 0x20)) return bad(i, 1, lead);
      i++;
      continue;
    }
    const size = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (size === 0 || i + size > n) return bad(i, Math.max(size, 1));
    let cp = lead & (size === 2 ? 0x1f : size === 3 ? 0x0f : 0x07);
    for (let j = 1; j < size; j++) {
      const next = bytes[i + j]!;
      if ((next & 0xc0) !== 0x80) return bad(i, size);
      cp = (cp << 6) | (next & 0x3f);
    }
    const overlong = (size === 3 && cp < 0x800) || (size === 4 && cp < 0x10000);
    if (overlong || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return bad(i, size);
    if (!allowedCodePoint(cp)) return bad(i, size, cp);
    i += size;
  }
  return null;
}

/** The UTF-8 bytes a pseudonym is sent as (viem and ethers encode strings this way). */
export const pseudonymBytes = (pseudonym: string): Uint8Array => new TextEncoder().encode(pseudonym);

/** Checks a pseudonym as typed: null when the chain would accept it (a taken name aside). */
export const checkPseudonym = (pseudonym: string): PseudonymProblem | null => checkPseudonymBytes(pseudonymBytes(pseudonym));

/** The form uniqueness is decided on: A–Z folded to a–z, nothing else changed (CommunityBoard.pseudonymKey hashes these bytes). */
export const foldPseudonym = (pseudonym: string): string => pseudonym.replace(/[A-Z]/g, (c) => c.toLowerCase());
