import { describe, expect, it } from "vitest";
import { en } from "@/i18n/en";
import { translate, type MessageKey } from "@/i18n";
import { txSummary } from "./tx-summary";
import type { EventContext } from "./event-sentences";
import type { Calendar } from "./periods";

const WEI = 10n ** 18n;
const me = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const book = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const cal: Calendar = { genesis: 1_767_225_600n, periodLength: 300n, gracePeriod: 60n, rewardWindow: 120n };
const ctx: EventContext = {
  lang: "en",
  t: (key: MessageKey, vars?: Record<string, string | number>) => translate(en, key, vars),
  cal,
  book: { units: { lotSize: WEI, quotePerTickLot: 10n, quoteDecimals: 6 }, quote: { symbol: "tUSD", decimals: 6 } },
  nameOf: (a) => (a === book ? "the order book" : undefined),
};
process.env.TZ = "UTC";
const ZERO = "0x0000000000000000000000000000000000000000";

describe("txSummary", () => {
  it("says what an allowance claim did, with the part that paid the deficit first", () => {
    const events = [
      { contract: "CarbonBudget", name: "AllowanceClaimed", args: { account: me, period: 0, amount: 400n * WEI } },
      { contract: "CarbonBudget", name: "DeficitPaid", args: { account: me, payer: me, amount: 12n * WEI, remaining: 0n } },
      { contract: "CarbonCredit", name: "Transfer", args: { from: ZERO, to: me, value: 400n * WEI } },
      { contract: "CarbonCredit", name: "Transfer", args: { from: me, to: ZERO, value: 12n * WEI } },
    ];
    expect(txSummary({ events, me }, ctx)).toEqual(["Claimed 400 kg allowance for 1 Jan 00:00–00:05.", "12 kg of it paid off your deficit."]);
  });
  it("says what a settlement booked, estimated, surrendered and left as a deficit", () => {
    const events = [
      { contract: "EmissionOracle", name: "GapEstimated", args: { account: me, period: 1, device: ZERO, kind: 1, uncoveredSeconds: 300n, kgCO2e: 600n * WEI } },
      { contract: "CarbonBudget", name: "Settled", args: { account: me, period: 1, settler: me, emissions: 605n * WEI, surrendered: 388n * WEI, shortfall: 217n * WEI, baselineBefore: 0n, baselineAfter: 400n * WEI, rewardEntitlement: 0n } },
    ];
    expect(txSummary({ events, me }, ctx)).toEqual([
      "Settled 1 Jan 00:05–00:10: 605 kg booked, 388 kg surrendered from your credits.",
      "600 kg of it was estimated for a silent Natural gas meter.",
      "217 kg could not be covered and is now a deficit.",
    ]);
  });
  it("says a deficit payment cleared it, exactly", () => {
    const events = [{ contract: "CarbonBudget", name: "DeficitPaid", args: { account: me, payer: me, amount: 157_333_333_333_333_333_333n, remaining: 0n } }];
    expect(txSummary({ events, me }, ctx)).toEqual(["Paid 157.333 kg: your deficit is cleared."]);
  });
  it("says what was retired, for whom, and the certificate's number", () => {
    const events = [{ contract: "CarbonCredit", name: "Retired", args: { id: 3n, retiree: me, beneficiary: me, amount: 1_500_000_000_000_000_000n, beneficiaryName: "E2E Household", reason: "", jurisdiction: "" } }];
    expect(txSummary({ events, me }, ctx)).toEqual(["Retired 1.5 kg for E2E Household — certificate #3."]);
  });
  it("sums a taker's trades across price levels and says what rests on the book", () => {
    const id = (BigInt(me) << 96n) | (0n << 88n) | (1001n << 64n); // a bid at tick 1001
    const events = [
      { contract: "OrderBook", name: "Trade", args: { taker: me, takerSide: 0, tick: 1000, epoch: 0, fromPosition: 0n, lots: 3n, quoteAmount: 30_000n, fee: 30n } },
      { contract: "OrderBook", name: "Trade", args: { taker: me, takerSide: 0, tick: 1001, epoch: 0, fromPosition: 0n, lots: 1n, quoteAmount: 10_010n, fee: 10n } },
      { contract: "OrderBook", name: "OrderPlaced", args: { orderId: id, owner: me, start: 0n, lots: 2n, expiry: 0n, kind: 0 } },
    ];
    expect(txSummary({ events, me }, ctx)).toEqual(["Bought 4 kg for 0.04 tUSD (fee < 0.01 tUSD).", "Your buy order for 2 kg at 0.01001 tUSD/kg is on the book."]);
  });
  it("says when an immediate-or-cancel order matched nothing", () => {
    expect(txSummary({ events: [], me, functionName: "placeOrder" }, ctx)).toEqual(["Nothing matched at your price, so nothing was traded or spent."]);
    expect(txSummary({ events: [], me, functionName: "unpause" }, ctx)).toEqual(["Done."]);
  });
  it("names an approval's spender", () => {
    const events = [{ contract: "CarbonCredit", name: "Approval", args: { owner: me, spender: book, value: 10n * WEI } }];
    expect(txSummary({ events, me }, ctx)).toEqual(["Allowed the order book to take up to 10 kg."]);
  });
  it("says the community board's join, rename and leave without the member's address", () => {
    const say = (name: string, args: Record<string, unknown>) => txSummary({ events: [{ contract: "CommunityBoard", name, args }], me }, ctx);
    expect(say("Joined", { account: me, pseudonym: "Leaf" })).toEqual(["You joined the community board as “Leaf”."]);
    expect(say("Renamed", { account: me, previous: "Leaf", pseudonym: "Sprout" })).toEqual(["Your pseudonym on the community board is now “Sprout” (“Leaf” is free again)."]);
    expect(say("Left", { account: me, pseudonym: "Sprout" })).toEqual(["You left the community board; “Sprout” is free again."]);
  });
});
