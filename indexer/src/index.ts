/**
 * Indexing functions. Every event of every indexed contract goes to event_log (and, per address
 * argument, account_event); the events the app and the audit read also update their own tables.
 * Ponder calls one function per event in chain order and undoes the writes of reorged blocks.
 */
import { ponder } from "ponder:registry";
import { and, asc, eq } from "ponder";
import * as s from "ponder:schema";
import { committedCheckpoints } from "../../sdk/raw-series.js";
import { addresses, deployedContracts, eventNames, quoteAddress, type IndexedContract } from "../abis.js";

type Hex = `0x${string}`;
// Ponder's context and event, as the generic registration below sees them.
type Ctx = Parameters<Parameters<typeof ponder.on>[1]>[0]["context"];
interface Ev {
  id: string;
  args: Record<string, unknown>;
  block: { number: bigint; timestamp: bigint };
  log: { logIndex: number; address: Hex };
  transaction: { hash: Hex; input: Hex };
}
type Handler = (e: Ev, db: Ctx["db"]) => Promise<void>;

const ZERO = "0x0000000000000000000000000000000000000000";
const DAY = 86_400n;
const CANDLES: [string, bigint][] = [["1m", 60n], ["1h", 3_600n], ["1d", 86_400n]];

const lc = (a: unknown) => String(a).toLowerCase() as Hex;
const big = (v: unknown) => BigInt(v as bigint);
const num = (v: unknown) => Number(v as number);
const ordOf = (e: Ev) => e.block.number * 100_000n + BigInt(e.log.logIndex);
const isAddress = (v: unknown): v is string => typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v);
const json = (v: unknown): unknown =>
  typeof v === "bigint" ? v.toString() : Array.isArray(v) ? v.map(json) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, json(x)])) : v;

async function touchAccount(db: Ctx["db"], address: Hex, e: Ev, change: (row: typeof s.account.$inferSelect) => Partial<typeof s.account.$inferInsert>) {
  const base = { address, enrolled: false, enrolledAt: null, requiredMeters: 0, balance: 0n, deficit: 0n, retired: 0n, lastOrd: ordOf(e) };
  const existing = await db.find(s.account, { address });
  const row = existing ?? base;
  const next = { ...row, ...change(row as typeof s.account.$inferSelect), lastOrd: ordOf(e) };
  if (existing) await db.update(s.account, { address }).set(next);
  else await db.insert(s.account).values(next);
}

async function accountPeriod(db: Ctx["db"], account: Hex, period: number, change: (row: typeof s.accountPeriod.$inferSelect) => Partial<typeof s.accountPeriod.$inferInsert>) {
  const existing = await db.find(s.accountPeriod, { account, period });
  const row = existing ?? {
    account, period, readings: 0, measured: 0n, paidOff: 0n, estimated: 0n, emissions: 0n, allowance: 0n,
    settled: false, rewardEntitlement: 0n, rewardClaimed: 0n, rewardWithheldReason: null,
  };
  const next = { ...row, ...change(row as typeof s.accountPeriod.$inferSelect) };
  next.emissions = next.measured - next.paidOff + next.estimated;
  if (existing) await db.update(s.accountPeriod, { account, period }).set(next);
  else await db.insert(s.accountPeriod).values(next);
}

async function levelChange(db: Ctx["db"], side: number, tick: number, lots: bigint, orders: number) {
  await db
    .insert(s.level)
    .values({ side, tick, liveLots: lots, orders })
    .onConflictDoUpdate((row) => ({ liveLots: row.liveLots + lots, orders: row.orders + orders }));
}

async function marketChange(db: Ctx["db"], change: (row: typeof s.market.$inferSelect) => Partial<typeof s.market.$inferInsert>) {
  const row = (await db.find(s.market, { id: "OrderBook" })) ?? { id: "OrderBook", feeBps: 0n, feesAccrued: 0n, feesWithdrawn: 0n, trades: 0, lastTick: null };
  await db.insert(s.market).values({ ...row, ...change(row) }).onConflictDoUpdate({ ...row, ...change(row) });
}

const handlers: Partial<Record<IndexedContract, Record<string, Handler>>> = {
  CarbonCredit: {
    async Transfer(e, db) {
      const from = lc(e.args.from), to = lc(e.args.to), value = big(e.args.value);
      await db.insert(s.transfer).values({ id: e.id, ord: ordOf(e), from, to, value, tx: e.transaction.hash });
      if (from !== ZERO) await touchAccount(db, from, e, (r) => ({ balance: r.balance - value }));
      if (to !== ZERO) await touchAccount(db, to, e, (r) => ({ balance: r.balance + value }));
      const delta = (from === ZERO ? value : 0n) - (to === ZERO ? value : 0n);
      if (delta !== 0n) await supply(db, { totalSupply: delta });
    },
    async Minted(e, db) {
      await supply(db, { minted: big(e.args.amount) });
    },
    async Surrendered(e, db) {
      await supply(db, { surrendered: big(e.args.amount) });
    },
    async Retired(e, db) {
      const amount = big(e.args.amount);
      await db.insert(s.retirement).values({
        id: big(e.args.id), ord: ordOf(e), retiree: lc(e.args.retiree), beneficiary: lc(e.args.beneficiary), amount,
        beneficiaryName: String(e.args.beneficiaryName), reason: String(e.args.reason), jurisdiction: String(e.args.jurisdiction),
        timestamp: e.block.timestamp, tx: e.transaction.hash,
      });
      await supply(db, { retired: amount });
      await touchAccount(db, lc(e.args.retiree), e, (r) => ({ retired: r.retired + amount }));
    },
  },
  EmissionFactors: {
    async FactorVersionPublished(e, db) {
      await db.insert(s.factorVersion).values({
        versionId: num(e.args.versionId), factorId: num(e.args.factorId), effectiveFromPeriod: num(e.args.effectiveFromPeriod),
        value: big(e.args.value), source: String(e.args.source),
      });
    },
  },
  Registry: {
    async Enrolled(e, db) {
      const a = lc(e.args.account);
      await db.insert(s.enrollment).values({ id: e.id, ord: ordOf(e), account: a, registrar: lc(e.args.registrar), enrolled: true, tx: e.transaction.hash });
      await touchAccount(db, a, e, () => ({ enrolled: true, enrolledAt: big(e.args.timestamp) }));
    },
    async Unenrolled(e, db) {
      const a = lc(e.args.account);
      await db.insert(s.enrollment).values({ id: e.id, ord: ordOf(e), account: a, registrar: lc(e.args.registrar), enrolled: false, tx: e.transaction.hash });
      await touchAccount(db, a, e, () => ({ enrolled: false }));
    },
    async RequiredMetersSet(e, db) {
      await touchAccount(db, lc(e.args.account), e, () => ({ requiredMeters: num(e.args.kinds) }));
    },
    async CertifierAdded(e, db) {
      const values = { address: lc(e.args.certifier), tier: num(e.args.tier), name: String(e.args.name), revokedAt: null };
      await db.insert(s.certifier).values(values).onConflictDoUpdate(values);
    },
    async CertifierRevokedAt(e, db) {
      await db.update(s.certifier, { address: lc(e.args.certifier) }).set({ revokedAt: big(e.args.at) });
    },
    async DeviceBound(e, db) {
      const values = {
        address: lc(e.args.device), owner: lc(e.args.owner), kind: num(e.args.kind), factorId: num(e.args.factorId),
        operatorAttested: Boolean(e.args.operatorAttested), readings: 0, rejected: 0, outstandingEstimate: 0n, boundBlock: e.block.number,
      };
      await db.insert(s.device).values(values).onConflictDoUpdate(values);
    },
    async DeviceCertified(e, db) {
      await db.update(s.device, { address: lc(e.args.device) }).set({
        certifier: lc(e.args.certifier), tier: num(e.args.tier), model: e.args.model as Hex, serialHash: e.args.serialHash as Hex,
        validUntil: big(e.args.validUntil), required: Boolean(e.args.required),
      });
    },
    async DeviceRevoked(e, db) {
      await db.update(s.device, { address: lc(e.args.device) }).set({ revokedBy: lc(e.args.by), revokedEffectiveAt: big(e.args.effectiveAt) });
    },
  },
  EmissionOracle: {
    async ReadingAccepted(e, db) {
      const device = lc(e.args.device), owner = lc(e.args.owner), period = num(e.args.period), kg = big(e.args.kgCO2e), delta = big(e.args.delta);
      const day = Number(e.block.timestamp / DAY);
      await db.insert(s.reading).values({
        id: e.id, ord: ordOf(e), accepted: true, device, owner, period, seq: big(e.args.seq), delta, kg,
        factorVersion: num(e.args.factorVersion), operatorAttested: Boolean(e.args.operatorAttested), rejectReason: null,
        day, block: e.block.number, timestamp: e.block.timestamp, tx: e.transaction.hash,
      });
      await db
        .insert(s.deviceDay)
        .values({ device, day, owner, readings: 1, delta, kg })
        .onConflictDoUpdate((r) => ({ readings: r.readings + 1, delta: r.delta + delta, kg: r.kg + kg }));
      await accountPeriod(db, owner, period, (r) => ({ readings: r.readings + 1, measured: r.measured + kg }));
      await db.update(s.device, { address: device }).set((r) => ({ lastSeq: big(e.args.seq), readings: r.readings + 1 }));
    },
    async ReadingRejected(e, db) {
      const device = lc(e.args.device);
      const bound = await db.find(s.device, { address: device });
      await db.insert(s.reading).values({
        id: e.id, ord: ordOf(e), accepted: false, device, owner: bound?.owner ?? null, seq: big(e.args.seq), rejectReason: num(e.args.reason),
        day: Number(e.block.timestamp / DAY), block: e.block.number, timestamp: e.block.timestamp, tx: e.transaction.hash,
      });
      if (bound) await db.update(s.device, { address: device }).set((r) => ({ rejected: r.rejected + 1 }));
    },
    async GapEstimated(e, db) {
      const account = lc(e.args.account), period = num(e.args.period), device = lc(e.args.device), kg = big(e.args.kgCO2e);
      await db.insert(s.gapEstimate).values({
        id: e.id, ord: ordOf(e), account, period, device, kind: num(e.args.kind), uncoveredSeconds: big(e.args.uncoveredSeconds), kg, tx: e.transaction.hash,
      });
      await accountPeriod(db, account, period, (r) => ({ estimated: r.estimated + kg }));
      if (device !== ZERO && (await db.find(s.device, { address: device }))) {
        await db.update(s.device, { address: device }).set((r) => ({ outstandingEstimate: r.outstandingEstimate + kg }));
      }
    },
    async CheckpointsCommitted(e, db) {
      // the call's outcome rows (its last `checkpoints` readings of this transaction before this
      // event) and its calldata give each accepted checkpoint its commitment (sdk committedCheckpoints)
      const here = ordOf(e);
      const rows = (await db.sql.select().from(s.reading).where(eq(s.reading.tx, e.transaction.hash)).orderBy(asc(s.reading.ord))).filter((r) => r.ord < here);
      const call = rows.slice(rows.length - Number(e.args.checkpoints));
      const committed = committedCheckpoints(e.transaction.input, call.map((r) => (r.accepted ? "accepted" : "rejected")), {
        commitmentsHash: String(e.args.commitmentsHash), checkpoints: big(e.args.checkpoints), accepted: big(e.args.accepted),
      });
      for (const cp of committed) {
        await db.insert(s.rawCommitment).values({
          id: `${e.id}-${cp.index}`, ord: here, device: lc(cp.reading.device), seq: cp.reading.seq, root: cp.root,
          count: cp.count, fromSeq: cp.fromSeq, submitter: lc(e.args.submitter), tx: e.transaction.hash,
        });
      }
    },
    async EstimatePaidOff(e, db) {
      const device = lc(e.args.device), owner = lc(e.args.owner), period = num(e.args.period), kg = big(e.args.kgCO2e);
      await db.insert(s.estimatePayoff).values({ id: e.id, ord: ordOf(e), device, owner, period, kg, outstanding: big(e.args.outstanding), tx: e.transaction.hash });
      await accountPeriod(db, owner, period, (r) => ({ paidOff: r.paidOff + kg }));
      await db.update(s.device, { address: device }).set({ outstandingEstimate: big(e.args.outstanding) });
    },
  },
  CarbonBudget: {
    async AllowanceClaimed(e, db) {
      const account = lc(e.args.account), period = num(e.args.period), amount = big(e.args.amount);
      await db.insert(s.allowanceClaim).values({ id: e.id, ord: ordOf(e), account, period, amount, tx: e.transaction.hash });
      await accountPeriod(db, account, period, (r) => ({ allowance: r.allowance + amount }));
    },
    async Settled(e, db) {
      const account = lc(e.args.account), period = num(e.args.period), shortfall = big(e.args.shortfall);
      const entitlement = big(e.args.rewardEntitlement);
      await db.insert(s.settlement).values({
        account, period, ord: ordOf(e), settler: lc(e.args.settler), emissions: big(e.args.emissions), surrendered: big(e.args.surrendered),
        shortfall, baselineBefore: big(e.args.baselineBefore), baselineAfter: big(e.args.baselineAfter), rewardEntitlement: entitlement, tx: e.transaction.hash,
      });
      await accountPeriod(db, account, period, () => ({ settled: true, rewardEntitlement: entitlement }));
      if (shortfall !== 0n) await touchAccount(db, account, e, (r) => ({ deficit: r.deficit + shortfall }));
    },
    async DeficitPaid(e, db) {
      const account = lc(e.args.account);
      await db.insert(s.deficitPayment).values({
        id: e.id, ord: ordOf(e), account, payer: lc(e.args.payer), amount: big(e.args.amount), remaining: big(e.args.remaining), tx: e.transaction.hash,
      });
      await touchAccount(db, account, e, () => ({ deficit: big(e.args.remaining) }));
    },
    async RewardClaimed(e, db) {
      const account = lc(e.args.account), period = num(e.args.period), amount = big(e.args.amount);
      await db.insert(s.rewardClaim).values({ id: e.id, ord: ordOf(e), account, period, amount, entitlement: big(e.args.entitlement), tx: e.transaction.hash });
      await accountPeriod(db, account, period, (r) => ({ rewardClaimed: r.rewardClaimed + amount }));
    },
    async RewardWithheld(e, db) {
      const account = lc(e.args.account), period = num(e.args.period), reason = num(e.args.reason);
      const values = { account, period, reason, ord: ordOf(e), tx: e.transaction.hash };
      await db.insert(s.rewardWithheld).values(values).onConflictDoUpdate(values);
      await accountPeriod(db, account, period, () => ({ rewardWithheldReason: reason }));
    },
  },
  CommunityBoard: {
    async Joined(e, db) {
      await db.insert(s.communityMember).values({ account: lc(e.args.account), pseudonym: String(e.args.pseudonym), joinedOrd: ordOf(e) });
    },
    async Renamed(e, db) {
      await db.update(s.communityMember, { account: lc(e.args.account) }).set({ pseudonym: String(e.args.pseudonym) });
    },
    async Left(e, db) {
      await db.delete(s.communityMember, { account: lc(e.args.account) });
    },
  },
  OrderBook: {
    async OrderPlaced(e, db) {
      const id = big(e.args.orderId);
      // owner << 96 | side << 88 | tick << 64 | epoch << 32 | index (sdk/orderbook.ts decodeOrderId)
      const side = Number((id >> 88n) & 0xffn), tick = Number((id >> 64n) & 0xffffffn), epoch = Number((id >> 32n) & 0xffffffffn);
      const lots = big(e.args.lots);
      await db.insert(s.bookOrder).values({
        id, ord: ordOf(e), owner: lc(e.args.owner), side, tick, epoch, start: big(e.args.start), lots, expiry: big(e.args.expiry), kind: num(e.args.kind),
        filled: 0n, claimedLots: 0n, claimedAmount: 0n, cancelledLots: 0n, refund: 0n, status: "open", tx: e.transaction.hash,
      });
      await levelChange(db, side, tick, lots, 1);
    },
    async Trade(e, db) {
      const takerSide = num(e.args.takerSide), tick = num(e.args.tick), epoch = num(e.args.epoch), lots = big(e.args.lots);
      const quote = big(e.args.quoteAmount), fee = big(e.args.fee);
      await db.insert(s.trade).values({
        id: e.id, ord: ordOf(e), taker: lc(e.args.taker), takerSide, tick, epoch, fromPosition: big(e.args.fromPosition), lots,
        quoteAmount: quote, fee, timestamp: e.block.timestamp, tx: e.transaction.hash,
      });
      // The makers: open orders of the other side at this tick and epoch, in queue order.
      const makerSide = takerSide === 0 ? 1 : 0;
      const makers = await db.sql
        .select()
        .from(s.bookOrder)
        .where(and(eq(s.bookOrder.side, makerSide), eq(s.bookOrder.tick, tick), eq(s.bookOrder.epoch, epoch), eq(s.bookOrder.status, "open")))
        .orderBy(asc(s.bookOrder.start));
      let left = lots;
      let closed = 0;
      for (const m of makers) {
        if (left === 0n) break;
        const open = m.lots - m.filled;
        const take = open < left ? open : left;
        left -= take;
        const filled = m.filled + take;
        if (filled === m.lots) closed++;
        await db.update(s.bookOrder, { id: m.id }).set({ filled, status: filled === m.lots ? "filled" : "open" });
        await db.insert(s.tradeFill).values({
          id: `${e.id}:${m.id}`, ord: ordOf(e), tradeId: e.id, orderId: m.id, maker: m.owner, makerSide, tick, lots: take,
          quoteAmount: (quote * take) / lots, timestamp: e.block.timestamp, tx: e.transaction.hash,
        });
      }
      await levelChange(db, makerSide, tick, -(lots - left), -closed);
      for (const [interval, seconds] of CANDLES) {
        const bucket = (e.block.timestamp / seconds) * seconds;
        await db
          .insert(s.candle)
          .values({ interval, bucket, open: tick, high: tick, low: tick, close: tick, lots, quote, trades: 1 })
          .onConflictDoUpdate((c) => ({
            high: Math.max(c.high, tick), low: Math.min(c.low, tick), close: tick, lots: c.lots + lots, quote: c.quote + quote, trades: c.trades + 1,
          }));
      }
      await marketChange(db, (m) => ({ feesAccrued: m.feesAccrued + fee, trades: m.trades + 1, lastTick: tick }));
    },
    async OrderCancelled(e, db) {
      const orderId = big(e.args.orderId), cancelledLots = big(e.args.cancelledLots), refund = big(e.args.refund);
      await db.insert(s.orderCancel).values({
        id: e.id, ord: ordOf(e), orderId, owner: lc(e.args.owner), reason: num(e.args.reason), cancelledLots, refund, tx: e.transaction.hash,
      });
      const o = await db.find(s.bookOrder, { id: orderId });
      if (!o) return;
      // Read before the update: find() may hand back the cached row the update then changes.
      const { side, tick, status } = o;
      await db.update(s.bookOrder, { id: orderId }).set({ status: "cancelled", cancelledLots, refund });
      if (status === "open") await levelChange(db, side, tick, -cancelledLots, -1);
    },
    async Claimed(e, db) {
      const orderId = big(e.args.orderId), lots = big(e.args.lots), amount = big(e.args.amount);
      await db.insert(s.orderClaim).values({ id: e.id, ord: ordOf(e), orderId, owner: lc(e.args.owner), lots, amount, tx: e.transaction.hash });
      if (await db.find(s.bookOrder, { id: orderId })) {
        await db.update(s.bookOrder, { id: orderId }).set((o) => ({ claimedLots: o.claimedLots + lots, claimedAmount: o.claimedAmount + amount }));
      }
    },
    async FeesWithdrawn(e, db) {
      const amount = big(e.args.amount);
      await db.insert(s.feeWithdrawal).values({ id: e.id, ord: ordOf(e), treasury: lc(e.args.treasury), amount, tx: e.transaction.hash });
      await marketChange(db, (m) => ({ feesWithdrawn: m.feesWithdrawn + amount }));
    },
    async FeeChanged(e, db) {
      await marketChange(db, () => ({ feeBps: big(e.args.feeBps) }));
    },
  },
};

async function supply(db: Ctx["db"], d: Partial<Record<"totalSupply" | "minted" | "surrendered" | "retired", bigint>>) {
  await db
    .insert(s.tokenSupply)
    .values({ id: "CarbonCredit", totalSupply: d.totalSupply ?? 0n, minted: d.minted ?? 0n, surrendered: d.surrendered ?? 0n, retired: d.retired ?? 0n })
    .onConflictDoUpdate((r) => ({
      totalSupply: r.totalSupply + (d.totalSupply ?? 0n),
      minted: r.minted + (d.minted ?? 0n),
      surrendered: r.surrendered + (d.surrendered ?? 0n),
      retired: r.retired + (d.retired ?? 0n),
    }));
}

/** One generic function per event of every indexed contract: the explorer row, the trail rows, then the specific handler. */
const on = ponder.on.bind(ponder) as unknown as (name: string, fn: (a: { event: Ev; context: Ctx }) => Promise<void>) => void;
for (const contract of deployedContracts) {
  for (const name of new Set(eventNames(contract))) {
    const specific = handlers[contract]?.[name];
    on(`${contract}:${name}`, async ({ event, context }) => {
      const ord = ordOf(event);
      await context.db.insert(s.eventLog).values({
        id: event.id, ord, contract, name, args: json(event.args) as object, block: event.block.number, logIndex: event.log.logIndex,
        timestamp: event.block.timestamp, tx: event.transaction.hash,
      });
      const accounts = new Set(Object.values(event.args).filter(isAddress).map(lc));
      accounts.delete(ZERO);
      for (const account of accounts) {
        await context.db.insert(s.accountEvent).values({ account, eventId: event.id, ord, contract, name });
      }
      if (specific) await specific(event, context.db);
    });
  }
}

// The quote token: its transfers only (risk funding links), not in event_log or the trails.
if (addresses.OrderBook && quoteAddress) {
  on("QuoteToken:Transfer", async ({ event, context }) => {
    await context.db.insert(s.quoteTransfer).values({
      id: event.id, ord: ordOf(event), from: lc(event.args.from), to: lc(event.args.to), value: big(event.args.value),
      timestamp: event.block.timestamp, tx: event.transaction.hash,
    });
  });
}
