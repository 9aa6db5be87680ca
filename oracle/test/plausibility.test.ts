/**
 * Plausibility across readings: the energy a device may add is bounded by its kind's maximum
 * power over the real elapsed time between readings, accumulated across readings, plus one
 * documented jitter credit. A burst of readings (same second, or 1 s apart) cannot each claim a
 * full window's maximum, and a restart does not hand the credit back.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { DeviceKind } from "../../sdk/contracts.js";
import { DeviceStatus, MemoryDirectory } from "../directory.js";
import { Ingestor } from "../ingest.js";
import { OracleMetrics } from "../metrics.js";
import { Outbox } from "../outbox.js";
import { JITTER_CREDIT_S, MAX_RATE_PER_HOUR, fullCredit, maxPlausibleDelta, spendAllowance } from "../plausibility.js";
import { ReadingVerifier } from "../signature.js";
import { ReadingValidator } from "../validate.js";
import { TEST_DOMAIN, pcxMessage, silentLog, tempDir, testWallet, prng } from "./helpers.js";

const T0 = 1_767_300_000;
const KIND = DeviceKind.Electricity;
const RATE = MAX_RATE_PER_HOUR[KIND];
const meter = testWallet("burst-meter");

let dir: string;
let now: number;
let outbox: Outbox;
let ingestor: Ingestor;
const directory = new MemoryDirectory();
directory.set(meter.address, {
  status: DeviceStatus.Active,
  owner: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  kind: KIND,
  factorId: 1,
  operatorAttested: false,
  chainHead: undefined,
});

function open(): void {
  outbox = new Outbox(dir);
  const validator = new ReadingValidator({
    verifier: new ReadingVerifier(TEST_DOMAIN),
    directory,
    outbox,
    maxClockSkewS: 120,
    now: () => now,
  });
  ingestor = new Ingestor({ outbox, validator, metrics: new OracleMetrics(), log: silentLog });
}

beforeEach(() => {
  dir = tempDir("plausibility");
  now = T0;
  open();
});

/** Publishes one reading; true if it was stored. */
async function send(seq: bigint, timestamp: number, cumulative: bigint): Promise<boolean> {
  now = Math.max(now, timestamp);
  const m = await pcxMessage(meter, { seq, timestamp: BigInt(timestamp), cumulative });
  return (await ingestor.handle(m.topic, m.payload)).outcome === "stored";
}

/** The most any window of `elapsedS` seconds may add: rate × elapsed + the jitter credit. */
const bound = (elapsedS: number) => (RATE * (BigInt(elapsedS) + JITTER_CREDIT_S) + 3599n) / 3600n;

/** The stored (accepted) readings of the meter in seq order. */
const accepted = () => outbox.held(meter.address).map((r) => r.reading);

describe("burst attacks on the plausibility rule", () => {
  const perWindow = maxPlausibleDelta(KIND, 60n);

  it("20 readings in the same second, each carrying a full minute's maximum, add at most the bound", async () => {
    await send(1n, T0, 0n);
    let cumulative = 0n;
    for (let i = 0; i < 20; i++) {
      if (await send(BigInt(2 + i), T0 + 60, cumulative + perWindow)) cumulative += perWindow;
    }
    // Old rule: every reading was judged over its own 60 s minimum window → 20 × 1,667 Wh.
    expect(cumulative).toBeLessThanOrEqual(bound(60));
    expect(outbox.head(meter.address)!.cumulative).toBe(cumulative);
  });

  it("20 readings 1 s apart, each carrying a full minute's maximum, add at most the bound", async () => {
    await send(1n, T0, 0n);
    let cumulative = 0n;
    let seq = 2n;
    for (let i = 1; i <= 20; i++) {
      if (await send(seq, T0 + i, cumulative + perWindow)) {
        cumulative += perWindow;
        seq++;
      }
    }
    expect(cumulative).toBeLessThanOrEqual(bound(20));
  });

  it("equal timestamps add nothing once the credit is spent", async () => {
    await send(1n, T0, 0n);
    expect(await send(2n, T0 + 60, perWindow)).toBe(true); // a minute at full power
    expect(await send(3n, T0 + 60, 2n * perWindow - 1n)).toBe(true); // the jitter credit, same second
    expect(await send(4n, T0 + 60, 2n * perWindow)).toBe(false); // nothing left in that second
    expect(await send(4n, T0 + 61, 2n * perWindow + (RATE * 1n) / 3600n)).toBe(true); // one second's worth
  });

  it("a long gap still allows the full energy of the gap (no 60 s cap on elapsed time)", async () => {
    await send(1n, T0, 0n);
    expect(await send(2n, T0 + 900, maxPlausibleDelta(KIND, 900n))).toBe(true);
  });

  it("a head known only from the chain grants one credit, no more", async () => {
    const info = await directory.lookup(meter.address);
    directory.set(meter.address, { ...info, chainHead: { seq: 10n, timestamp: BigInt(T0), cumulative: 0n } });
    try {
      expect(await send(11n, T0 + 60, perWindow)).toBe(true);
      expect(await send(12n, T0 + 60, 2n * perWindow - 1n)).toBe(true);
      expect(await send(13n, T0 + 60, 2n * perWindow)).toBe(false);
    } finally {
      directory.set(meter.address, info);
    }
  });

  it("a data dir from before the allowance gets its column; its heads start with the full credit", async () => {
    await send(1n, T0, 0n);
    // what such a data dir looks like (outbox-migrations.test.ts opens one written from scratch):
    // no credit column, its batches' transactions in JSON columns, schema version 0
    outbox.db.exec(`
      ALTER TABLE readings DROP COLUMN credit;
      DROP TABLE batch_txs;
      ALTER TABLE batches ADD COLUMN tx_hashes TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE batches ADD COLUMN raw_txs TEXT NOT NULL DEFAULT '[]';
      PRAGMA user_version = 0;
    `);
    outbox.close();
    open();
    expect(outbox.headCredit(meter.address)).toBeUndefined();
    expect(await send(2n, T0 + 60, perWindow)).toBe(true);
    expect(await send(3n, T0 + 60, 2n * perWindow - 1n)).toBe(true);
    expect(await send(4n, T0 + 60, 2n * perWindow)).toBe(false);
    expect(outbox.headCredit(meter.address)).toBeGreaterThanOrEqual(0n);
  });

  it("a restart does not hand back the spent credit", async () => {
    await send(1n, T0, 0n);
    expect(await send(2n, T0 + 60, perWindow)).toBe(true);
    expect(await send(3n, T0 + 60, 2n * perWindow - 1n)).toBe(true); // credit spent
    outbox.close();
    open();
    expect(await send(4n, T0 + 61, 3n * perWindow)).toBe(false); // a fresh credit would allow this
    expect(await send(4n, T0 + 61, 2n * perWindow - 1n + (RATE * 1n) / 3600n)).toBe(true);
  });
});


describe("property: no window of accepted readings exceeds rate × window + jitter credit", () => {
  const gaps = [0, 0, 1, 1, 2, 5, 10, 30, 60, 61, 300];

  it.each([1, 2, 3, 4, 5, 6])("random (dt, delta) sequence, seed %i, with a restart half-way", async (seed) => {
    const rnd = prng(seed);
    let ts = T0;
    let seq = 1n;
    let cumulative = 0n;
    await send(seq++, ts, cumulative);
    for (let step = 0; step < 60; step++) {
      if (step === 30) {
        outbox.close();
        open();
      }
      const dt = gaps[Math.floor(rnd() * gaps.length)]!;
      // up to twice the old per-reading limit, so both outcomes occur
      const delta = BigInt(Math.floor(rnd() * 2 * Number(maxPlausibleDelta(KIND, BigInt(Math.max(dt, 60))))));
      if (await send(seq, ts + dt, cumulative + delta)) {
        ts += dt;
        cumulative += delta;
        seq++;
      }
    }
    const rows = accepted();
    expect(rows.length).toBeGreaterThan(5);
    for (let i = 0; i < rows.length; i++) {
      for (let j = i + 1; j < rows.length; j++) {
        const added = rows[j]!.cumulative - rows[i]!.cumulative;
        const window = Number(rows[j]!.timestamp - rows[i]!.timestamp);
        expect(added, `seq ${rows[i]!.seq}..${rows[j]!.seq} over ${window} s`).toBeLessThanOrEqual(bound(window));
      }
    }
  });
});

describe("property of the allowance itself (500 random sequences of 200 readings, every kind)", () => {
  it("no window of accepted deltas exceeds rate × window + jitter credit", () => {
    const kinds = Object.keys(MAX_RATE_PER_HOUR).map(Number) as DeviceKind[];
    const violations: string[] = [];
    for (let seed = 1; seed <= 500; seed++) {
      const rnd = prng(seed * 7919);
      const kind = kinds[seed % kinds.length]!;
      const rate = MAX_RATE_PER_HOUR[kind];
      let credit = fullCredit(kind);
      const t: bigint[] = [0n];
      const c: bigint[] = [0n];
      for (let step = 0; step < 200; step++) {
        const dt = BigInt(Math.floor(rnd() < 0.5 ? rnd() * 3 : rnd() * 400));
        const delta = BigInt(Math.floor(rnd() * Number(maxPlausibleDelta(kind, 60n + dt))));
        const r = spendAllowance(kind, dt, delta, credit);
        if (!r.ok) continue;
        credit = r.credit;
        t.push(t[t.length - 1]! + dt);
        c.push(c[c.length - 1]! + delta);
      }
      for (let i = 0; i < t.length; i++) {
        for (let j = i + 1; j < t.length; j++) {
          if ((c[j]! - c[i]!) * 3600n > rate * (t[j]! - t[i]! + JITTER_CREDIT_S)) violations.push(`seed ${seed}: ${i}..${j}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
