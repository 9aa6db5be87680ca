import { describe, expect, it } from "vitest";
import type { Abi, AbiEvent } from "viem";
import { en } from "@/i18n/en";
import { zh } from "@/i18n/zh";
import { translate, type Dictionary, type MessageKey } from "@/i18n";
import { abis } from "./contracts";
import { eventSentence, roleHash, ROLE_KEYS, SENTENCE_EVENTS, type EventContext } from "./event-sentences";
import { argsFromIndexer } from "./indexer";
import type { Calendar } from "./periods";

const WEI = 10n ** 18n;
const alice = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const meter = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const cal: Calendar = { genesis: 1_767_225_600n, periodLength: 300n, gracePeriod: 60n, rewardWindow: 120n };
const book = { units: { lotSize: WEI, quotePerTickLot: 10n, quoteDecimals: 6 }, quote: { symbol: "tUSD", decimals: 6 } };
const ctx = (dict: Dictionary): EventContext => ({
  lang: dict === zh ? "zh" : "en",
  t: (key: MessageKey, vars?: Record<string, string | number>) => translate(dict, key, vars),
  cal,
  book,
});
process.env.TZ = "UTC";

const COUNTS = new Set(["id", "seq", "fromSeq", "count", "checkpoints", "accepted", "versionId", "factorId", "epoch", "fromPosition", "start", "lots", "cancelledLots", "tick", "referenceTick", "feeBps", "bandBps", "rewardRateBps", "timestamp", "at", "validUntil", "effectiveAt", "expiry", "uncoveredSeconds", "orderId"]);

/** Sample arguments of the right type for every input of an event. */
function sample(event: AbiEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const i of event.inputs) {
    if (!i.name) continue;
    if (i.type === "address") out[i.name] = alice;
    else if (i.type === "bool") out[i.name] = true;
    else if (i.type === "string") out[i.name] = "E2E Household";
    else if (i.type.startsWith("bytes")) out[i.name] = `0x${"ab".repeat(32)}`;
    else if (i.name === "period" || i.name === "fromPeriod" || i.name === "effectiveFromPeriod") out[i.name] = 3;
    else if (["kind", "reason", "tier", "takerSide", "side"].includes(i.name)) out[i.name] = 1;
    else if (COUNTS.has(i.name)) out[i.name] = 7n; // ids, sequence numbers, ticks, lots, bps, times
    else out[i.name] = 5_005_000_000_000_000n; // an amount, wei-sized: must never be shown as it is
  }
  return out;
}

const allEvents = Object.entries(abis).flatMap(([contract, abi]) =>
  (abi as Abi).filter((i): i is AbiEvent => i.type === "event").map((event) => ({ contract, event })),
);

describe("eventSentence", () => {
  it("has a sentence for every event of every PCX contract", () => {
    const missing = [...new Set(allEvents.map((e) => e.event.name))].filter((n) => !SENTENCE_EVENTS.includes(n));
    expect(missing).toEqual([]);
  });
  it("fills every sentence in both languages, with no raw wei, key or placeholder left", () => {
    for (const dict of [en, zh]) {
      for (const { contract, event } of allEvents) {
        const s = eventSentence({ contract, name: event.name, args: sample(event) }, ctx(dict));
        expect(s, `${contract}.${event.name}`).not.toMatch(/\{\w+\}/);
        expect(s, `${contract}.${event.name}`).not.toMatch(/\b(event|role|kind|dashboard)\.[A-Za-z0-9]/);
        expect(s, `${contract}.${event.name}`).not.toMatch(/\b\d{12,}\b/);
        expect(s, `${contract}.${event.name}`).not.toContain(alice); // addresses shortened
      }
    }
  });
  it("turns the issue's raw reading into kg and a period's dates", () => {
    const args = { device: meter, owner: alice, period: "2", seq: "7", delta: "10000", kgCO2e: "5005000000000000", factorVersion: "1", operatorAttested: false };
    const s = eventSentence({ contract: "EmissionOracle", name: "ReadingAccepted", args: argsFromIndexer("EmissionOracle", "ReadingAccepted", args) }, ctx(en));
    expect(s).toBe("Reading #7 of meter 0x3C44…93BC: 0.005 kg booked to 0x7099…79C8 for 1 Jan 00:10–00:15.");
  });
  it("says settlements, gap estimates and trades with their units", () => {
    expect(
      eventSentence(
        { contract: "CarbonBudget", name: "Settled", args: { account: alice, period: 0, settler: alice, emissions: 405n * WEI, surrendered: 400n * WEI, shortfall: 5n * WEI, baselineBefore: 0n, baselineAfter: 400n * WEI, rewardEntitlement: 0n } },
        ctx(en),
      ),
    ).toBe("0x7099…79C8 was settled for 1 Jan 00:00–00:05: 405 kg booked, 400 kg surrendered, 5 kg added to the deficit; reward 0 kg; baseline now 400 kg.");
    expect(eventSentence({ contract: "EmissionOracle", name: "GapEstimated", args: { account: alice, period: 1, device: meter, kind: 1, uncoveredSeconds: 125n, kgCO2e: 250n * WEI } }, ctx(en))).toBe(
      "250 kg estimated for a silent Natural gas meter of 0x7099…79C8 in 1 Jan 00:05–00:10 (2m 05s not covered).",
    );
    expect(eventSentence({ contract: "OrderBook", name: "Trade", args: { taker: alice, takerSide: 0, tick: 1000, epoch: 0, fromPosition: 0n, lots: 4n, quoteAmount: 40_000n, fee: 40n } }, ctx(en))).toBe(
      "0x7099…79C8 bought 4 kg at 0.01000 tUSD/kg for 0.04 tUSD (fee < 0.01 tUSD).",
    );
    expect(eventSentence({ contract: "CarbonBudget", name: "AllowanceClaimed", args: { account: alice, period: 0, amount: 400n * WEI } }, ctx(zh))).toBe("0x7099…79C8 领取了 1月1日 00:00–00:05 的配额 400 kg。");
  });
  it("names roles and tells mints and burns from transfers", () => {
    expect(eventSentence({ contract: "Registry", name: "RoleGranted", args: { role: roleHash("REGISTRAR_ROLE"), account: alice, sender: meter } }, { ...ctx(en), nameOf: () => undefined })).toBe(
      "0x7099…79C8 was given the registrar role on Registry by 0x3C44…93BC.",
    );
    expect(eventSentence({ contract: "CarbonCredit", name: "Transfer", args: { from: "0x0000000000000000000000000000000000000000", to: alice.toLowerCase(), value: 400n * WEI } }, ctx(en))).toBe("0x7099…79C8 received 400 kg of new credits.");
    expect(eventSentence({ contract: "TestUSD", name: "Transfer", args: { from: alice, to: meter, value: 1_500_000n } }, ctx(en))).toBe("0x7099…79C8 sent 1.50 tUSD to 0x3C44…93BC.");
    for (const r of ROLE_KEYS) expect(`role.${r}` in en, r).toBe(true);
  });
  it("names an unknown event instead of dumping it", () => {
    expect(eventSentence({ contract: "Registry", name: "SomethingNew", args: { a: 1n } }, ctx(en))).toBe("Registry: SomethingNew.");
  });
});
