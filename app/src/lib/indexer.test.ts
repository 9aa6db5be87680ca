import { describe, expect, it } from "vitest";
import { argsFromIndexer } from "./indexer";

describe("indexed event arguments", () => {
  it("turn the indexer's decimal strings back into bigints, in the ABI's order", () => {
    const args = argsFromIndexer("EmissionOracle", "GapEstimated", { kgCO2e: "2500000000000000000", account: "0xabc0000000000000000000000000000000000001", period: 3, device: "0xabc0000000000000000000000000000000000002", kind: 1, uncoveredSeconds: "600" });
    expect(args.kgCO2e).toBe(2_500_000_000_000_000_000n);
    expect(args.uncoveredSeconds).toBe(600n);
    expect(args.account).toBe("0xabc0000000000000000000000000000000000001");
    expect(Object.keys(args)).toEqual(["account", "period", "device", "kind", "uncoveredSeconds", "kgCO2e"]);
  });
  it("leave unknown contracts and events as they are", () => {
    expect(argsFromIndexer("Nope", "X", { a: "1" })).toEqual({ a: "1" });
    expect(argsFromIndexer("EmissionOracle", "Nope", { a: "1" })).toEqual({ a: "1" });
  });
});
