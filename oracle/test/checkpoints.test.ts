/**
 * The checkpoint rules (checkpoints.ts `decide`), the planner against a real outbox (commitments
 * of exactly the raw readings since the previous checkpoint; a crash between checkpoints keeps
 * every raw reading held), and the raw-series Merkle rule (sdk/raw-series.ts).
 */
import { describe, expect, it } from "vitest";
import { Wallet } from "ethers";
import { commitRawSeries, hashPair, merkleProof, merkleRoot, processProof, type Hex } from "../../sdk/raw-series.js";
import { signReading } from "../../sdk/readings.js";
import { CheckpointPlanner, decide, defaultCloseDelay, gapWait, nextDecisionAt, type CheckpointPolicy } from "../checkpoints.js";
import { OracleMetrics } from "../metrics.js";
import { Outbox } from "../outbox.js";
import { counterValue, silentLog, tempDir, TEST_DOMAIN, testWallet } from "./helpers.js";

// 5-minute periods from 1,000,000 with a 60 s grace window (the local calendar's shape)
const POLICY: CheckpointPolicy = { intervalS: 60, genesis: 1_000_000, periodLength: 300, gracePeriod: 60, closeDelayS: defaultCloseDelay(60), gapWaitS: 10 };
const h = (seq: number, timestamp: number) => ({ seq: BigInt(seq), timestamp: BigInt(timestamp) });

describe("checkpoint rules", () => {
  it("a device's first reading is a checkpoint at once; the next ones wait for the interval", () => {
    const held = [h(1, 1_000_010), h(2, 1_000_020), h(3, 1_000_030)];
    expect(decide(held, undefined, 1_000_031, POLICY).checkpoints).toEqual([{ seq: 1n, reason: "first" }]);
    expect(decide(held.slice(1), h(1, 1_000_010), 1_000_069, POLICY).checkpoints).toEqual([]);
    // 60 s after the last checkpoint's timestamp: the newest held reading, once
    expect(decide(held.slice(1), h(1, 1_000_010), 1_000_070, POLICY).checkpoints).toEqual([{ seq: 3n, reason: "interval" }]);
  });

  it("at most one interval checkpoint per interval, however many readings arrive", () => {
    const held = Array.from({ length: 50 }, (_, i) => h(i + 2, 1_000_011 + i));
    const { checkpoints } = decide(held, h(1, 1_000_010), 1_000_075, POLICY);
    expect(checkpoints).toEqual([{ seq: 51n, reason: "interval" }]);
  });

  it("the last reading before a period closes is a checkpoint, in the grace window", () => {
    // period 0 ends at 1,000,300; close delay 15 s
    const held = [h(2, 1_000_270), h(3, 1_000_290)];
    const last = h(1, 1_000_260);
    expect(decide(held, last, 1_000_305, POLICY).checkpoints).toEqual([]);
    expect(decide(held, last, 1_000_315, POLICY).checkpoints).toEqual([{ seq: 3n, reason: "period_close" }]);
    expect(1_000_315).toBeLessThan(1_000_300 + POLICY.gracePeriod);
    // a reading of the next period already arrived: the period's last one goes at once
    const crossed = [...held, h(4, 1_000_301)];
    expect(decide(crossed, last, 1_000_302, POLICY).checkpoints).toEqual([{ seq: 3n, reason: "period_close" }]);
  });

  it("closes every period a held series spans, then the interval takes the newest", () => {
    const held = [h(2, 1_000_290), h(3, 1_000_590), h(4, 1_000_700)];
    const { checkpoints } = decide(held, h(1, 1_000_100), 1_000_701, POLICY);
    expect(checkpoints).toEqual([
      { seq: 2n, reason: "period_close" },
      { seq: 3n, reason: "period_close" },
      { seq: 4n, reason: "interval" },
    ]);
  });

  it("a rule that needs the chain now (pending revocation, factor change) takes the newest held reading", () => {
    const held = [h(2, 1_000_020), h(3, 1_000_030)];
    expect(decide(held, h(1, 1_000_010), 1_000_031, POLICY, "revocation").checkpoints).toEqual([{ seq: 3n, reason: "revocation" }]);
    expect(decide(held, h(1, 1_000_010), 1_000_031, POLICY, "factor_change").checkpoints).toEqual([{ seq: 3n, reason: "factor_change" }]);
  });

  it("no checkpoint passes over a seq gap younger than the gap wait (seq 5 arrived before 2, 3, 4)", () => {
    const last = h(1, 1_000_010);
    const at = (seq: number, ts: number, receivedAt: number) => ({ ...h(seq, ts), receivedAt });
    const arrived = 5_000_000; // wall-clock ms the outbox stamped
    // 5 first, then 2 and 3 of the same burst: 4 is still on its way
    const held = [at(2, 1_000_020, arrived + 1), at(3, 1_000_030, arrived + 2), at(5, 1_000_050, arrived)];
    expect(decide(held, last, 1_000_075, POLICY, undefined, arrived + 3).checkpoints).toEqual([]);
    expect(nextDecisionAt(held, last, POLICY, 1_000_075, arrived + 3)).toBe(1_000_075 + POLICY.gapWaitS);
    // 4 arrives: the interval checkpoint takes 5 and its series holds 2, 3, 4, 5
    const filled = [...held.slice(0, 2), at(4, 1_000_040, arrived + 4), held[2]!];
    expect(decide(filled, last, 1_000_075, POLICY, undefined, arrived + 5).checkpoints).toEqual([{ seq: 5n, reason: "interval" }]);
    // 4 never comes (refused at ingest): after the wait the checkpoint passes over the gap
    expect(decide(held, last, 1_000_085, POLICY, undefined, arrived + POLICY.gapWaitS * 1000).checkpoints).toEqual([{ seq: 5n, reason: "interval" }]);
    // the gap holds the period-close rule too, but never a rule that needs the chain now
    const crossed = [at(2, 1_000_290, arrived), at(4, 1_000_301, arrived)];
    expect(decide(crossed, last, 1_000_302, POLICY, undefined, arrived + 1).checkpoints).toEqual([]);
    expect(decide(crossed, last, 1_000_302, POLICY, "revocation", arrived + 1).checkpoints).toEqual([{ seq: 4n, reason: "revocation" }]);
    expect(gapWait(30, defaultCloseDelay(60))).toBe(15);
  });

  it("a held reading at or below the newest checkpoint is late: filed, never committed", () => {
    const { checkpoints, late } = decide([h(4, 1_000_020), h(6, 1_000_040)], h(5, 1_000_030), 1_000_041, POLICY);
    expect(late).toEqual([4n]);
    expect(checkpoints).toEqual([]);
  });
});

describe("raw series Merkle rule", () => {
  it("root and proofs agree for 1 to 9 leaves (OpenZeppelin sorted-pair hashing)", () => {
    for (let n = 1; n <= 9; n++) {
      const leaves = Array.from({ length: n }, (_, i) => `0x${(i + 1).toString(16).padStart(64, "0")}` as Hex);
      const root = merkleRoot(leaves);
      for (let i = 0; i < n; i++) expect(processProof(leaves[i]!, merkleProof(leaves, i))).toBe(root);
      // a leaf outside the tree does not verify
      expect(processProof(`0x${"ff".repeat(32)}`, merkleProof(leaves, 0))).not.toBe(root);
    }
    const [a, b] = [`0x${"01".repeat(32)}`, `0x${"02".repeat(32)}`] as Hex[];
    expect(hashPair(a!, b!)).toBe(hashPair(b!, a!));
  });
});

describe("checkpoint planner on the outbox", () => {
  const meter = testWallet("planner-meter");
  const device = meter.address.toLowerCase() as `0x${string}`;
  const store = async (outbox: Outbox, w: Wallet, seq: number, ts: number, cum: number) => {
    const s = await signReading(w, TEST_DOMAIN, { device, seq: BigInt(seq), timestamp: BigInt(ts), cumulative: BigInt(cum) });
    outbox.insert(s.reading, s.signature, false, Date.now());
    return s;
  };

  it("commits exactly the raw readings since the previous checkpoint, and a restart keeps the held ones", async () => {
    const dir = tempDir("planner");
    let outbox = new Outbox(dir);
    const metrics = new OracleMetrics();
    const planner = () => new CheckpointPlanner({ outbox, domain: TEST_DOMAIN, policy: POLICY, metrics, log: silentLog });
    const signed = [await store(outbox, meter, 1, 1_000_010, 100)];
    expect(await planner().step(1_000_011)).toBe(1);
    for (let s = 2; s <= 6; s++) signed.push(await store(outbox, meter, s, 1_000_010 + s * 5, 100 + s * 10));
    expect(await planner().step(1_000_041)).toBe(0);
    expect(outbox.counts()).toMatchObject({ held: 5, queued: 1 });
    // crash: the process dies between checkpoints; the held raw readings are in the file
    outbox.close();
    outbox = new Outbox(dir);
    expect(outbox.counts()).toMatchObject({ held: 5, queued: 1 });
    expect(await planner().step(1_000_071)).toBe(1);
    const cp = outbox.reading(device, 6n)!;
    expect(cp.status).toBe("queued");
    expect(cp.checkpointReason).toBe("interval");
    const expected = commitRawSeries(TEST_DOMAIN, signed.slice(1));
    expect(cp.commitment).toEqual({ root: expected.root, count: 5, fromSeq: 2n });
    expect(outbox.series(device, 6n).map((r) => r.reading.seq)).toEqual([2n, 3n, 4n, 5n, 6n]);
    expect(outbox.counts()).toMatchObject({ held: 0, raw: 4, queued: 2 });
    expect(outbox.queued(10).map((r) => r.reading.seq)).toEqual([1n, 6n]);
    expect(await counterValue(metrics.registry, "pcx_oracle_checkpoint_readings_total", { reason: "interval" })).toBe(1);
    outbox.close();
  });

  it("a planner step inside a burst that arrived out of order (5, 2, 3 | 4) commits 2–5 once 4 is stored", async () => {
    const outbox = new Outbox(tempDir("planner-gap"));
    const planner = new CheckpointPlanner({ outbox, domain: TEST_DOMAIN, policy: POLICY, metrics: new OracleMetrics(), log: silentLog });
    const signed = new Map<number, Awaited<ReturnType<typeof store>>>();
    signed.set(1, await store(outbox, meter, 1, 1_000_010, 100));
    expect(await planner.step(1_000_011)).toBe(1);
    for (const seq of [5, 2, 3]) signed.set(seq, await store(outbox, meter, seq, 1_000_010 + seq * 5, 100 + seq * 10));
    planner.notify(device);
    // the interval is due, but seq 4 is missing and just overtaken: nothing yet
    expect(await planner.step(1_000_075)).toBe(0);
    signed.set(4, await store(outbox, meter, 4, 1_000_030, 140));
    planner.notify(device);
    expect(await planner.step(1_000_076)).toBe(1);
    const cp = outbox.reading(device, 5n)!;
    expect(cp.commitment).toEqual({ root: commitRawSeries(TEST_DOMAIN, [2, 3, 4, 5].map((s) => signed.get(s)!)).root, count: 4, fromSeq: 2n });
    expect(outbox.series(device, 5n).map((r) => r.reading.seq)).toEqual([2n, 3n, 4n, 5n]);
    outbox.close();
  });

  it("re-reads a device's held readings only on a new reading or when a rule can fire", async () => {
    const outbox = new Outbox(tempDir("planner-cost"));
    const planner = new CheckpointPlanner({ outbox, domain: TEST_DOMAIN, policy: POLICY, metrics: new OracleMetrics(), log: silentLog });
    let reads = 0;
    const held = outbox.held.bind(outbox);
    outbox.held = (d: string) => (reads++, held(d));
    await store(outbox, meter, 1, 1_000_010, 100);
    await planner.step(1_000_011); // first: checkpoint at once
    await store(outbox, meter, 2, 1_000_020, 110);
    planner.notify(device);
    expect(await planner.step(1_000_021)).toBe(0);
    const after = reads;
    for (let t = 1_000_022; t < 1_000_070; t += 5) await planner.step(t); // nothing can fire before 1,000,070
    expect(reads).toBe(after);
    expect(await planner.step(1_000_070)).toBe(1); // the interval, from the first checkpoint's timestamp
    expect(nextDecisionAt([h(3, 1_000_280)], h(2, 1_000_020), POLICY, 1_000_070)).toBe(1_000_080);
    expect(nextDecisionAt([h(3, 1_000_280)], h(2, 1_000_270), POLICY, 1_000_070)).toBe(1_000_315); // the period's close first
    expect(nextDecisionAt([], h(2, 1_000_270), POLICY, 1_000_070)).toBeUndefined();
    outbox.close();
  });
});
