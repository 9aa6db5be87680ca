/** The message families the states feature builds from data (issue #12) exist in both languages. */
import { describe, expect, it } from "vitest";
import { en } from "./en";
import { zh } from "./zh";
import { abis } from "../lib/contracts";
import { ROLE_KEYS } from "../lib/event-sentences";
import { LABELLED_CALLS } from "../app/explorer/_components/callLabel";

describe("dynamic message keys of the states feature", () => {
  it("exist in English and Chinese", () => {
    const keys = [
      ...Object.keys(abis).map((c) => `contract.${c}`),
      ...ROLE_KEYS.map((r) => `role.${r}`),
      ...LABELLED_CALLS.map((c) => `call.${c}`),
      ...[0, 1, 2].map((n) => `event.tier.${n}`),
      ...Array.from({ length: 14 }, (_, n) => `event.reject.${n}`), // IEmissionOracle.RejectReason
      ...[0, 1, 2].map((n) => `event.OrderCancelled.${n}`), // IOrderBook.CancelReason
      ...["success", "failed", "pending"].map((s) => `txPage.status.${s}`),
    ];
    expect(keys.filter((k) => !(k in en))).toEqual([]);
    expect(keys.filter((k) => !(k in zh))).toEqual([]);
  });
});
