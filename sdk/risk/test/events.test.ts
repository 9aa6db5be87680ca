import { describe, expect, it } from "vitest";
import { riskEventFromLog, sortRiskEvents } from "../events.js";

const at = (blockNumber: number, logIndex: number) => ({ blockNumber, logIndex, txHash: "0xab", timestamp: 1_800_000_000 });

describe("riskEventFromLog", () => {
  it("maps viem-style args (small uints as numbers) and ethers-style args (bigints) alike", () => {
    const viem = riskEventFromLog("book", "Trade", { taker: "0xAbC", takerSide: 1, tick: 1000, epoch: 0, fromPosition: 5n, lots: 2n, quoteAmount: 20_000n, fee: 20n }, at(3, 1));
    const ethers = riskEventFromLog("book", "Trade", { taker: "0xabc", takerSide: 1n, tick: 1000n, epoch: 0n, fromPosition: 5n, lots: 2n, quoteAmount: 20_000n, fee: 20n }, at(3, 1));
    expect(viem).toEqual(ethers);
    expect(viem).toMatchObject({ kind: "trade", taker: "0xabc", takerSide: 1, tick: 1000, epoch: 0n, lots: 2n });
    expect(riskEventFromLog("quote", "Transfer", { from: "0xA", to: "0xB", value: 7n }, at(1, 0))).toMatchObject({ kind: "transfer", token: "quote", from: "0xa", to: "0xb", amount: 7n });
    expect(riskEventFromLog("book", "ReferencePriceSet", { referenceTick: 1000n, period: 4n, fromClose: true }, at(1, 0))).toMatchObject({ referenceTick: 1000, period: 4, fromClose: true });
  });

  it("ignores events the rules do not use, and sorts by block then log index", () => {
    expect(riskEventFromLog("book", "FeeChanged", { feeBps: 10n }, at(1, 0))).toBeUndefined();
    expect(riskEventFromLog("pcc", "Retired", {}, at(1, 0))).toBeUndefined();
    expect(sortRiskEvents([at(2, 0), at(1, 5), at(1, 2)]).map((e) => `${e.blockNumber}/${e.logIndex}`)).toEqual(["1/2", "1/5", "2/0"]);
  });
});
