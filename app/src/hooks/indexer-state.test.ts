import { describe, expect, it } from "vitest";
import { indexerState, LAG_NOTICE_FROM } from "./useIndexer";

describe("the indexer status line", () => {
  it("is silent when caught up or a block behind (its polling delay right after a transaction)", () => {
    expect(indexerState({ chainBlock: 100, indexedBlock: 100, failed: false })).toEqual({ kind: "ok", behind: 0 });
    expect(indexerState({ chainBlock: 100, indexedBlock: 99, failed: false })).toEqual({ kind: "ok", behind: 1 });
    expect(indexerState({ chainBlock: undefined, indexedBlock: 50, failed: false })).toEqual({ kind: "ok", behind: 0 });
  });
  it("says how many blocks behind the chain it is", () => {
    expect(LAG_NOTICE_FROM).toBe(2);
    expect(indexerState({ chainBlock: 1_000, indexedBlock: 900, failed: false })).toEqual({ kind: "behind", behind: 100 });
    expect(indexerState({ chainBlock: 5, indexedBlock: -1, failed: false })).toEqual({ kind: "behind", behind: 6 });
  });
  it("is down as soon as a probe fails, whatever it answered before", () => {
    expect(indexerState({ chainBlock: 100, indexedBlock: 40, failed: true })).toEqual({ kind: "down", behind: 0 });
  });
});
