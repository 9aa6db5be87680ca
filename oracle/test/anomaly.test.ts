/**
 * Anomaly scores: a steady daily profile scores low, a sustained 10× jump is flagged after K
 * readings, a single spike scores high without flagging, warm-up yields no score (then the
 * overall profile stands in for the hour's), and a restart keeps profiles and flags. Through the
 * ingestor: the scores reach /metrics, GET /anomalies, GET /devices/<address>/anomaly and the
 * CLI's status, and no reading is dropped because of its score.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { DeviceKind } from "../../sdk/contracts.js";
import { AnomalyDetector, robustZ, type RecentScore } from "../anomaly.js";
import { anomalyRoutes } from "../anomaly-http.js";
import { DeviceStatus, MemoryDirectory } from "../directory.js";
import { startHttp } from "../http.js";
import { Ingestor } from "../ingest.js";
import { OracleMetrics } from "../metrics.js";
import { Outbox } from "../outbox.js";
import { ReadingVerifier } from "../signature.js";
import { ReadingValidator } from "../validate.js";
import { TEST_DOMAIN, pcxMessage, silentLog, tempDir, testWallet, prng } from "./helpers.js";

const DAY0 = Date.UTC(2026, 0, 5) / 1000; // a Monday, 00:00 UTC
const DEVICE = "0x00000000000000000000000000000000000000d1";

/** A household's electricity draw in W by hour of day: a base load, a morning and an evening peak. */
const dailyPower = (ts: number) => {
  const h = (ts % 86_400) / 3600;
  return 400 + 300 * Math.exp(-((h - 7.5) ** 2) / 2) + 1200 * Math.exp(-((h - 19) ** 2) / 4);
};


/** A meter reporting every `dtS` seconds; `factor` scales the draw of the next readings. */
class Meter {
  ts = DAY0;
  cumulative = 0n;
  private carry = 0;
  private readonly rnd = prng(42);

  constructor(private readonly detector: AnomalyDetector, private readonly dtS = 900) {}

  next(factor = 1): RecentScore | undefined {
    const prev = { seq: 0n, timestamp: BigInt(this.ts), cumulative: this.cumulative };
    this.ts += this.dtS;
    const watts = dailyPower(this.ts - this.dtS / 2) * factor * (1 + (this.rnd() - 0.5) * 0.08); // ±4 % noise
    const wh = (watts * this.dtS) / 3600 + this.carry;
    this.carry = wh - Math.floor(wh);
    this.cumulative += BigInt(Math.floor(wh));
    return this.detector.observe(DEVICE, prev, { timestamp: BigInt(this.ts), cumulative: this.cumulative });
  }

  run(n: number, factor = 1): RecentScore[] {
    return Array.from({ length: n }, () => this.next(factor)!);
  }
}

const detectorIn = (dir: string, registry?: OracleMetrics["registry"]) =>
  new AnomalyDetector(new Database(path.join(dir, "anomaly.sqlite")), {}, registry);

describe("robust z-score", () => {
  it("is 0 at the median and scales with the MAD (floored at 5 % of the median)", () => {
    expect(robustZ(100, [90, 100, 110])).toBe(0);
    expect(robustZ(120, [90, 100, 110])).toBeCloseTo((0.6745 * 20) / 10);
    expect(robustZ(105, [100, 100, 100])).toBeCloseTo((0.6745 * 5) / 5);
  });
});

describe("AnomalyDetector", () => {
  it("warm-up: no score until the overall profile has N powers, then the overall profile stands in for the hour", () => {
    const meter = new Meter(detectorIn(tempDir("anomaly")));
    const first = meter.run(8);
    expect(first.every((s) => s.score === null && s.basis === null)).toBe(true);
    const ninth = meter.next()!;
    expect(ninth.basis).toBe("overall");
    expect(ninth.score).not.toBeNull();
    meter.run(4 * 24 * 2 - 9); // two days: each hour bucket has 8 powers now
    expect(meter.next()!.basis).toBe("hour");
  });

  it("a steady daily profile scores low and never flags", () => {
    const detector = detectorIn(tempDir("anomaly"));
    const meter = new Meter(detector);
    meter.run(4 * 24 * 3); // three days of history
    const scores = meter.run(4 * 24 * 7).map((s) => Math.abs(s.score!));
    expect(Math.max(...scores)).toBeLessThan(3.5);
    expect(scores.reduce((a, b) => a + b, 0) / scores.length).toBeLessThan(1);
    expect(detector.status(DEVICE)!.flagged).toBe(false);
    expect(detector.flagged()).toEqual([]);
  });

  it("a sudden sustained 10× jump is flagged after K = 3 readings", () => {
    const detector = detectorIn(tempDir("anomaly"));
    const meter = new Meter(detector);
    meter.run(4 * 24 * 7);
    const jump = [meter.next(10)!, meter.next(10)!];
    expect(jump.every((s) => s.score! >= 3.5)).toBe(true);
    expect(detector.status(DEVICE)!.flagged).toBe(false);
    meter.next(10);
    const status = detector.status(DEVICE)!;
    expect(status.flagged).toBe(true);
    expect(status.flaggedAt).toBe(meter.ts);
    expect(detector.flagged().map((d) => d.device)).toEqual([DEVICE]);
  });

  it("a single spike scores high but does not flag", () => {
    const detector = detectorIn(tempDir("anomaly"));
    const meter = new Meter(detector);
    meter.run(4 * 24 * 7);
    expect(meter.next(10)!.score!).toBeGreaterThanOrEqual(3.5);
    const after = meter.run(8).map((s) => Math.abs(s.score!));
    expect(Math.max(...after)).toBeLessThan(3.5);
    expect(detector.status(DEVICE)!.flagged).toBe(false);
  });

  it("a sudden drop (a meter under-reporting) is flagged too", () => {
    const detector = detectorIn(tempDir("anomaly"));
    const meter = new Meter(detector);
    meter.run(4 * 24 * 7);
    meter.run(3, 0.1);
    expect(detector.status(DEVICE)!.flagged).toBe(true);
    expect(detector.status(DEVICE)!.lastScore!).toBeLessThan(-3.5);
  });

  it("a restart keeps the profile, the streak and the flag", () => {
    const dir = tempDir("anomaly");
    const before = detectorIn(dir);
    const meter = new Meter(before);
    meter.run(4 * 24 * 7);
    meter.run(2, 10);
    const profile = before.samples(DEVICE, 12);
    before.close(); // commits pending updates, as OracleService.stop does
    (before as unknown as { db: Database.Database }).db.close();

    const after = detectorIn(dir);
    (meter as unknown as { detector: AnomalyDetector }).detector = after;
    expect(after.samples(DEVICE, 12)).toEqual(profile);
    expect(after.status(DEVICE)!.streak).toBe(2);
    const next = meter.next(10)!;
    expect(next.basis).toBe("hour"); // no warm-up again
    expect(after.status(DEVICE)!.flagged).toBe(true);
    expect(after.flaggedCount()).toBe(1);
  });
});

describe("anomaly scores through the ingestor, /metrics, the API and the CLI", () => {
  it("stores every reading, flags the jump, and reports it", async () => {
    const NOW = DAY0 + 10 * 86_400;
    const meter = testWallet("anomaly-meter");
    const dir = tempDir("anomaly-ingest");
    const outbox = new Outbox(dir);
    const metrics = new OracleMetrics();
    const directory = new MemoryDirectory();
    directory.set(meter.address, {
      status: DeviceStatus.Active, owner: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", kind: DeviceKind.Electricity,
      factorId: 1, operatorAttested: false, chainHead: undefined,
    });
    const validator = new ReadingValidator({ verifier: new ReadingVerifier(TEST_DOMAIN), directory, outbox, maxClockSkewS: 120, now: () => NOW });
    const anomaly = new AnomalyDetector(outbox.db, { minSamples: 4 }, metrics.registry);
    const ingestor = new Ingestor({ outbox, validator, metrics, log: silentLog, anomaly });
    const http = await startHttp(0, metrics.registry, () => ({ ok: true }), "127.0.0.1", anomalyRoutes(anomaly));
    try {
      // two days of hourly readings at a steady ~500 W, then three at 5 kW
      let ts = NOW - 51 * 3600;
      let cumulative = 0n;
      let seq = 1n;
      const send = async (wh: bigint) => {
        cumulative += wh;
        const m = await pcxMessage(meter, { seq: seq++, timestamp: BigInt(ts), cumulative });
        ts += 3600;
        return (await ingestor.handle(m.topic, m.payload)).outcome;
      };
      const outcomes: string[] = [await send(0n)];
      for (let i = 0; i < 48; i++) outcomes.push(await send(480n + BigInt(i % 5) * 10n));
      for (let i = 0; i < 3; i++) outcomes.push(await send(5_000n));
      expect(outcomes.every((o) => o === "stored")).toBe(true); // nothing dropped for its score
      expect(outbox.counts().held).toBe(52);

      const base = `http://127.0.0.1:${http.port}`;
      const list = (await (await fetch(`${base}/anomalies`)).json()) as { flagged: { device: string; recent: RecentScore[] }[] };
      expect(list.flagged.map((d) => d.device)).toEqual([meter.address.toLowerCase()]);
      expect(list.flagged[0]!.recent.at(-1)!.score!).toBeGreaterThan(3.5);
      const one = await fetch(`${base}/devices/${meter.address}/anomaly`);
      expect(one.status).toBe(200);
      expect(((await one.json()) as { flagged: boolean }).flagged).toBe(true);
      expect((await fetch(`${base}/devices/0x${"00".repeat(20)}/anomaly`)).status).toBe(404);
      expect((await fetch(`${base}/devices/nonsense/anomaly`)).status).toBe(400);

      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toMatch(/^pcx_oracle_anomaly_flagged_devices 1$/m);
      expect(text).toMatch(/^pcx_oracle_anomaly_score_count [1-9]\d*$/m);
      expect(text).toMatch(/^pcx_oracle_anomaly_unscored_total [1-9]\d*$/m);
    } finally {
      await http.close();
      anomaly.close();
      outbox.close();
    }

    const cli = path.join(import.meta.dirname, "..", "cli.ts");
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", cli, "status", "--data-dir", dir]);
    const status = JSON.parse(stdout) as { flaggedDevices: { device: string; flagged: boolean }[] };
    expect(status.flaggedDevices.map((d) => d.device)).toEqual([meter.address.toLowerCase()]);
  });
});
