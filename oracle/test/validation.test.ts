/**
 * Decode + validate + store, end to end through the Ingestor with a real outbox: every kind of
 * bad input is rejected with the right reason, counted, and never crashes; good input is stored.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { DeviceKind } from "../../sdk/contracts.js";
import { DeviceStatus, MemoryDirectory } from "../directory.js";
import { Ingestor } from "../ingest.js";
import { OracleMetrics } from "../metrics.js";
import { Outbox } from "../outbox.js";
import { pcxTopic } from "../payload.js";
import { ReadingVerifier } from "../signature.js";
import { ReadingValidator } from "../validate.js";
import { TEST_DOMAIN, counterValue, pcxMessage, silentLog, tempDir, testWallet } from "./helpers.js";

const NOW = 1_767_300_000;
const meter = testWallet("meter");
const revoked = testWallet("revoked");
const stranger = testWallet("stranger");
const ownerAddr = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

let outbox: Outbox;
let metrics: OracleMetrics;
let ingestor: Ingestor;
let directory: MemoryDirectory;

beforeEach(() => {
  outbox = new Outbox(tempDir("validation"));
  metrics = new OracleMetrics();
  directory = new MemoryDirectory();
  const base = { owner: ownerAddr, kind: DeviceKind.Electricity, factorId: 1, operatorAttested: false, chainHead: undefined };
  directory.set(meter.address, { ...base, status: DeviceStatus.Active });
  directory.set(revoked.address, { ...base, status: DeviceStatus.Revoked });
  const validator = new ReadingValidator({
    verifier: new ReadingVerifier(TEST_DOMAIN),
    directory,
    outbox,
    maxClockSkewS: 120,
    now: () => NOW,
  });
  ingestor = new Ingestor({ outbox, validator, metrics, log: silentLog });
});

const reading = (seq: bigint, timestamp: number, cumulative: bigint) => ({ seq, timestamp: BigInt(timestamp), cumulative });

async function expectRejected(topic: string, payload: Buffer | string, reason: string) {
  const before = await counterValue(metrics.registry, "pcx_oracle_readings_rejected_total", { reason });
  const result = await ingestor.handle(topic, Buffer.from(payload));
  expect(result).toEqual({ outcome: "rejected", reason });
  expect(await counterValue(metrics.registry, "pcx_oracle_readings_rejected_total", { reason })).toBe(before + 1);
}

describe("PCX reading validation", () => {
  it("stores a valid first reading and a valid follow-up", async () => {
    const a = await pcxMessage(meter, reading(1n, NOW - 60, 1_000n));
    const b = await pcxMessage(meter, reading(2n, NOW, 1_500n));
    expect((await ingestor.handle(a.topic, a.payload)).outcome).toBe("stored");
    expect((await ingestor.handle(b.topic, b.payload)).outcome).toBe("stored");
    expect(outbox.counts().held).toBe(2);
    expect(outbox.head(meter.address)).toEqual({ seq: 2n, timestamp: BigInt(NOW), cumulative: 1_500n });
    expect(await counterValue(metrics.registry, "pcx_oracle_readings_stored_total")).toBe(2);
  });

  it("accepts the 65-byte signature form and decimal-string numbers", async () => {
    const { payload, topic } = await pcxMessage(meter, reading(1n, NOW, 5n));
    const body = JSON.parse(payload.toString());
    const sig = await meter.signTypedData(TEST_DOMAIN, { Reading: [
      { name: "device", type: "address" }, { name: "seq", type: "uint64" },
      { name: "timestamp", type: "uint64" }, { name: "cumulative", type: "uint128" }] },
      { device: meter.address, seq: 1n, timestamp: BigInt(NOW), cumulative: 5n });
    body.signature = sig;
    body.timestamp = String(NOW);
    expect((await ingestor.handle(topic, Buffer.from(JSON.stringify(body)))).outcome).toBe("stored");
  });

  describe("the bad-input corpus", () => {
    const topic = () => pcxTopic(meter.address);
    const valid = async () => JSON.parse((await pcxMessage(meter, reading(1n, NOW, 100n))).payload.toString());

    it.each([
      ["empty payload", ""],
      ["truncated JSON", '{"device":"0x'],
      ["NaN literal", '{"seq":NaN}'],
      ["binary garbage", "\u0000\u0001\u00ff"],
    ])("malformed JSON: %s", async (_name, payload) => {
      await expectRejected(topic(), payload, "malformed_json");
    });

    it.each([
      ["array instead of object", () => "[]"],
      ["seq as float", async () => JSON.stringify({ ...(await valid()), seq: 1.5 })],
      ["seq negative", async () => JSON.stringify({ ...(await valid()), seq: -1 })],
      ["seq as boolean", async () => JSON.stringify({ ...(await valid()), seq: true })],
      ["cumulative unsafe number", async () => JSON.stringify({ ...(await valid()), cumulative: 2 ** 60 })],
      ["cumulative 'NaN' string", async () => JSON.stringify({ ...(await valid()), cumulative: "NaN" })],
      ["cumulative exponent string", async () => JSON.stringify({ ...(await valid()), cumulative: "1e30" })],
      ["cumulative negative string", async () => JSON.stringify({ ...(await valid()), cumulative: "-5" })],
      ["timestamp null", async () => JSON.stringify({ ...(await valid()), timestamp: null })],
      ["missing signature", async () => JSON.stringify({ ...(await valid()), signature: undefined })],
      ["short signature", async () => JSON.stringify({ ...(await valid()), signature: "0x1234" })],
      ["device not an address", async () => JSON.stringify({ ...(await valid()), device: "0xabc" })],
    ])("schema: %s", async (_name, make) => {
      await expectRejected(topic(), await make(), "schema");
    });

    it("huge numbers beyond uint64/uint128 are out of range", async () => {
      await expectRejected(topic(), JSON.stringify({ ...(await valid()), seq: (1n << 64n).toString() }), "out_of_range");
      await expectRejected(topic(), JSON.stringify({ ...(await valid()), cumulative: (1n << 128n).toString() }), "out_of_range");
      await expectRejected(topic(), JSON.stringify({ ...(await valid()), timestamp: "9".repeat(30) }), "out_of_range");
    });

    it("seq 0 is out of range (sequences start at 1)", async () => {
      const m = await pcxMessage(meter, reading(0n, NOW, 1n));
      await expectRejected(m.topic, m.payload, "out_of_range");
    });

    it("payload device differing from the topic's device", async () => {
      const m = await pcxMessage(meter, reading(1n, NOW, 1n));
      await expectRejected(pcxTopic(stranger.address), m.payload, "topic_mismatch");
    });

    it("forged signature (signed by another key)", async () => {
      const forged = await pcxMessage(stranger, { device: meter.address as `0x${string}`, ...reading(1n, NOW, 1n) });
      await expectRejected(forged.topic, forged.payload, "bad_signature");
    });

    it("tampered reading (signature over other values)", async () => {
      const body = await valid();
      body.cumulative = "101";
      await expectRejected(topic(), JSON.stringify(body), "bad_signature");
    });

    it("non-canonical signature bytes", async () => {
      const body = await valid();
      body.signature = { r: "0x" + "00".repeat(32), vs: "0x" + "ff".repeat(32) };
      await expectRejected(topic(), JSON.stringify(body), "bad_signature");
    });

    it("replayed message (same signed reading twice)", async () => {
      const m = await pcxMessage(meter, reading(1n, NOW, 1n));
      expect((await ingestor.handle(m.topic, m.payload)).outcome).toBe("stored");
      await expectRejected(m.topic, m.payload, "stale_seq");
      expect(outbox.counts().held).toBe(1);
    });

    it("unknown device and revoked device", async () => {
      const u = await pcxMessage(stranger, reading(1n, NOW, 1n));
      await expectRejected(u.topic, u.payload, "unknown_device");
      const r = await pcxMessage(revoked, reading(1n, NOW, 1n));
      await expectRejected(r.topic, r.payload, "device_not_active");
    });

    it("out-of-order seq contradicting its newer neighbour, time going backwards, register going down", async () => {
      const first = await pcxMessage(meter, reading(5n, NOW - 100, 1_000n));
      await ingestor.handle(first.topic, first.payload);
      // an older seq stamped after seq 5, or with a register above seq 5's, cannot be genuine
      const older = await pcxMessage(meter, reading(4n, NOW, 900n));
      await expectRejected(older.topic, older.payload, "timestamp_not_increasing");
      const olderHigher = await pcxMessage(meter, reading(4n, NOW - 150, 1_100n));
      await expectRejected(olderHigher.topic, olderHigher.payload, "cumulative_decreased");
      const same = await pcxMessage(meter, reading(5n, NOW - 100, 1_000n));
      await expectRejected(same.topic, same.payload, "stale_seq");
      const back = await pcxMessage(meter, reading(6n, NOW - 200, 1_100n));
      await expectRejected(back.topic, back.payload, "timestamp_not_increasing");
      const down = await pcxMessage(meter, reading(6n, NOW, 999n));
      await expectRejected(down.topic, down.payload, "cumulative_decreased");
    });

    it("stores a late reading that fits before a newer held one, in seq order", async () => {
      for (const [seq, ts, cum] of [[1n, NOW - 3_000, 1_000n], [3n, NOW - 100, 50_000n]] as const) {
        const m = await pcxMessage(meter, reading(seq, ts, cum));
        expect((await ingestor.handle(m.topic, m.payload)).outcome).toBe("stored");
      }
      // A late seq 2 is judged against its predecessor too: +39 kWh 10 s after seq 1 is implausible.
      const implausible = await pcxMessage(meter, reading(2n, NOW - 2_990, 40_000n));
      await expectRejected(implausible.topic, implausible.payload, "implausible");
      // seq 2 arrives last (a broker redelivering after newer messages it had queued) and fits.
      const late = await pcxMessage(meter, reading(2n, NOW - 1_500, 20_000n));
      expect((await ingestor.handle(late.topic, late.payload)).outcome).toBe("stored");
      expect(outbox.held(meter.address).map((r) => r.reading.seq)).toEqual([1n, 2n, 3n]);
      expect(outbox.head(meter.address)?.seq).toBe(3n);
    });

    it("refuses a late reading that a checkpoint has overtaken (its delta is in the newer register)", async () => {
      const ids: number[] = [];
      for (const [seq, ts, cum] of [[1n, NOW - 300, 1_000n], [3n, NOW - 100, 1_400n]] as const) {
        const m = await pcxMessage(meter, reading(seq, ts, cum));
        const r = await ingestor.handle(m.topic, m.payload);
        if (r.outcome === "stored") ids.push(r.id);
      }
      // seq 3 becomes the checkpoint of the raw series 1, 3 and goes into a transaction
      outbox.makeCheckpoint(meter.address, 3n, { root: `0x${"11".repeat(32)}`, count: 2, fromSeq: 1n }, "interval");
      outbox.recordBatch(ids.slice(1), { nonce: 0, hash: "0x01", raw: "0x02", maxFeePerGas: 2n, maxPriorityFeePerGas: 1n });
      const late = await pcxMessage(meter, reading(2n, NOW - 200, 1_200n));
      await expectRejected(late.topic, late.payload, "stale_seq");
    });

    it("future timestamp beyond the allowed clock skew", async () => {
      const ok = await pcxMessage(meter, reading(1n, NOW + 120, 1n));
      expect((await ingestor.handle(ok.topic, ok.payload)).outcome).toBe("stored");
      const m = await pcxMessage(meter, reading(2n, NOW + 121, 1n));
      await expectRejected(m.topic, m.payload, "timestamp_in_future");
    });

    it("implausible increase: 500 kWh in a minute from an electricity meter", async () => {
      const a = await pcxMessage(meter, reading(1n, NOW - 60, 0n));
      await ingestor.handle(a.topic, a.payload);
      const b = await pcxMessage(meter, reading(2n, NOW, 500_000n));
      await expectRejected(b.topic, b.payload, "implausible");
      // 1.5 kWh in that minute is fine (100 kW limit → 1,667 Wh per minute)
      const c = await pcxMessage(meter, reading(2n, NOW, 1_500n));
      expect((await ingestor.handle(c.topic, c.payload)).outcome).toBe("stored");
    });

    it("checks monotonicity against the chain's head too", async () => {
      directory.set(meter.address, {
        status: DeviceStatus.Active, owner: ownerAddr, kind: DeviceKind.Electricity, factorId: 1, operatorAttested: false,
        chainHead: { seq: 10n, timestamp: BigInt(NOW - 600), cumulative: 5_000n },
      });
      const stale = await pcxMessage(meter, reading(10n, NOW, 5_000n));
      await expectRejected(stale.topic, stale.payload, "stale_seq");
      const down = await pcxMessage(meter, reading(11n, NOW, 4_999n));
      await expectRejected(down.topic, down.payload, "cumulative_decreased");
      const ok = await pcxMessage(meter, reading(11n, NOW, 5_100n));
      expect((await ingestor.handle(ok.topic, ok.payload)).outcome).toBe("stored");
    });

    it("ignores unrelated topics without counting them as readings", async () => {
      expect(await ingestor.handle("home/livingroom/temperature", Buffer.from("21.5"))).toEqual({ outcome: "ignored", reason: "unknown_topic" });
      expect(await counterValue(metrics.registry, "pcx_oracle_readings_received_total")).toBe(0);
    });
  });
});
