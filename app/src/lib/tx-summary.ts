/**
 * What a confirmed transaction did, said to the person who sent it ("Claimed 400 kg allowance for
 * 1 Dec 14:05–14:10.", "Retired 1.5 kg for E2E Household — certificate #3."), from the PCX events
 * in its receipt. Side effects (the mints, burns and transfers behind an action) are folded into
 * the action's sentence; events without a first-person sentence fall back to the explorer's.
 */
import { getAddress, isAddress } from "viem";
import type { MessageKey } from "@/i18n";
import { kg, quoteAmount, priceText } from "./amounts";
import { eventSentence, type EventContext, type PcxEvent } from "./event-sentences";
import { shortAddress } from "./format";
import { formatPeriod, rewardClosesAt } from "./periods";
import { decodeOrderId } from "./price";
import { dateTime } from "./time";

const big = (v: unknown): bigint => (typeof v === "bigint" ? v : typeof v === "number" || (typeof v === "string" && /^\d+$/.test(v)) ? BigInt(v) : 0n);
const same = (a: unknown, b: string | undefined) => typeof a === "string" && b !== undefined && a.toLowerCase() === b.toLowerCase();
const SIDE_EFFECTS = new Set(["Transfer", "Minted", "Surrendered", "CheckpointsCommitted", "EIP712DomainChanged"]);
const ORDER_CALLS = new Set(["placeOrder", "placeOrderWithPermit"]);

export interface SummaryInput {
  events: PcxEvent[];
  /** The account that sent the transaction. */
  me: string | undefined;
  /** The function it called, for the summary of a call that emitted nothing PCX knows. */
  functionName?: string;
}

export function txSummary(input: SummaryInput, ctx: EventContext): string[] {
  const { t, lang } = ctx;
  const { events, me } = input;
  const out: string[] = [];
  const say = (key: MessageKey, vars: Record<string, string> = {}) => out.push(t(key, vars));
  const period = (p: unknown) => (ctx.cal ? formatPeriod(ctx.cal, Number(big(p)), lang) : t("event.periodNumber", { n: Number(big(p)) }));
  const addr = (a: unknown) => ctx.nameOf?.(String(a)) ?? shortAddress(isAddress(String(a), { strict: false }) ? getAddress(String(a)) : String(a));
  const lotsKg = (lots: bigint) => (ctx.book ? kg(lots * ctx.book.units.lotSize, lang) : t("event.lots", { n: String(lots) }));
  const quote = (v: bigint) => (ctx.book ? quoteAmount(v, ctx.book.quote, lang) : t("event.quoteUnits", { n: String(v) }));
  const price = (tick: bigint) => (ctx.book ? priceText(tick, ctx.book.units, ctx.book.quote.symbol, lang) : t("event.tick", { n: String(tick) }));
  const handled = new Set<PcxEvent>();
  const take = (name: string, pred: (a: Record<string, unknown>) => boolean = () => true) => {
    const found = events.filter((e) => e.name === name && !handled.has(e) && pred(e.args));
    for (const e of found) handled.add(e);
    return found.map((e) => e.args);
  };

  // Allowance, with the part that paid the deficit first.
  for (const a of take("AllowanceClaimed")) {
    say("tx.done.allowance", { amount: kg(big(a.amount), lang), period: period(a.period) });
    for (const d of take("DeficitPaid", (d) => same(d.account, String(a.account)) && same(d.payer, String(a.account)))) {
      say(big(d.remaining) === 0n ? "tx.done.allowanceClearedDeficit" : "tx.done.allowancePaidDeficit", { paid: kg(big(d.amount), lang), remaining: kg(big(d.remaining), lang) });
    }
  }
  // Settlement: what was booked and burned, the shortfall, estimates, the reward.
  for (const s of take("Settled")) {
    const mine = same(s.account, me);
    say(mine ? "tx.done.settled" : "tx.done.settledOther", { account: addr(s.account), period: period(s.period), emissions: kg(big(s.emissions), lang), surrendered: kg(big(s.surrendered), lang) });
    for (const g of take("GapEstimated", (g) => same(g.account, String(s.account)) && big(g.period) === big(s.period))) {
      say("tx.done.gapEstimated", { kg: kg(big(g.kgCO2e), lang), kind: t(`kind.${Number(big(g.kind))}` as MessageKey) });
    }
    if (big(s.shortfall) > 0n) say("tx.done.shortfall", { shortfall: kg(big(s.shortfall), lang) });
    if (big(s.rewardEntitlement) > 0n) {
      say("tx.done.rewardRegistered", { reward: kg(big(s.rewardEntitlement), lang), at: ctx.cal ? dateTime(rewardClosesAt(ctx.cal, Number(big(s.period))), lang) : "—" });
    }
    for (const w of take("RewardWithheld", (w) => same(w.account, String(s.account)) && big(w.period) === big(s.period))) {
      say("tx.done.rewardWithheld", { reason: t(`dashboard.withheld.${Math.min(Math.max(Number(big(w.reason)), 1), 3)}` as MessageKey) });
    }
  }
  for (const d of take("DeficitPaid")) {
    if (same(d.account, me)) say(big(d.remaining) === 0n ? "tx.done.deficitCleared" : "tx.done.deficitPaid", { amount: kg(big(d.amount), lang), remaining: kg(big(d.remaining), lang) });
    else say("tx.done.deficitPaidOther", { amount: kg(big(d.amount), lang), account: addr(d.account) });
  }
  for (const r of take("RewardClaimed")) say("tx.done.rewardClaimed", { amount: kg(big(r.amount), lang), period: period(r.period) });
  for (const r of take("Retired")) {
    const beneficiary = r.beneficiaryName ? String(r.beneficiaryName) : same(r.beneficiary, me) ? t("tx.done.yourself") : addr(r.beneficiary);
    say("tx.done.retired", { amount: kg(big(r.amount), lang), beneficiary, id: String(big(r.id)) });
  }
  // Community board: said without the address (the page never shows a member's address).
  for (const j of take("Joined", (a) => same(a.account, me))) say("tx.done.joined", { pseudonym: String(j.pseudonym) });
  for (const r of take("Renamed", (a) => same(a.account, me))) say("tx.done.renamed", { previous: String(r.previous), pseudonym: String(r.pseudonym) });
  for (const l of take("Left", (a) => same(a.account, me))) say("tx.done.left", { pseudonym: String(l.pseudonym) });
  // Meters.
  for (const c of take("DeviceCertified")) {
    const bound = take("DeviceBound", (b) => same(b.device, String(c.device)))[0];
    say(c.required === true ? "tx.done.boundRequired" : "tx.done.boundOptional", {
      kind: bound ? t(`kind.${Number(big(bound.kind))}` as MessageKey) : t("tx.done.meter"),
      device: shortAddress(String(c.device)),
      tier: t(`event.tier.${Math.min(Number(big(c.tier)), 2)}` as MessageKey),
    });
  }
  for (const r of take("DeviceRevoked")) say("tx.done.revoked", { device: shortAddress(String(r.device)), at: dateTime(big(r.effectiveAt), lang) });
  const readings = take("ReadingAccepted");
  if (readings.length) say("tx.done.readings", { n: String(readings.length), kg: kg(readings.reduce((s, r) => s + big(r.kgCO2e), 0n), lang) });
  // Market: what the taker traded (summed over price levels), the order left on the book, cancels, withdrawals.
  for (const side of [0, 1]) {
    const trades = take("Trade", (tr) => same(tr.taker, me) && Number(big(tr.takerSide)) === side);
    if (!trades.length) continue;
    const lots = trades.reduce((s, tr) => s + big(tr.lots), 0n);
    const total = trades.reduce((s, tr) => s + big(tr.quoteAmount), 0n);
    const fee = trades.reduce((s, tr) => s + big(tr.fee), 0n);
    say(side === 0 ? "tx.done.bought" : "tx.done.sold", { size: lotsKg(lots), total: quote(total), fee: quote(fee) });
  }
  for (const o of take("OrderPlaced", (o) => same(o.owner, me))) {
    const { side, tick } = decodeOrderId(big(o.orderId));
    say(side === 0 ? "tx.done.bidRests" : "tx.done.askRests", { size: lotsKg(big(o.lots)), price: price(tick) });
  }
  for (const c of take("OrderCancelled", (c) => same(c.owner, me))) {
    const { side, tick } = decodeOrderId(big(c.orderId));
    say("tx.done.cancelled", { price: price(tick), refund: side === 0 ? quote(big(c.refund)) : kg(big(c.refund), lang) });
  }
  const claims = take("Claimed", (c) => same(c.owner, me));
  if (claims.length) {
    let pcc = 0n, q = 0n;
    for (const c of claims) (decodeOrderId(big(c.orderId)).side === 0 ? (pcc += big(c.amount)) : (q += big(c.amount)));
    const parts = [pcc > 0n ? kg(pcc, lang) : undefined, q > 0n ? quote(q) : undefined].filter(Boolean).join(t("tx.done.and"));
    say("tx.done.withdrew", { amount: parts || kg(0n, lang) });
  }
  for (const a of take("Approval", (a) => same(a.owner, me))) {
    const amount = events.find((e) => e.args === a)?.contract === "CarbonCredit" ? kg(big(a.value), lang) : quote(big(a.value));
    say("tx.done.approved", { spender: addr(a.spender), amount });
  }
  // Everything else in the explorer's words (admin actions and anything new).
  for (const e of events) if (!handled.has(e) && !SIDE_EFFECTS.has(e.name) && !(e.name === "Trade" || e.name === "OrderPlaced")) out.push(eventSentence(e, ctx));
  if (out.length === 0 && input.functionName && ORDER_CALLS.has(input.functionName)) say("tx.done.noMatch");
  if (out.length === 0) for (const e of events) if (!handled.has(e)) out.push(eventSentence(e, ctx));
  if (out.length === 0) say("tx.done.generic");
  return out;
}
