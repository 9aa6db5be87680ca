/**
 * Every message leaves a trace in /metrics: pcx_oracle_messages_total{outcome,reason} counts
 * stored, rejected, ignored (unknown topics, adapter messages without a register value) and
 * failed (outbox error, left unacknowledged for redelivery) messages, read through the HTTP
 * endpoint's Prometheus text.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DeviceKind } from "../../sdk/contracts.js";
import { OperatorAttestor } from "../adapters/operator.js";
import { shellyAdapter } from "../adapters/shelly.js";
import { tasmotaAdapter } from "../adapters/tasmota.js";
import { DeviceStatus, MemoryDirectory } from "../directory.js";
import { startHttp } from "../http.js";
import { Ingestor } from "../ingest.js";
import { OracleMetrics } from "../metrics.js";
import { Outbox } from "../outbox.js";
import { pcxTopic } from "../payload.js";
import { ReadingVerifier } from "../signature.js";
import { ReadingValidator } from "../validate.js";
import { TEST_DOMAIN, pcxMessage, silentLog, tempDir, testWallet } from "./helpers.js";

const NOW = 1_767_300_000;
const meter = testWallet("metrics-meter");
const plug = testWallet("metrics-plug");

let outbox: Outbox;
let metrics: OracleMetrics;
let ingestor: Ingestor;
let http: Awaited<ReturnType<typeof startHttp>>;

beforeEach(async () => {
  outbox = new Outbox(tempDir("message-metrics"));
  metrics = new OracleMetrics();
  const directory = new MemoryDirectory();
  for (const w of [meter, plug]) {
    directory.set(w.address, {
      status: DeviceStatus.Active, owner: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", kind: DeviceKind.Electricity,
      factorId: 1, operatorAttested: w === plug, chainHead: undefined,
    });
  }
  const validator = new ReadingValidator({ verifier: new ReadingVerifier(TEST_DOMAIN), directory, outbox, maxClockSkewS: 120, now: () => NOW });
  const attestor = new OperatorAttestor(new Map([["tasmota:plug", plug]]), TEST_DOMAIN, outbox);
  ingestor = new Ingestor({ outbox, validator, metrics, log: silentLog, adapters: [tasmotaAdapter, shellyAdapter], attestor, now: () => NOW });
  http = await startHttp(0, metrics.registry, () => ({ ok: true }), "127.0.0.1");
});

afterEach(async () => {
  await http.close();
  outbox.close();
});

/** The value of pcx_oracle_messages_total{outcome,reason} in the /metrics text. */
async function scraped(outcome: string, reason: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${http.port}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`pcx_oracle_messages_total{outcome="${outcome}",reason="${reason}"} `));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

describe("pcx_oracle_messages_total", () => {
  it("counts ignored messages: unknown topics and adapter messages without a register value", async () => {
    await ingestor.handle("home/livingroom/temperature", Buffer.from("21.5"));
    await ingestor.handle("home/livingroom/temperature", Buffer.alloc(0)); // an empty (retained-clear) message
    await ingestor.handle("tele/plug/SENSOR", Buffer.from(JSON.stringify({ Time: "x", DS18B20: { Temperature: 20 } })));
    expect(await scraped("ignored", "unknown_topic")).toBe(2);
    expect(await scraped("ignored", "no_reading")).toBe(1);
  });

  it("counts stored and rejected messages with their reason", async () => {
    const ok = await pcxMessage(meter, { seq: 1n, timestamp: BigInt(NOW), cumulative: 1n });
    await ingestor.handle(ok.topic, ok.payload);
    await ingestor.handle(ok.topic, ok.payload); // replay
    await ingestor.handle(pcxTopic(meter.address), Buffer.alloc(0)); // empty payload on a reading topic
    await ingestor.handle("tele/plug/SENSOR", Buffer.from(JSON.stringify({ ENERGY: { Total: 1.5 } })));
    expect(await scraped("stored", "ok")).toBe(2);
    expect(await scraped("rejected", "stale_seq")).toBe(1);
    expect(await scraped("rejected", "malformed_json")).toBe(1);
  });

  it("counts a message the outbox failed to store (left unacknowledged) as failed", async () => {
    const m = await pcxMessage(meter, { seq: 1n, timestamp: BigInt(NOW), cumulative: 1n });
    outbox.db.exec("DROP TABLE readings");
    await expect(ingestor.handle(m.topic, m.payload)).rejects.toThrow();
    expect(await scraped("failed", "store_error")).toBe(1);
  });
});
