/**
 * Tasmota and Shelly adapters with real payload shapes, exact float → integer conversion, and
 * operator attestation through the Ingestor: register resets keep the on-chain cumulative
 * monotonic (no negative emissions), readings are signed with the operator-held device key.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { DeviceKind } from "../../sdk/contracts.js";
import { OperatorAttestor } from "../adapters/operator.js";
import { advanceRegister, cumulativeOf, toScaledInteger } from "../adapters/register.js";
import { shellyAdapter } from "../adapters/shelly.js";
import { tasmotaAdapter } from "../adapters/tasmota.js";
import { DeviceStatus, MemoryDirectory } from "../directory.js";
import { Ingestor } from "../ingest.js";
import { OracleMetrics } from "../metrics.js";
import { Outbox } from "../outbox.js";
import { IngestRejection } from "../reasons.js";
import { ReadingVerifier } from "../signature.js";
import { ReadingValidator } from "../validate.js";
import { TEST_DOMAIN, counterValue, silentLog, tempDir, testWallet } from "./helpers.js";

const tasmotaSensor = (total: number) =>
  Buffer.from(
    JSON.stringify({
      Time: "2026-11-22T21:00:00",
      ENERGY: {
        TotalStartTime: "2025-01-03T10:12:00",
        Total: total,
        Yesterday: 3.21,
        Today: 1.05,
        Period: 12,
        Power: 412,
        ApparentPower: 430,
        ReactivePower: 120,
        Factor: 0.96,
        Voltage: 231,
        Current: 1.86,
      },
    }),
  );

const shellyGen2Status = (total: number) =>
  Buffer.from(
    JSON.stringify({
      id: 0,
      source: "timer",
      output: true,
      apower: 412.3,
      voltage: 231.2,
      current: 1.86,
      aenergy: { total, by_minute: [6871.2, 6871.2, 6871.2], minute_ts: 1767225600 },
      temperature: { tC: 41.3, tF: 106.4 },
    }),
  );

describe("toScaledInteger (exact decimal conversion)", () => {
  it.each([
    [1234.567, 5, 123456700n],
    [0.1 + 0.2, 5, 30000n], // 0.30000000000000004 kWh → 0.3 kWh exactly
    [1.005, 3, 1005n],
    [2.675, 2, 268n], // binary 2.67499999… would round down; decimal text rounds half up
    [99999.99999, 5, 9999999999n],
    [1e-7, 5, 0n],
    [0, 3, 0n],
    [12345678901234, 0, 12345678901234n],
  ])("%d × 10^%d = %d", (value, decimals, expected) => {
    expect(toScaledInteger(value, decimals)).toBe(expected);
  });

  it("refuses negative and non-finite values", () => {
    expect(() => toScaledInteger(-1, 3)).toThrow(RangeError);
    expect(() => toScaledInteger(Number.NaN, 3)).toThrow(RangeError);
    expect(() => toScaledInteger(Number.POSITIVE_INFINITY, 3)).toThrow(RangeError);
  });
});

describe("register resets", () => {
  it("keeps an offset so the cumulative never goes down", () => {
    let { state } = advanceRegister(undefined, 5_000n);
    expect(cumulativeOf(state, 1n)).toBe(5_000n);
    ({ state } = advanceRegister(state, 5_600n));
    expect(cumulativeOf(state, 1n)).toBe(5_600n);
    const after = advanceRegister(state, 200n); // device reset: register restarted at 0, now 200
    expect(after.reset).toBe(true);
    expect(cumulativeOf(after.state, 1n)).toBe(5_800n);
    const again = advanceRegister(after.state, 300n);
    expect(again.reset).toBe(false);
    expect(cumulativeOf(again.state, 1n)).toBe(5_900n);
  });

  it("floors watt-minutes to whole Wh without losing the remainder", () => {
    let { state } = advanceRegister(undefined, 59n);
    expect(cumulativeOf(state, 60n)).toBe(0n);
    ({ state } = advanceRegister(state, 61n));
    expect(cumulativeOf(state, 60n)).toBe(1n);
    ({ state } = advanceRegister(state, 30n)); // reset: 61 wm kept in the offset
    expect(cumulativeOf(state, 60n)).toBe(1n); // (61 + 30) / 60
    ({ state } = advanceRegister(state, 59n));
    expect(cumulativeOf(state, 60n)).toBe(2n); // (61 + 59) / 60
  });
});

describe("Tasmota adapter", () => {
  it("reads ENERGY.Total (kWh) from tele/<topic>/SENSOR as 0.01 Wh raw units", () => {
    expect(tasmotaAdapter.matches("tele/plug-kitchen/SENSOR")).toBe(true);
    expect(tasmotaAdapter.matches("tele/plug-kitchen/STATE")).toBe(false);
    expect(tasmotaAdapter.parse("tele/plug-kitchen/SENSOR", tasmotaSensor(1234.567))).toEqual({
      key: "tasmota:plug-kitchen",
      raw: 123456700n,
      rawPerBaseUnit: 100n,
    });
  });

  it("ignores SENSOR messages without an ENERGY block and rejects bad totals", () => {
    expect(tasmotaAdapter.parse("tele/t1/SENSOR", Buffer.from('{"Time":"2026-01-01T00:00:00","DS18B20":{"Temperature":21.4}}'))).toBeUndefined();
    expect(() => tasmotaAdapter.parse("tele/t1/SENSOR", Buffer.from('{"ENERGY":{"Total":"12"}}'))).toThrow(IngestRejection);
    expect(() => tasmotaAdapter.parse("tele/t1/SENSOR", Buffer.from('{"ENERGY":{"Total":-3}}'))).toThrow(IngestRejection);
    expect(() => tasmotaAdapter.parse("tele/t1/SENSOR", Buffer.from("{oops"))).toThrow(IngestRejection);
  });
});

describe("Shelly adapter", () => {
  it("Gen2 switch status: aenergy.total Wh as mWh", () => {
    expect(shellyAdapter.parse("shellyplus1pm-a8032ab12345/status/switch:0", shellyGen2Status(6871.234))).toEqual({
      key: "shelly:shellyplus1pm-a8032ab12345:switch:0",
      raw: 6871234n,
      rawPerBaseUnit: 1000n,
    });
  });

  it("Gen2 NotifyStatus over events/rpc", () => {
    const msg = {
      src: "shellypro4pm-f008d1d8b8b8",
      dst: "shellypro4pm-f008d1d8b8b8/events",
      method: "NotifyStatus",
      params: { ts: 1767225600.12, "switch:1": { id: 1, aenergy: { by_minute: [0, 0, 0], minute_ts: 1767225600, total: 12.5 } } },
    };
    expect(shellyAdapter.parse("shellypro4pm-f008d1d8b8b8/events/rpc", Buffer.from(JSON.stringify(msg)))).toEqual({
      key: "shelly:shellypro4pm-f008d1d8b8b8:switch:1",
      raw: 12500n,
      rawPerBaseUnit: 1000n,
    });
    const partial = { ...msg, params: { ts: 1, "switch:1": { id: 1, apower: 10 } } };
    expect(shellyAdapter.parse("shellypro4pm-f008d1d8b8b8/events/rpc", Buffer.from(JSON.stringify(partial)))).toBeUndefined();
    const event = { src: "x", method: "NotifyEvent", params: { events: [] } };
    expect(shellyAdapter.parse("x/events/rpc", Buffer.from(JSON.stringify(event)))).toBeUndefined();
  });

  it("Gen1 relay energy in watt-minutes and emeter total in Wh", () => {
    expect(shellyAdapter.parse("shellies/shellyplug-s-7A1B2C/relay/0/energy", Buffer.from("123456"))).toEqual({
      key: "shelly:shellyplug-s-7A1B2C:relay:0",
      raw: 123456n,
      rawPerBaseUnit: 60n,
    });
    expect(shellyAdapter.parse("shellies/shellyem3-ABCDEF/emeter/2/total", Buffer.from("98765.4"))).toEqual({
      key: "shelly:shellyem3-ABCDEF:emeter:2",
      raw: 98765400n,
      rawPerBaseUnit: 1000n,
    });
    expect(() => shellyAdapter.parse("shellies/x/relay/0/energy", Buffer.from('"12"'))).toThrow(IngestRejection);
    expect(() => shellyAdapter.parse("shellies/x/emeter/0/total", Buffer.from("-1"))).toThrow(IngestRejection);
  });

  it("ignores Gen2 status of other components", () => {
    expect(shellyAdapter.parse("shellyplus1pm-x/status/sys", Buffer.from("{}"))).toBeUndefined();
  });
});

describe("operator attestation through the ingest pipeline", () => {
  const plugKey = testWallet("tasmota-plug");
  const shellyKey = testWallet("shelly-1pm");
  let outbox: Outbox;
  let ingestor: Ingestor;
  let metrics: OracleMetrics;
  let now = 1_767_300_000;

  beforeEach(() => {
    outbox = new Outbox(tempDir("adapters"));
    metrics = new OracleMetrics();
    const directory = new MemoryDirectory();
    for (const w of [plugKey, shellyKey]) {
      directory.set(w.address, {
        status: DeviceStatus.Active,
        owner: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
        kind: DeviceKind.Electricity,
        factorId: 1,
        operatorAttested: true,
        chainHead: undefined,
      });
    }
    const verifier = new ReadingVerifier(TEST_DOMAIN);
    const validator = new ReadingValidator({ verifier, directory, outbox, maxClockSkewS: 120, now: () => now });
    const attestor = new OperatorAttestor(
      new Map([
        ["tasmota:plug-kitchen", plugKey],
        ["shelly:shellyplus1pm-a8032ab12345:switch:0", shellyKey],
      ]),
      TEST_DOMAIN,
      outbox,
    );
    ingestor = new Ingestor({
      outbox, validator, metrics, log: silentLog, adapters: [tasmotaAdapter, shellyAdapter], attestor, now: () => now,
    });
  });

  it("signs Tasmota readings as the device, seq 1, 2, … and survives a Total reset", async () => {
    const totals = [1234.5, 1234.75, 0.01, 0.26]; // third message: Total was reset
    for (const t of totals) {
      now += 300;
      expect((await ingestor.handle("tele/plug-kitchen/SENSOR", tasmotaSensor(t))).outcome).toBe("stored");
    }
    const rows = outbox.held(outbox.heldDevices()[0]!);
    expect(rows.map((r) => r.reading.seq)).toEqual([1n, 2n, 3n, 4n]);
    expect(rows.map((r) => r.reading.cumulative)).toEqual([1_234_500n, 1_234_750n, 1_234_760n, 1_235_010n]);
    expect(rows.every((r) => r.operatorAttested)).toBe(true);
    const verifier = new ReadingVerifier(TEST_DOMAIN);
    for (const r of rows) expect(verifier.signer(r.reading, r.signature)).toBe(plugKey.address);
  });

  it("keeps the adapter state with the reading: a reopened outbox continues seq and offset", async () => {
    now += 300;
    await ingestor.handle("shellyplus1pm-a8032ab12345/status/switch:0", shellyGen2Status(500));
    now += 300;
    await ingestor.handle("shellyplus1pm-a8032ab12345/status/switch:0", shellyGen2Status(2)); // reset
    const state = outbox.adapterState(shellyKey.address);
    expect(state).toEqual({ lastRaw: 2000n, offset: 500_000n, seq: 2n });
    expect(outbox.head(shellyKey.address)?.cumulative).toBe(502n);
  });

  it("rejects an unmapped device and an implausible jump", async () => {
    now += 300;
    expect(await ingestor.handle("tele/unknown-plug/SENSOR", tasmotaSensor(1))).toEqual({ outcome: "rejected", reason: "unmapped_topic" });
    await ingestor.handle("tele/plug-kitchen/SENSOR", tasmotaSensor(10));
    now += 60;
    expect(await ingestor.handle("tele/plug-kitchen/SENSOR", tasmotaSensor(510))).toEqual({ outcome: "rejected", reason: "implausible" });
    expect(await counterValue(metrics.registry, "pcx_oracle_readings_rejected_total", { reason: "implausible" })).toBe(1);
    expect(await counterValue(metrics.registry, "pcx_oracle_readings_received_total", { source: "tasmota" })).toBe(3);
  });
});
