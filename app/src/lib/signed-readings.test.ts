/**
 * The dashboard's signed readings against the real oracle: a local chain (hardhat node + the
 * PCXLocal deployment), a real OracleService with its embedded broker, a meter publishing signed
 * readings over MQTT, and the app's own code signing in (SIWE, the household's key) and reading
 * the raw readings API over HTTP. Nothing stands in for the oracle; the one altered answer is the
 * real one changed on its way (a tampering proxy over fetch), and must be refused.
 */
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { HDNodeWallet } from "ethers";
import mqtt, { type MqttClient } from "mqtt";
import type { Address, Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "@sdk/deployment";
import { LOCAL_ROLES } from "@sdk/local-chain";
import { signReading } from "@sdk/readings";
import { emissionOracleDomain } from "@sdk/typed-data";
import { DeviceKind } from "@sdk/generated/enums";
import { freePort } from "../../../scripts/lib/processes.js";
import { loadConfig, type OracleConfig } from "../../../oracle/config.js";
import { encodePcxReading, pcxTopic } from "../../../oracle/payload.js";
import { OracleService } from "../../../oracle/service.js";
import { bindDevice, hardhatAccount, startLocalChain, type LocalChain } from "../../../oracle/test/chain-fixture.js";
import { issueCredential, silentLog, tempDir, testWallet, waitFor } from "../../../oracle/test/helpers.js";
import { OracleError, OracleSession } from "./oracle-session";
import { latestSignedReadings, type DeviceReadings, type RawItem } from "./signed-readings";

const INTERVAL_S = 30;
let chain: LocalChain;
let config: OracleConfig;
let service: OracleService;
let client: MqttClient;
let base: string;
let dir: string;
let owner: HDNodeWallet;
const meter = testWallet("app-signed-readings-meter");
const device = meter.address as Address;

const domain = () => emissionOracleDomain(31337n, chain.addresses.EmissionOracle!);
const nowS = () => Math.floor(Date.now() / 1000);
const ownerAddress = () => owner.address as Address;

/** The household's wallet: personal_sign with its key, counted. */
function wallet() {
  const w = { prompts: 0, sign: async (message: string) => (w.prompts++, (await owner.signMessage(message)) as Hex) };
  return w;
}

async function publish(seq: bigint, cumulative: bigint) {
  const signed = await signReading(meter, domain(), { device: meter.address.toLowerCase() as Address, seq, timestamp: BigInt(nowS()), cumulative });
  await client.publishAsync(pcxTopic(meter.address.toLowerCase()), encodePcxReading(signed.reading, signed.signature), { qos: 1 });
}

const latest = async (session: OracleSession) => (await latestSignedReadings(session, ownerAddress(), [device], domain(), nowS()))[0]!;
const seqs = (d: DeviceReadings) => ({ pending: d.pending.map((r) => Number(r.seq)), confirmed: d.confirmed && Number(d.confirmed.seq) });
const problemOf = (p: Promise<unknown>) => p.then(() => "none", (e: unknown) => (e instanceof OracleError ? e.problem : String(e)));

/** The oracle's answers, passed on unchanged except for `change` applied to raw readings pages. */
function tampering(change: (items: RawItem[]) => void): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    if (!String(input).includes("/raw")) return res;
    const body = (await res.json()) as { items: RawItem[] };
    change(body.items);
    return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
  };
}

beforeAll(async () => {
  chain = await startLocalChain("app-signed");
  owner = hardhatAccount(LOCAL_ROLES.households[0]!, chain.provider);
  await bindDevice(chain, meter, 0, DeviceKind.Electricity, "elec.cn.grid");
  dir = tempDir("app-signed");
  const mqttCredentials = path.join(dir, "mqtt-credentials.json");
  const login = await issueCredential(mqttCredentials, "app-signed-meter", [pcxTopic(meter.address.toLowerCase())]);
  config = loadConfig(
    {
      rpcUrl: chain.rpcUrl,
      deployment: chain.deploymentId,
      mqttPort: await freePort(),
      httpPort: await freePort(),
      dataDir: path.join(dir, "oracle"),
      mqttCredentials,
      batchWaitMs: 50,
      checkpointIntervalS: INTERVAL_S,
      clientId: "pcx-oracle-app-signed",
      logLevel: "silent",
      // Signatures on the oracle's own thread: this file is about the app's side, and a fresh-clone
      // CI run saw this vitest worker abort (SIGABRT, "terminate called after throwing an instance
      // of 'Napi::Error'") with the signature worker threads loading libsecp256k1 as it started.
      verifyWorkers: 0,
    },
    {} as NodeJS.ProcessEnv, // none of this process's PCX_* settings
  );
  service = await OracleService.start(config, silentLog);
  base = `http://127.0.0.1:${service.httpPort}`;
  client = await mqtt.connectAsync(service.mqttUrl, { clientId: login.username, ...login });
}, 240_000);

afterAll(async () => {
  if (client?.connected) await client.endAsync();
  await service?.stop();
  await chain?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("signing in to the oracle", () => {
  it("reads nothing before a sign-in, and a declined signature leaves the household signed out", async () => {
    const session = new OracleSession(base);
    expect(await problemOf(latest(session))).toBe("signInNeeded");
    const declined = async () => {
      throw Object.assign(new Error("User rejected the request."), { code: 4001 });
    };
    expect(await problemOf(session.signIn(ownerAddress(), 31337, declined))).toBe("declined");
    expect(session.signedIn(ownerAddress())).toBe(false);
  });

  it("says the oracle is unreachable when nothing answers, and refuses a message for another chain", async () => {
    const nobody = new OracleSession(`http://127.0.0.1:${await freePort()}`);
    expect(await problemOf(nobody.signIn(ownerAddress(), 31337, wallet().sign))).toBe("unreachable");
    const session = new OracleSession(base);
    expect(await problemOf(session.signIn(ownerAddress(), 1, wallet().sign))).toBe("signInRejected");
    expect(session.signedIn(ownerAddress())).toBe(false);
  });

  it("keeps the token until it expires: no new signature before, sign in again after", async () => {
    let now = Date.now();
    const session = new OracleSession(base, { now: () => now });
    const w = wallet();
    await session.signIn(ownerAddress(), 31337, w.sign);
    expect(session.signedIn(ownerAddress())).toBe(true);
    await latest(session);
    await latest(session);
    expect(w.prompts).toBe(1);
    now += 15 * 60_000;
    expect(session.signedIn(ownerAddress())).toBe(false);
    expect(await problemOf(latest(session))).toBe("signInNeeded");
  });
});

describe("the newest signed readings of a meter", () => {
  let live: OracleSession;
  const w = wallet();

  it("are pending (signed, not yet on chain) until their checkpoint, with the newest reading on chain", { timeout: 120_000 }, async () => {
    // Clear of a period's close: its checkpoint would otherwise end "pending" early.
    const { genesis, periodLength } = Object.values(JSON.parse(readFileSync(path.join(REPO_ROOT, "ignition/parameters/local.json"), "utf8")) as { genesis?: number; periodLength?: number }[]).find((p) => p.periodLength)!;
    const left = periodLength! - ((nowS() - genesis!) % periodLength!);
    if (left < INTERVAL_S + 15) await new Promise((r) => setTimeout(r, (left + 1) * 1000));
    await publish(1n, 100_000n);
    await waitFor("the first reading on chain", () => service.outbox.reading(device.toLowerCase(), 1n)?.status === "accepted");
    for (let s = 2n; s <= 5n; s++) await publish(s, 100_000n + (s - 1n) * 250n);
    await waitFor("raw readings held", () => service.outbox.held(device.toLowerCase()).length === 4);

    live = new OracleSession(base);
    await live.signIn(ownerAddress(), 31337, w.sign);
    const d = await latest(live);
    expect(seqs(d)).toEqual({ pending: [5, 4, 3], confirmed: 1 });
    expect(d.pending.map((r) => [r.delta, r.onChain])).toEqual([[250n, false], [250n, false], [250n, false]]);
    expect(d.confirmed).toMatchObject({ cumulative: 100_000n, delta: undefined, onChain: true });
    expect(d.unverified).toBe(0);
    expect(d.refused).toBe(false);
    expect(w.prompts).toBe(1);
  });

  it("never shows a reading altered on its way as the meter's: it is counted instead", async () => {
    const tampered = new OracleSession(base, {
      fetcher: tampering((items) => {
        for (const i of items) {
          if (i.seq === "5") i.cumulative = String(BigInt(i.cumulative) - 100n); // a lower register: less energy
          if (i.seq === "1") i.timestamp = String(BigInt(i.timestamp) + 1n);
        }
      }),
    });
    await tampered.signIn(ownerAddress(), 31337, wallet().sign);
    const d = await latest(tampered);
    expect(seqs(d)).toEqual({ pending: [4, 3, 2], confirmed: undefined });
    expect(d.unverified).toBe(2);
    expect(d.pending.map((r) => r.delta)).toEqual([250n, 250n, undefined]); // seq 1, seq 2's predecessor, did not verify
    expect(d.pending.map((r) => r.cumulative)).not.toContain(100_900n);
  });

  it("another meter's reading served under this meter is refused too", async () => {
    const other = testWallet("app-signed-readings-other");
    const foreign = await signReading(other, domain(), { device: other.address as Address, seq: 6n, timestamp: BigInt(nowS()), cumulative: 200_000n });
    const swapped = new OracleSession(base, {
      fetcher: tampering((items) => {
        items.push({ ...items.at(-1)!, device: other.address, seq: "6", timestamp: foreign.reading.timestamp.toString(), cumulative: "200000", signature: foreign.signature });
      }),
    });
    await swapped.signIn(ownerAddress(), 31337, wallet().sign);
    const d = await latest(swapped);
    expect(seqs(d).pending[0]).toBe(5);
    expect(d.unverified).toBe(1);
  });

  it("are on chain once their checkpoint is final, with nothing left pending", { timeout: 90_000 }, async () => {
    await waitFor(
      "the interval checkpoint final",
      () => service.outbox.reading(device.toLowerCase(), 5n)?.status === "accepted" && service.outbox.reading(device.toLowerCase(), 5n)?.committedRoot !== null,
      75_000,
    );
    const d = await latest(live);
    expect(seqs(d)).toEqual({ pending: [], confirmed: 5 });
    expect(d.confirmed).toMatchObject({ cumulative: 101_000n, delta: 250n, onChain: true });
    expect(w.prompts).toBe(1);
  });

  it("asks for a new signature when the oracle no longer knows the token (401 after a restart)", { timeout: 90_000 }, async () => {
    await client.endAsync();
    await service.stop();
    service = await OracleService.start(config, silentLog);
    expect(live.signedIn(ownerAddress())).toBe(true);
    expect(await problemOf(latest(live))).toBe("signInNeeded");
    expect(live.signedIn(ownerAddress())).toBe(false);
    await live.signIn(ownerAddress(), 31337, w.sign);
    expect(seqs(await latest(live))).toEqual({ pending: [], confirmed: 5 });
    expect(w.prompts).toBe(2);
  });

  it("a device the oracle will not show to this account comes back refused, not as an error", async () => {
    const stranger = testWallet("app-signed-readings-stranger").address as Address;
    const [d] = await latestSignedReadings(live, ownerAddress(), [stranger], domain(), nowS());
    expect(d).toMatchObject({ refused: true, pending: [], confirmed: undefined });
  });

  it("signs for the domain the operator named (PCX_SIWE_DOMAIN: the app's host), which the oracle tells with the nonce", { timeout: 90_000 }, async () => {
    await service.stop();
    service = await OracleService.start({ ...config, siweDomain: "app.pcx.example" }, silentLog);
    try {
      const session = new OracleSession(base);
      const messages: string[] = [];
      await session.signIn(ownerAddress(), 31337, async (m) => (messages.push(m), (await owner.signMessage(m)) as Hex));
      expect(messages[0]).toMatch(/^app\.pcx\.example wants you to sign in with your Ethereum account:/);
      expect(seqs(await latest(session)).confirmed).toBe(5);
    } finally {
      await service.stop();
      service = await OracleService.start(config, silentLog);
    }
  });
});
