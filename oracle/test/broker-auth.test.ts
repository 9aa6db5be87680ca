/**
 * The "open broker" attacks, each as an attacker would run them with a raw mqtt.js client,
 * against the oracle's embedded broker (Aedes) and against Mosquitto configured from
 * oracle/mosquitto/: anonymous and wrong-password connects, a device publishing for another
 * device (the operator would attest and book it to the victim), a client taking over the
 * oracle's session by its client id, a device reading other meters' topics, the listen address,
 * and TLS.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import path from "node:path";
import type { HDNodeWallet, Wallet } from "ethers";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signReading } from "../../sdk/readings.js";
import { emissionOracleDomain } from "../../sdk/typed-data.js";
import { DeviceKind } from "../../sdk/contracts.js";
import { freePort, startProcess, stopProcess, waitForPort, type Started } from "../../scripts/lib/processes.js";
import { CredentialStore, generatePassword } from "../broker-auth.js";
import { filterCovered, topicMatches } from "../broker-acl.js";
import { loadConfig, type OracleConfig } from "../config.js";
import { encodePcxReading, pcxTopic } from "../payload.js";
import { OracleService } from "../service.js";
import { MOSQUITTO } from "./brokers.js";
import { attachLocalChain, bindDevice, type ChainHandle } from "./chain-fixture.js";
import { counterValue, issueCredential, silentLog, tempDir, testWallet, waitFor } from "./helpers.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


/**
 * Tries to connect once (no reconnects). Resolves with the client if the broker accepted the
 * connection, or with the error / "closed" / "timeout" if it did not.
 */
function attempt(url: string, opts: IClientOptions = {}): Promise<{ client?: MqttClient; error?: string }> {
  return new Promise((resolve) => {
    const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 3_000, protocolVersion: 4, ...opts });
    const done = (r: { client?: MqttClient; error?: string }) => {
      clearTimeout(timer);
      client.removeAllListeners();
      client.on("error", () => {});
      if (!r.client) client.end(true);
      resolve(r);
    };
    const timer = setTimeout(() => done({ error: "timeout" }), 5_000);
    client.once("connect", () => done({ client }));
    client.once("error", (err) => done({ error: err.message }));
    client.once("close", () => done({ error: "closed" }));
  });
}

/** Messages a client receives on `filters` (with the SUBACK grants). */
async function spy(client: MqttClient, filters: string[]) {
  const got: string[] = [];
  client.on("message", (topic) => got.push(topic));
  const granted: number[] = [];
  for (const f of filters) {
    // mqtt.js rejects a SUBACK with a failure code; the packet carries the code.
    const r = await client.subscribeAsync(f, { qos: 1 }).then(
      (g) => g[0]!.qos,
      (err: { packet?: { granted?: number[] } }) => err.packet?.granted?.[0] ?? -1,
    );
    granted.push(r);
  }
  return { got, granted };
}

const tasmota = (kwh: number) => JSON.stringify({ Time: "2026-12-01T10:00:00", ENERGY: { Total: kwh, Power: 100 } });

describe("topic matching", () => {
  it("matches MQTT filters and decides filter containment", () => {
    expect(topicMatches("tele/plug/SENSOR", "tele/plug/SENSOR")).toBe(true);
    expect(topicMatches("tele/plug/SENSOR", "tele/victim/SENSOR")).toBe(false);
    expect(topicMatches("shellies/a/#", "shellies/a/relay/0/energy")).toBe(true);
    expect(topicMatches("shellies/a/#", "shellies/b/relay/0/energy")).toBe(false);
    expect(topicMatches("+/status/+", "x/status/switch:0")).toBe(true);
    expect(topicMatches("#", "$SYS/x")).toBe(false);
    expect(filterCovered("shellies/a/#", "shellies/a/relay/+/energy")).toBe(true);
    expect(filterCovered("shellies/a/#", "shellies/+/relay/0/energy")).toBe(false);
    expect(filterCovered("tele/plug/SENSOR", "tele/+/SENSOR")).toBe(false);
    expect(filterCovered("tele/plug/SENSOR", "#")).toBe(false);
    expect(filterCovered("cmnd/plug/+", "cmnd/plug/POWER")).toBe(true);
  });
});

describe("credential store", () => {
  it("issues a random password once, stores only a salted scrypt hash, verifies, lists and revokes", async () => {
    const file = path.join(tempDir("creds"), "credentials.json");
    const store = new CredentialStore(file);
    const pw = await store.issue({ username: "plug-kitchen", role: "device", topics: ["tele/plug-kitchen/SENSOR"] });
    const pw2 = await store.issue({ username: "plug-garage", role: "device", topics: ["tele/plug-garage/SENSOR"] });
    expect(pw).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(pw).not.toBe(pw2);
    const text = readFileSync(file, "utf8");
    expect(text).not.toContain(pw);
    const users = JSON.parse(text).users as { salt: string; hash: string }[];
    expect(users[0]!.salt).not.toBe(users[1]!.salt);
    expect(statSync(file).mode & 0o077).toBe(0);
    await expect(store.issue({ username: "plug-kitchen", role: "device", topics: ["x/y"] })).rejects.toThrow(/exists/);
    await expect(store.issue({ username: "bad", role: "device", topics: ["#"] })).rejects.toThrow(/invalid topic/);

    const other = new CredentialStore(file); // as the broker process would read it
    expect(await other.verify("plug-kitchen", pw)).toMatchObject({ role: "device", topics: ["tele/plug-kitchen/SENSOR"] });
    expect(await other.verify("plug-kitchen", pw2)).toBeUndefined();
    expect(await other.verify("nobody", pw)).toBeUndefined();
    expect(other.list().map((u) => u.username)).toEqual(["plug-kitchen", "plug-garage"]);
    expect(store.revoke("plug-kitchen")).toBe(true);
    expect(await new CredentialStore(file).verify("plug-kitchen", pw)).toBeUndefined();
  });
});

let chain: ChainHandle;
beforeAll(() => {
  chain = attachLocalChain(inject("rpcUrl"), inject("deploymentId"));
});
afterAll(() => chain?.provider.destroy());

/** A signed PCX reading of `meter` for the suite chain, stamped now. */
async function reading(meter: Wallet | HDNodeWallet, seq: bigint, cumulative: bigint) {
  const domain = emissionOracleDomain(31337n, chain.addresses.EmissionOracle!);
  const device = meter.address.toLowerCase() as `0x${string}`;
  const signed = await signReading(meter, domain, { device, seq, timestamp: BigInt(Math.floor(Date.now() / 1000)), cumulative });
  return { topic: pcxTopic(device), payload: encodePcxReading(signed.reading, signed.signature) };
}

async function startService(label: string, overrides: Partial<Record<keyof OracleConfig, string | number>>) {
  const config = loadConfig(
    { rpcUrl: chain.rpcUrl, deployment: chain.deploymentId, mqttPort: await freePort(), httpPort: 0, dataDir: tempDir(label), batchWaitMs: 100, logLevel: "silent", ...overrides },
    {},
  );
  return OracleService.start(config, silentLog);
}

describe("embedded broker (Aedes) with credentials", () => {
  let service: OracleService;
  let credentials: string;
  const victimPlug = testWallet("auth-victim-plug");
  const attackerPlug = testWallet("auth-attacker-plug");
  const meterA = testWallet("auth-meter-a");
  const meterB = testWallet("auth-meter-b");
  let attacker: { username: string; password: string };
  let a: { username: string; password: string };
  let b: { username: string; password: string };
  let url: string;
  const stored = (w: Wallet | HDNodeWallet) => service.outbox.head(w.address.toLowerCase() as `0x${string}`);

  beforeAll(async () => {
    const dir = tempDir("broker-auth");
    credentials = path.join(dir, "credentials.json");
    const adapters = path.join(dir, "adapters.json");
    writeFileSync(
      adapters,
      JSON.stringify({
        devices: [
          { register: "tasmota:victim-plug", deviceKey: victimPlug.privateKey },
          { register: "tasmota:attacker-plug", deviceKey: attackerPlug.privateKey },
        ],
      }),
    );
    await bindDevice(chain, victimPlug, 0, DeviceKind.Electricity, "elec.uk.grid", true);
    await bindDevice(chain, attackerPlug, 1, DeviceKind.Electricity, "elec.uk.grid", true);
    await bindDevice(chain, meterA, 0, DeviceKind.Electricity, "elec.cn.grid");
    await bindDevice(chain, meterB, 1, DeviceKind.Electricity, "elec.cn.grid");
    attacker = await issueCredential(credentials, "attacker-plug", ["tele/attacker-plug/SENSOR"]);
    a = await issueCredential(credentials, "meter-a", [pcxTopic(meterA.address.toLowerCase())]);
    b = await issueCredential(credentials, "meter-b", [pcxTopic(meterB.address.toLowerCase())]);
    // The oracle's default client id, so the takeover attack aims at the real one.
    service = await startService("broker-auth", { adapters, mqttCredentials: credentials, clientId: "pcx-oracle" });
    url = service.mqttUrl;
  });
  afterAll(async () => {
    await service?.stop();
  });

  it("refuses an anonymous connect", async () => {
    const r = await attempt(url, { clientId: "anon" });
    r.client?.end(true);
    expect(r.client).toBeUndefined();
    expect(r.error).toMatch(/not authorized|Not authorized/i);
  });

  it("refuses a wrong password, and an unknown user", async () => {
    const wrong = await attempt(url, { clientId: "meter-a", username: "meter-a", password: b.password });
    wrong.client?.end(true);
    expect(wrong.client).toBeUndefined();
    expect(wrong.error).toMatch(/bad user ?name or password/i);
    const unknown = await attempt(url, { clientId: "ghost", username: "ghost", password: "x" });
    unknown.client?.end(true);
    expect(unknown.client).toBeUndefined();
  });

  it("does not let a device publish for another device: nothing is attested or stored for the victim", async () => {
    const before = await counterValue(service.metrics.registry, "pcx_mqtt_auth_refusals_total", { reason: "publish_denied" });
    // 1. the attacker's own plug credentials, publishing the victim plug's Tasmota telemetry
    const r = await attempt(url, { clientId: attacker.username, ...attacker });
    expect(r.error).toBeUndefined();
    r.client!.on("error", () => {});
    r.client!.publish("tele/victim-plug/SENSOR", tasmota(1_000), { qos: 0 });
    // 2. meter A's credentials, publishing meter B's (correctly signed, replayed) reading topic
    const ra = await attempt(url, { clientId: a.username, ...a });
    ra.client!.on("error", () => {});
    const forB = await reading(meterB, 1n, 5_000n);
    ra.client!.publish(forB.topic, forB.payload, { qos: 0 });
    // 3. a last will on the victim's topic, fired by dropping the connection
    const rw = await attempt(url, { clientId: attacker.username, ...attacker, will: { topic: "tele/victim-plug/SENSOR", payload: Buffer.from(tasmota(2_000)), qos: 1, retain: false } });
    rw.client!.stream.destroy();
    await sleep(1_500);
    for (const c of [r.client, ra.client, rw.client]) c?.end(true);
    expect(stored(victimPlug)).toBeUndefined();
    expect(stored(meterB)).toBeUndefined();
    expect(await counterValue(service.metrics.registry, "pcx_mqtt_auth_refusals_total", { reason: "publish_denied" })).toBeGreaterThanOrEqual(before + 3);

    // Control: each credential still works on its own topic.
    const own = await mqtt.connectAsync(url, { clientId: attacker.username, ...attacker, reconnectPeriod: 0 });
    await own.publishAsync("tele/attacker-plug/SENSOR", tasmota(1.5), { qos: 1 });
    await own.endAsync();
    await waitFor("the attacker's own plug stored", () => stored(attackerPlug) !== undefined);
    expect(stored(victimPlug)).toBeUndefined();
  });

  it("refuses client id pcx-oracle without the oracle credential, and the oracle's session keeps receiving", async () => {
    const anon = await attempt(url, { clientId: "pcx-oracle", clean: false });
    const asDevice = await attempt(url, { clientId: "pcx-oracle", clean: false, ...a });
    const guessed = await attempt(url, { clientId: "pcx-oracle", clean: false, username: "pcx-oracle", password: "guess" });
    // and a device's session is bound to its username: A cannot take over B's either
    const asOther = await attempt(url, { clientId: "meter-b", ...a });
    for (const r of [anon, asDevice, guessed, asOther]) {
      r.client?.end(true);
      expect(r.client).toBeUndefined();
    }
    expect(await counterValue(service.metrics.registry, "pcx_mqtt_auth_refusals_total", { reason: "client_id" })).toBeGreaterThanOrEqual(2);
    expect(service.source.connected).toBe(true);
    const pub = await mqtt.connectAsync(url, { clientId: b.username, ...b, reconnectPeriod: 0 });
    const m = await reading(meterB, 10n, 9_000n);
    await pub.publishAsync(m.topic, m.payload, { qos: 1 });
    await pub.endAsync();
    await waitFor("meter B's reading stored by the oracle", () => stored(meterB)?.seq === 10n);
  });

  it("does not let a device read other meters' topics", async () => {
    const snoop = await mqtt.connectAsync(url, { clientId: a.username, ...a, reconnectPeriod: 0 });
    const { got, granted } = await spy(snoop, ["pcx/v1/meters/+/reading", pcxTopic(meterB.address.toLowerCase()), "tele/+/SENSOR", "#", "$share/g/pcx/v1/meters/+/reading"]);
    expect(granted).toEqual([128, 128, 128, 128, 128]);
    const pub = await mqtt.connectAsync(url, { clientId: b.username, ...b, reconnectPeriod: 0 });
    const m = await reading(meterB, 11n, 9_100n);
    await pub.publishAsync(m.topic, m.payload, { qos: 1 });
    await pub.endAsync();
    await waitFor("meter B's reading stored", () => stored(meterB)?.seq === 11n);
    await sleep(300);
    await snoop.endAsync();
    expect(got).toEqual([]);
    expect(await counterValue(service.metrics.registry, "pcx_mqtt_auth_refusals_total", { reason: "subscribe_denied" })).toBeGreaterThanOrEqual(5);
    const metrics = await (await fetch(`http://127.0.0.1:${service.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/pcx_mqtt_auth_refusals_total\{reason="anonymous"\} [1-9]/);
  });

  it("a revoked credential is refused on the running broker", async () => {
    const c = await issueCredential(credentials, "meter-c", ["pcx/v1/meters/0x00000000000000000000000000000000000000cc/reading"]);
    await sleep(1_100); // the store re-reads the file at most once a second
    const ok = await attempt(url, { clientId: c.username, ...c });
    expect(ok.client).toBeDefined();
    ok.client!.end(true);
    expect(new CredentialStore(credentials).revoke("meter-c")).toBe(true);
    await sleep(1_100);
    const r = await attempt(url, { clientId: c.username, ...c });
    r.client?.end(true);
    expect(r.client).toBeUndefined();
  });

  it("listens on 127.0.0.1 only by default", async () => {
    expect(service.broker!.address).toMatchObject({ address: "127.0.0.1" });
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal)?.address;
    if (external) {
      const r = await attempt(`mqtt://${external}:${service.broker!.port}`, { clientId: a.username, ...a });
      r.client?.end(true);
      expect(r.client).toBeUndefined();
    }
  });
});

describe("embedded broker opened with --mqtt-host", () => {
  it("listens on every interface when PCX_MQTT_HOST=0.0.0.0, and still authenticates", async () => {
    const dir = tempDir("broker-open");
    const credentials = path.join(dir, "credentials.json");
    const meter = testWallet("auth-open-meter");
    const cred = await issueCredential(credentials, "open-meter", [pcxTopic(meter.address.toLowerCase())]);
    const service = await startService("broker-open", { mqttCredentials: credentials, mqttHost: "0.0.0.0", clientId: "pcx-oracle-open" });
    try {
      expect(service.broker!.address).toMatchObject({ address: "0.0.0.0" });
      const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal)?.address ?? "127.0.0.1";
      const r = await attempt(`mqtt://${external}:${service.broker!.port}`, { clientId: cred.username, ...cred });
      expect(r.client).toBeDefined();
      r.client!.end(true);
      const anon = await attempt(`mqtt://${external}:${service.broker!.port}`, { clientId: "anon" });
      anon.client?.end(true);
      expect(anon.client).toBeUndefined();
    } finally {
      await service.stop();
    }
  });
});

/** A self-signed certificate for localhost / 127.0.0.1 (openssl CLI). */
function selfSigned(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
  ], { stdio: "ignore" });
  return { cert, key };
}

describe("embedded broker with TLS", () => {
  it("talks mqtts only: a plaintext client gets nowhere, a client trusting the CA connects and its reading is stored", async () => {
    const dir = tempDir("broker-tls");
    const { cert, key } = selfSigned(dir);
    const credentials = path.join(dir, "credentials.json");
    const meter = testWallet("auth-tls-meter");
    await bindDevice(chain, meter, 2, DeviceKind.Electricity, "elec.cn.grid");
    const cred = await issueCredential(credentials, "tls-meter", [pcxTopic(meter.address.toLowerCase())]);
    const service = await startService("broker-tls", { mqttCredentials: credentials, mqttTlsCert: cert, mqttTlsKey: key, clientId: "pcx-oracle-tls" });
    try {
      const port = service.broker!.port;
      expect(service.mqttUrl).toMatch(/^mqtts:\/\//);
      const plain = await attempt(`mqtt://127.0.0.1:${port}`, { clientId: cred.username, ...cred });
      plain.client?.end(true);
      expect(plain.client).toBeUndefined();
      const untrusted = await attempt(`mqtts://127.0.0.1:${port}`, { clientId: cred.username, ...cred });
      untrusted.client?.end(true);
      expect(untrusted.client).toBeUndefined();
      const secure = await attempt(`mqtts://localhost:${port}`, { clientId: cred.username, ...cred, ca: readFileSync(cert) });
      expect(secure.error).toBeUndefined();
      const m = await reading(meter, 1n, 1_000n);
      await secure.client!.publishAsync(m.topic, m.payload, { qos: 1 });
      await secure.client!.endAsync();
      await waitFor("the TLS meter's reading stored", () => service.outbox.head(meter.address.toLowerCase() as `0x${string}`)?.seq === 1n);
    } finally {
      await service.stop();
    }
  });
});

const MOSQUITTO_DIR = path.join(import.meta.dirname, "..", "mosquitto");
const PASSWD = ["/usr/bin/mosquitto_passwd", "/usr/sbin/mosquitto_passwd"].find((p) => existsSync(p));

describe.skipIf(!MOSQUITTO || !PASSWD)("Mosquitto with oracle/mosquitto/ (password file + ACL)", () => {
  let proc: Started | undefined;
  let url: string;
  const pw: Record<string, string> = {};
  // The users of the example ACL.
  const USERS = ["pcx-oracle", "plug-kitchen", "plug-garage", "meter-0001"] as const;
  const METER_TOPIC = "pcx/v1/meters/0x0000000000000000000000000000000000000001/reading";

  beforeAll(async () => {
    const dir = tempDir("mosquitto-auth");
    const port = await freePort();
    url = `mqtt://127.0.0.1:${port}`;
    const passwd = path.join(dir, "passwd");
    for (const [i, u] of USERS.entries()) {
      pw[u] = generatePassword();
      execFileSync(PASSWD!, [...(i === 0 ? ["-c"] : []), "-b", passwd, u, pw[u]!], { stdio: "ignore" });
    }
    // The documented example config, with this test's port and file locations.
    const conf = readFileSync(path.join(MOSQUITTO_DIR, "mosquitto.conf"), "utf8")
      .replace(/^listener .*$/m, `listener ${port} 127.0.0.1`)
      .replace(/^password_file .*$/m, `password_file ${passwd}`)
      .replace(/^acl_file .*$/m, `acl_file ${path.join(MOSQUITTO_DIR, "acl")}`)
      .replace(/^persistence_location .*$/m, `persistence_location ${dir}/`)
      .replace(/^log_dest .*$/m, "log_dest stdout");
    writeFileSync(path.join(dir, "mosquitto.conf"), conf + "\nuser root\n");
    proc = startProcess("mosquitto", MOSQUITTO!, ["-c", path.join(dir, "mosquitto.conf")], { quiet: true });
    await waitForPort(port);
  });
  afterAll(async () => {
    if (proc) await stopProcess(proc, "SIGTERM");
  });

  const login = (u: (typeof USERS)[number], extra: IClientOptions = {}) => ({ username: u, password: pw[u], clientId: u, ...extra });

  it("refuses anonymous and wrong-password connects", async () => {
    for (const opts of [{ clientId: "anon" }, { ...login("plug-kitchen"), password: pw["plug-garage"] }]) {
      for (const protocolVersion of [4, 5] as const) {
        const r = await attempt(url, { ...opts, protocolVersion });
        r.client?.end(true);
        expect(r.client).toBeUndefined();
      }
    }
  });

  it("drops a device's publish to another device's topic; the oracle user sees only the legitimate one", async () => {
    const oracle = await mqtt.connectAsync(url, { ...login("pcx-oracle"), clean: false, reconnectPeriod: 0 });
    const { got, granted } = await spy(oracle, ["tele/+/SENSOR", "pcx/v1/meters/+/reading"]);
    expect(granted).toEqual([1, 1]);
    // MQTT 3.1.1: Mosquitto acknowledges and drops; MQTT 5: PUBACK 0x87 (mqtt.js may not settle it).
    for (const protocolVersion of [4, 5] as const) {
      const kitchen = await mqtt.connectAsync(url, { ...login("plug-kitchen"), reconnectPeriod: 0, protocolVersion });
      for (const topic of ["tele/plug-garage/SENSOR", METER_TOPIC]) {
        await Promise.race([kitchen.publishAsync(topic, tasmota(1_000), { qos: 1 }).catch(() => {}), sleep(1_000)]);
      }
      kitchen.end(true);
    }
    const kitchen = await mqtt.connectAsync(url, { ...login("plug-kitchen"), reconnectPeriod: 0 });
    await kitchen.publishAsync("tele/plug-kitchen/SENSOR", tasmota(1), { qos: 1 });
    await waitFor("the kitchen plug's own message", () => got.length > 0);
    await sleep(300);
    await kitchen.endAsync();
    await oracle.endAsync();
    expect(got).toEqual(["tele/plug-kitchen/SENSOR"]);
  });

  it("does not let anyone take over the oracle's session by its client id", async () => {
    const oracle = await mqtt.connectAsync(url, { ...login("pcx-oracle"), clean: false, reconnectPeriod: 0 });
    const { got } = await spy(oracle, ["tele/+/SENSOR"]);
    let oracleClosed = false;
    oracle.on("close", () => (oracleClosed = true));
    const anon = await attempt(url, { clientId: "pcx-oracle", clean: false });
    anon.client?.end(true);
    expect(anon.client).toBeUndefined();
    // with device credentials the broker replaces the client id by the username (use_username_as_clientid)
    const asDevice = await attempt(url, { ...login("plug-kitchen"), clientId: "pcx-oracle", clean: false });
    expect(asDevice.client).toBeDefined();
    const stolen = await spy(asDevice.client!, ["tele/+/SENSOR"]);
    const garage = await mqtt.connectAsync(url, { ...login("plug-garage"), reconnectPeriod: 0 });
    await garage.publishAsync("tele/plug-garage/SENSOR", tasmota(2), { qos: 1 });
    await waitFor("the oracle's message", () => got.length > 0);
    await sleep(300);
    await garage.endAsync();
    asDevice.client!.end(true);
    expect(oracleClosed).toBe(false);
    expect(stolen.got).toEqual([]);
    await oracle.endAsync();
  });

  it("does not let a device read other meters' topics", async () => {
    const snoop = await mqtt.connectAsync(url, { ...login("plug-kitchen"), reconnectPeriod: 0 });
    const { got } = await spy(snoop, ["tele/+/SENSOR", "#", "pcx/v1/meters/+/reading"]);
    const garage = await mqtt.connectAsync(url, { ...login("plug-garage"), reconnectPeriod: 0 });
    const meter = await mqtt.connectAsync(url, { ...login("meter-0001"), reconnectPeriod: 0 });
    await garage.publishAsync("tele/plug-garage/SENSOR", tasmota(3), { qos: 1 });
    await meter.publishAsync(METER_TOPIC, "reading", { qos: 1 });
    await sleep(500);
    for (const c of [garage, meter, snoop]) await c.endAsync();
    expect(got).toEqual([]);
  });
});
