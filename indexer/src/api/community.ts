/**
 * The opt-in community board (docs/community.md): GET /api/community and /api/community/:account.
 * Members from community_member, their settlements (only those with a baseline, the newest first)
 * from settlement, ranked by sdk/community.ts. What leaves this file about another member is
 * sdk's publicEntry: pseudonym, rank, reduction in ppm, periods counted, newest period counted.
 */
import { db } from "ponder:api";
import * as s from "ponder:schema";
import { desc, inArray } from "ponder";
import { COMMUNITY_PERIODS, rankCommunity, type RankedMember } from "../../../sdk/community.js";

/** Settlements are read in chunks of members, so one query never names thousands of accounts. */
const CHUNK = 500;

/** The whole board, ranked (members are bounded by enrolled households). */
export async function communityBoard(): Promise<{ board: RankedMember[]; members: number; ranked: number }> {
  const members = await db.select().from(s.communityMember);
  const settlements: { account: string; period: number; emissions: bigint; baselineBefore: bigint }[] = [];
  for (let i = 0; i < members.length; i += CHUNK) {
    const accounts = members.slice(i, i + CHUNK).map((m) => m.account);
    const rows = await db
      .select({ account: s.settlement.account, period: s.settlement.period, emissions: s.settlement.emissions, baselineBefore: s.settlement.baselineBefore })
      .from(s.settlement)
      .where(inArray(s.settlement.account, accounts))
      .orderBy(desc(s.settlement.period));
    // Only the newest COMMUNITY_PERIODS with a baseline per account count; keep no more.
    const kept = new Map<string, number>();
    for (const r of rows) {
      if (r.baselineBefore === 0n) continue;
      const n = kept.get(r.account) ?? 0;
      if (n >= COMMUNITY_PERIODS) continue;
      kept.set(r.account, n + 1);
      settlements.push(r);
    }
  }
  const board = rankCommunity(members, settlements);
  return { board, members: members.length, ranked: board.filter((r) => r.rank !== null).length };
}
