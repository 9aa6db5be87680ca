import { describe, expect, it } from "vitest";
import {
  COMMUNITY_PERIODS,
  checkPseudonym,
  checkPseudonymBytes,
  foldPseudonym,
  memberScore,
  periodReductionPpm,
  publicEntry,
  rankCommunity,
  type CommunityMember,
  type CommunitySettlement,
} from "../community.js";

const KG = 10n ** 18n;
const settled = (account: string, period: number, baselineKg: number, emissionsKg: number): CommunitySettlement => ({
  account,
  period,
  baselineBefore: BigInt(baselineKg) * KG,
  emissions: BigInt(emissionsKg) * KG,
});
const member = (account: string, pseudonym: string, joinedOrd: number): CommunityMember => ({ account, pseudonym, joinedOrd: BigInt(joinedOrd) });

describe("one period's reduction", () => {
  it("is (baseline − emissions) / baseline in ppm, toward zero, at least −100 %", () => {
    expect(periodReductionPpm(200n * KG, 150n * KG)).toBe(250_000n);
    expect(periodReductionPpm(3n, 2n)).toBe(333_333n); // 1/3 rounded toward zero
    expect(periodReductionPpm(3n, 4n)).toBe(-333_333n); // toward zero on the negative side too
    expect(periodReductionPpm(100n, 0n)).toBe(1_000_000n);
    expect(periodReductionPpm(100n, 200n)).toBe(-1_000_000n);
    expect(periodReductionPpm(1n, 400n * KG)).toBe(-1_000_000n); // bounded, not −4·10²⁶ ppm
  });

  it("is undefined without a baseline (the first settled period sets it)", () => {
    expect(periodReductionPpm(0n, 123n)).toBeNull();
    expect(periodReductionPpm(0n, 0n)).toBeNull();
  });
});

describe("a member's score", () => {
  it(`averages the ${COMMUNITY_PERIODS} most recent periods that have a baseline, whatever the input order`, () => {
    const s = [settled("a", 0, 0, 300), settled("a", 4, 100, 90), settled("a", 1, 300, 150), settled("a", 3, 100, 80), settled("a", 2, 200, 200)];
    // Periods 4, 3, 2: 10 %, 20 %, 0 % → 10 %. Period 1 (50 %) is too old, period 0 has no baseline.
    expect(memberScore(s)).toEqual({ reductionPpm: 100_000n, periodsCounted: 3, throughPeriod: 4 });
    expect(memberScore([...s].reverse())).toEqual(memberScore(s));
  });

  it("counts what there is when fewer periods are settled", () => {
    expect(memberScore([settled("a", 0, 0, 300), settled("a", 1, 300, 240)])).toEqual({ reductionPpm: 200_000n, periodsCounted: 1, throughPeriod: 1 });
    expect(memberScore([settled("a", 0, 0, 300)])).toEqual({ reductionPpm: null, periodsCounted: 0, throughPeriod: null });
    expect(memberScore([])).toEqual({ reductionPpm: null, periodsCounted: 0, throughPeriod: null });
  });

  it("rounds the mean toward zero", () => {
    // 1/3 and 0 → 333,333 / 2 = 166,666.5 → 166,666
    expect(memberScore([settled("a", 1, 3, 2), settled("a", 2, 5, 5)]).reductionPpm).toBe(166_666n);
  });
});

describe("the board", () => {
  const members = [member("0xA", "Ann", 300), member("0xB", "Bo", 100), member("0xC", "Cy", 200), member("0xD", "Di", 50), member("0xE", "Ed", 400)];
  const settlements = [
    settled("0xa", 0, 0, 100), settled("0xa", 1, 100, 80), // Ann 20 %, 1 period
    settled("0xb", 0, 0, 100), settled("0xb", 1, 100, 90), settled("0xb", 2, 100, 70), // Bo 10 %, 30 % → 20 %, 2 periods
    settled("0xc", 0, 0, 100), settled("0xc", 1, 100, 80), // Cy 20 %, 1 period, joined before Ann
    settled("0xd", 0, 0, 100), // Di: no baseline yet → not ranked
    settled("0xf", 0, 0, 100), settled("0xf", 1, 100, 1), // not a member: ignored
  ];

  it("ranks by score, then periods counted, then earlier join; not-ranked-yet members last", () => {
    const board = rankCommunity(members, settlements);
    expect(board.map((r) => [r.pseudonym, r.rank, r.reductionPpm, r.periodsCounted])).toEqual([
      ["Bo", 1, 200_000, 2],
      ["Cy", 2, 200_000, 1],
      ["Ann", 3, 200_000, 1],
      ["Di", null, null, 0],
      ["Ed", null, null, 0],
    ]);
  });

  it("is deterministic: the same board whatever order members and settlements arrive in", () => {
    const a = rankCommunity(members, settlements);
    const b = rankCommunity([...members].reverse(), [...settlements].reverse());
    expect(b).toEqual(a);
  });

  it("lists only members, and a member that left is gone", () => {
    const board = rankCommunity(members.filter((m) => m.pseudonym !== "Bo"), settlements);
    expect(board.map((r) => r.pseudonym)).toEqual(["Cy", "Ann", "Di", "Ed"]);
    expect(board[0]!.rank).toBe(1);
  });

  it("publishes no address and no kilograms", () => {
    const out = JSON.stringify(rankCommunity(members, settlements).map(publicEntry));
    expect(out).not.toMatch(/0x/i);
    expect(Object.keys(publicEntry(rankCommunity(members, settlements)[0]!)).sort()).toEqual(["periodsCounted", "pseudonym", "rank", "reductionPpm", "throughPeriod"]);
  });

  it("ranks a member above the baseline below one at it", () => {
    const board = rankCommunity([member("0x1", "Up", 1), member("0x2", "Flat", 2)], [settled("0x1", 1, 100, 130), settled("0x2", 1, 100, 100)]);
    expect(board.map((r) => [r.pseudonym, r.reductionPpm])).toEqual([["Flat", 0], ["Up", -300_000]]);
  });
});

describe("the pseudonym rule (mirrors CommunityBoard)", () => {
  const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));

  it("takes 3..24 UTF-8 bytes", () => {
    expect(checkPseudonym("")).toEqual({ rule: "length", length: 0, min: 3, max: 24 });
    expect(checkPseudonym("Al")).toMatchObject({ rule: "length", length: 2 });
    expect(checkPseudonym("a".repeat(25))).toMatchObject({ rule: "length", length: 25 });
    expect(checkPseudonym("一二三四五六七八九")).toMatchObject({ rule: "length", length: 27 });
    expect(checkPseudonym("Ada")).toBeNull();
    expect(checkPseudonym("a".repeat(24))).toBeNull();
    expect(checkPseudonym("一二三四五六七八")).toBeNull();
  });

  it("refuses controls, extra spaces, invisible and direction characters at their byte offset", () => {
    const at = (s: string) => (checkPseudonym(s) as { offset?: number } | null)?.offset;
    expect(at(" Alice")).toBe(0);
    expect(at("Alice ")).toBe(5);
    expect(at("Al  ice")).toBe(3);
    expect(at("Ali\tce")).toBe(3);
    expect(at("Al\u00a0ice")).toBe(2);
    expect(at("Alice\u200b")).toBe(5);
    expect(at("\u202eAlice")).toBe(0);
    expect(at("Al\u2066x")).toBe(2);
    expect(at("\ufeffAl")).toBe(0);
    expect(at("Al\u3000")).toBe(2);
    expect(at("Al\ufe0f")).toBe(2);
    expect(at("Al\ue000")).toBe(2);
    expect(at("Al\u{e0001}")).toBe(2);
    expect(at("Al\ufffe")).toBe(2);
    expect(checkPseudonym("Zoë & Jo-Ann's")).toBeNull();
    expect(checkPseudonym("绿色家庭")).toBeNull();
    expect(checkPseudonym("🌱 Leaf")).toBeNull();
  });

  it("refuses malformed UTF-8 as the contract does", () => {
    for (const h of ["416c80", "416ce4b8", "416cc0af", "416ce080af", "416cf08080af", "416ceda080", "416cf4908080", "416cf5808080", "416ce4c0ad"]) {
      expect(checkPseudonymBytes(hex(h))).toMatchObject({ rule: "character", offset: 2 });
    }
  });

  it("decides uniqueness on the ASCII-case-folded form only", () => {
    expect(foldPseudonym("ALICE")).toBe(foldPseudonym("alice"));
    expect(foldPseudonym("ÄLICE")).toBe("Älice");
  });
});
