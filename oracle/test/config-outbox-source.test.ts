/**
 * Config validation at start-up, the outbox's batch lifecycle and durability across reopen, and
 * the MQTT source's contract with a real (embedded Aedes) broker: a message whose storage failed
 * is not acknowledged and comes back.
 */
import mqtt from "mqtt";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config.js";
import { Outbox } from "../outbox.js";
import { MqttSource } from "../source.js";
import { silentLog, tempDir, testBroker } from "./helpers.js";

describe("config", () => {
  it("has working local defaults and lets flags override env", () => {
    const c = loadConfig({ httpPort: "0" }, { PCX_HTTP_PORT: "9999", PCX_BATCH_SIZE: "64" });
    expect(c.rpcUrl).toBe("http://127.0.0.1:8545");
    expect(c.oracleAccount).toBe(1);
    expect(c.mqttUrl).toBeUndefined();
    expect(c.httpPort).toBe(0);
    expect(c.batchSize).toBe(64);
  });

  it("keeps the embedded broker on loopback unless PCX_MQTT_HOST opens it; TLS and login come in pairs", () => {
    expect(loadConfig({}, {}).mqttHost).toBe("127.0.0.1");
    expect(loadConfig({}, { PCX_MQTT_HOST: "0.0.0.0" }).mqttHost).toBe("0.0.0.0");
    expect(loadConfig({ mqttHost: "::1" }, { PCX_MQTT_HOST: "0.0.0.0" }).mqttHost).toBe("::1");
    expect(() => loadConfig({}, { PCX_MQTT_TLS_CERT: "cert.pem" })).toThrow(/PCX_MQTT_TLS_KEY/);
    expect(() => loadConfig({}, { PCX_MQTT_USERNAME: "pcx-oracle" })).toThrow(/PCX_MQTT_PASSWORD/);
  });

  it("rejects invalid values, naming every field and its variable", () => {
    let err: unknown;
    try {
      loadConfig({}, { PCX_BATCH_SIZE: "1000", PCX_RPC_URL: "not a url", PCX_ORACLE_KEY: "0x12", MQTT_URL: "http://x" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    for (const v of ["PCX_BATCH_SIZE", "PCX_RPC_URL", "PCX_ORACLE_KEY", "MQTT_URL"]) expect(msg).toContain(v);
  });
});

describe("outbox", () => {
  const reading = (seq: bigint) => ({ device: "0x00000000000000000000000000000000000000aa" as const, seq, timestamp: 100n + seq, cumulative: 10n * seq });
  const sig = { r: `0x${"11".repeat(32)}` as const, vs: `0x${"22".repeat(32)}` as const };

  it("moves readings queued → sent → final with per-reading outcomes, and re-queues the rest", () => {
    const dir = tempDir("outbox");
    const box = new Outbox(dir);
    const ids = [1n, 2n, 3n].map((s) => box.insert(reading(s), sig, false, Date.now()));
    expect(box.counts()).toMatchObject({ held: 3, queued: 0 }); // raw readings wait for the checkpoint planner
    for (const s of [1n, 2n, 3n]) box.makeCheckpoint(reading(s).device, s, { root: `0x${"11".repeat(32)}`, count: 1, fromSeq: s }, "interval");
    expect(box.counts().queued).toBe(3);
    const batchId = box.recordBatch(ids, { nonce: 7, hash: "0xaa", raw: "0xbb", maxFeePerGas: 2n, maxPriorityFeePerGas: 1n });
    expect(box.counts()).toMatchObject({ queued: 0, sent: 3 });
    expect(box.openBatches()[0]).toMatchObject({ id: batchId, nonce: 7, txHashes: ["0xaa"] });
    box.finalizeBatch(batchId, 90_000n, new Map([[ids[0]!, "accepted"], [ids[1]!, "StaleSeq"]]), 5);
    expect(box.counts()).toMatchObject({ queued: 1, accepted: 1, rejected: 1 });
    expect(box.outcomes()).toEqual({ accepted: 1, StaleSeq: 1 });
    box.close();
    const reopened = new Outbox(dir);
    expect(reopened.head(reading(1n).device)).toEqual({ seq: 3n, timestamp: 103n, cumulative: 30n });
    expect(reopened.queued(10).map((r) => r.reading.seq)).toEqual([3n]);
    expect(() => reopened.insert(reading(2n), sig, false, Date.now())).toThrow(/already stored/);
    reopened.close();
  });
});

describe("MQTT source (embedded Aedes)", () => {
  it("acknowledges only after onMessage succeeded: a failed store is redelivered", async () => {
    const { broker, logins } = await testBroker({ "ack-test-pub": ["pcx/v1/meters/+/reading"] }, "pcx-oracle-ack-test");
    const seen: string[] = [];
    let failOnce = true;
    const source = new MqttSource({
      url: broker.url,
      clientId: "pcx-oracle-ack-test",
      auth: logins["pcx-oracle-ack-test"],
      protocolVersion: 4,
      topics: ["pcx/v1/meters/+/reading"],
      log: silentLog,
      onMessage: async (_topic, payload) => {
        seen.push(payload.toString());
        if (failOnce) {
          failOnce = false;
          throw new Error("disk full");
        }
      },
    });
    await source.start();
    const pub = await mqtt.connectAsync(broker.url, logins["ack-test-pub"]);
    await pub.publishAsync("pcx/v1/meters/0x00000000000000000000000000000000000000aa/reading", "m1", { qos: 1 });
    const deadline = Date.now() + 15_000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await pub.endAsync();
    await source.stop();
    await broker.close();
    expect(seen).toEqual(["m1", "m1"]);
  });
});
