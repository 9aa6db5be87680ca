/**
 * The raw readings API and the audit CLI's `reading` command, end to end: a meter publishes raw
 * readings to the oracle, the oracle posts checkpoints with their commitments, the owner signs in
 * with Sign-In with Ethereum (a real wallet key) and gets every raw reading with a proof that
 * leads to the root committed on chain (the checkpoint call's calldata, bound by CheckpointsCommitted); the saved API output is the audit's input.
 * Attacks: no token (401), another account (403), a replayed or foreign SIWE message, an expired
 * nonce, a tampered reading or proof, and a hostile relayer committing a bogus root first.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { Contract, getAddress, type HDNodeWallet } from "ethers";
import mqtt, { type MqttClient } from "mqtt";
import { createSiweMessage } from "viem/siwe";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { LOCAL_ROLES } from "../../sdk/local-chain.js";
import { processProof, type Hex } from "../../sdk/raw-series.js";
import { signReading, toSubmitArgs, type SignedReading } from "../../sdk/readings.js";
import { emissionOracleDomain } from "../../sdk/typed-data.js";
import { DeviceKind } from "../../sdk/contracts.js";
import { freePort } from "../../scripts/lib/processes.js";
import { loadConfig } from "../config.js";
import { encodePcxReading, pcxTopic } from "../payload.js";
import { SiweSessions } from "../raw-api.js";
import { OracleService } from "../service.js";
import { attachLocalChain, bindDevice, commitmentEvents, hardhatAccount, type ChainHandle } from "./chain-fixture.js";
import { issueCredential, silentLog, tempDir, testWallet } from "./helpers.js";

const INTERVAL_S = 8;
let chain: ChainHandle;
let service: OracleService;
let base: string;
let dir: string;
const meter = testWallet("raw-api-meter");
const target = testWallet("raw-api-relayed-meter");
const clients: MqttClient[] = [];
let owner: HDNodeWallet;
let stranger: HDNodeWallet;

interface Item {
  device: string;
  seq: string;
  timestamp: string;
  cumulative: string;
  leaf: Hex;
  proof: Hex[] | null;
  status: string;
  checkpoint: { seq: string; root: string; count: number; fromSeq: string; status: string; txHash: string | null } | null;
}
interface Page {
  device: string;
  owner: string;
  items: Item[];
  nextCursor: string | null;
}

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function signIn(wallet: HDNodeWallet, opts: { domain?: string } = {}) {
  const { nonce } = (await (await fetch(`${base}/v1/auth/nonce`)).json()) as { nonce: string };
  const message = createSiweMessage({
    address: getAddress(wallet.address) as `0x${string}`,
    chainId: 31337,
    domain: opts.domain ?? new URL(base).host,
    nonce,
    uri: base,
    version: "1",
    issuedAt: new Date(),
    statement: "Read my meters' raw readings",
  });
  const signature = await wallet.signMessage(message);
  const res = await fetch(`${base}/v1/auth/siwe`, { method: "POST", body: JSON.stringify({ message, signature }) });
  return { res, body: (await res.json()) as { token?: string; error?: string }, message, signature };
}

async function raw(device: string, token: string | undefined, query = "") {
  return fetch(`${base}/v1/devices/${device}/raw${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

function audit(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "audit/cli.ts", ...args, "--rpc", chain.rpcUrl, "--deployment", chain.deploymentId], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

beforeAll(async () => {
  chain = attachLocalChain(inject("rpcUrl"), inject("deploymentId"));
  owner = hardhatAccount(LOCAL_ROLES.households[0]!, chain.provider);
  stranger = hardhatAccount(LOCAL_ROLES.households[1]!, chain.provider);
  dir = tempDir("raw-api");
  const mqttCredentials = path.join(dir, "mqtt-credentials.json");
  const logins = [
    await issueCredential(mqttCredentials, "raw-api-meter", [pcxTopic(meter.address.toLowerCase())]),
    await issueCredential(mqttCredentials, "raw-api-relayed", [pcxTopic(target.address.toLowerCase())]),
  ];
  await bindDevice(chain, meter, 0, DeviceKind.Electricity, "elec.cn.grid");
  await bindDevice(chain, target, 0, DeviceKind.Electricity, "elec.cn.grid");
  const config = loadConfig(
    {
      rpcUrl: chain.rpcUrl,
      deployment: chain.deploymentId,
      mqttPort: await freePort(),
      httpPort: 0,
      dataDir: path.join(dir, "oracle"),
      mqttCredentials,
      batchWaitMs: 50,
      checkpointIntervalS: INTERVAL_S,
      apiCorsOrigin: "http://localhost:3000",
      clientId: "pcx-oracle-raw-api",
      logLevel: "silent",
    },
    {},
  );
  service = await OracleService.start(config, silentLog);
  base = `http://127.0.0.1:${service.httpPort}`;
  for (const l of logins) clients.push(await mqtt.connectAsync(service.mqttUrl, { clientId: l.username, ...l }));
});

afterAll(async () => {
  for (const c of clients) await c.endAsync();
  await service?.stop();
  chain?.provider.destroy();
});

const domain = () => emissionOracleDomain(31337n, chain.addresses.EmissionOracle!);
async function publish(client: MqttClient, wallet: typeof meter, seq: bigint, cumulative: bigint): Promise<SignedReading> {
  const device = wallet.address.toLowerCase() as `0x${string}`;
  const signed = await signReading(wallet, domain(), { device, seq, timestamp: BigInt(Math.floor(Date.now() / 1000)), cumulative });
  await client.publishAsync(pcxTopic(device), encodePcxReading(signed.reading, signed.signature), { qos: 1 });
  return signed;
}
const device = () => meter.address.toLowerCase();

describe("raw readings API (owner only, Sign-In with Ethereum)", () => {
  let token: string;
  let page: Page;

  it("serves the owner every raw reading, pending until its checkpoint is final, then with a proof of the on-chain root", async () => {
    await publish(clients[0]!, meter, 1n, 100_000n);
    await waitFor("the first reading on chain", () => service.outbox.reading(device(), 1n)?.status === "accepted");
    for (let s = 2n; s <= 6n; s++) await publish(clients[0]!, meter, s, 100_000n + s * 250n);
    await waitFor("raw readings stored", () => service.outbox.counts().held >= 5);

    const signed = await signIn(owner);
    expect(signed.res.status).toBe(200);
    token = signed.body.token!;
    const before = (await (await raw(device(), token)).json()) as Page;
    expect(before.items.map((i) => [i.seq, i.status])).toEqual([
      ["1", "confirmed"],
      ...["2", "3", "4", "5", "6"].map((s) => [s, "pending"]),
    ]);
    expect(before.items[1]!.checkpoint).toBeNull();

    await waitFor("the interval checkpoint final", () => service.outbox.reading(device(), 6n)?.status === "accepted" && service.outbox.reading(device(), 6n)?.committedRoot !== null, 30_000);
    const res = await raw(device(), token);
    expect(res.status).toBe(200);
    page = (await res.json()) as Page;
    expect(page.owner).toBe(owner.address.toLowerCase());
    expect(page.items.map((i) => i.seq)).toEqual(["1", "2", "3", "4", "5", "6"]);
    const onChain = await commitmentEvents(chain, [device()]);
    expect(onChain.map((c) => [c.seq, c.fromSeq, c.count])).toEqual([[1n, 1n, 1], [6n, 2n, 5]]);
    for (const item of page.items) {
      const c = onChain.find((e) => e.seq.toString() === item.checkpoint!.seq)!;
      expect(item.status).toBe("confirmed");
      expect(item.checkpoint!.txHash).toBe(c.txHash);
      expect(item.checkpoint!.root).toBe(c.root);
      expect(processProof(item.leaf, item.proof!)).toBe(c.root);
    }
  });

  it("pages by cursor and filters by time", async () => {
    const first = (await (await raw(device(), token, "?limit=4")).json()) as Page;
    expect(first.items.map((i) => i.seq)).toEqual(["1", "2", "3", "4"]);
    expect(first.nextCursor).toBe("4");
    const second = (await (await raw(device(), token, `?limit=4&cursor=${first.nextCursor}`)).json()) as Page;
    expect(second.items.map((i) => i.seq)).toEqual(["5", "6"]);
    expect(second.nextCursor).toBeNull();
    const t = page.items[2]!.timestamp;
    const ranged = (await (await raw(device(), token, `?from=${t}&to=${t}`)).json()) as Page;
    expect(ranged.items.every((i) => i.timestamp === t)).toBe(true);
    expect((await raw(device(), token, "?limit=x")).status).toBe(400);
  });

  it("refuses without a token (401), to another account (403), and a replayed or foreign sign-in", async () => {
    expect((await raw(device(), undefined)).status).toBe(401);
    expect((await raw(device(), "0".repeat(64))).status).toBe(401);
    const other = await signIn(stranger);
    expect(other.res.status).toBe(200);
    expect((await raw(device(), other.body.token)).status).toBe(403);
    // an unknown device reads as "not yours", too
    expect((await raw(testWallet("nobody").address, other.body.token)).status).toBe(403);

    const fresh = await signIn(owner);
    const replay = await fetch(`${base}/v1/auth/siwe`, { method: "POST", body: JSON.stringify({ message: fresh.message, signature: fresh.signature }) });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: string }).error).toMatch(/already used nonce/);
    const foreign = await signIn(owner, { domain: "evil.example" });
    expect(foreign.res.status).toBe(401);
    // someone else's signature over the owner's message
    const { nonce } = (await (await fetch(`${base}/v1/auth/nonce`)).json()) as { nonce: string };
    const message = createSiweMessage({ address: getAddress(owner.address) as `0x${string}`, chainId: 31337, domain: new URL(base).host, nonce, uri: base, version: "1", issuedAt: new Date() });
    const forged = await fetch(`${base}/v1/auth/siwe`, { method: "POST", body: JSON.stringify({ message, signature: await stranger.signMessage(message) }) });
    expect(forged.status).toBe(401);
  });

  it("lets the dApp's origin call it from a browser, and no other", async () => {
    const pre = await fetch(`${base}/v1/devices/${device()}/raw`, { method: "OPTIONS", headers: { origin: "http://localhost:3000", "access-control-request-headers": "authorization" } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(pre.headers.get("access-control-allow-headers")).toMatch(/authorization/);
    const foreign = await fetch(`${base}/v1/auth/nonce`, { headers: { origin: "https://evil.example" } });
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses an expired nonce and an expired token", async () => {
    let now = 1_800_000_000_000;
    const sessions = new SiweSessions({ chainId: 31337n, now: () => now });
    const { nonce } = sessions.issueNonce();
    const message = createSiweMessage({ address: getAddress(owner.address) as `0x${string}`, chainId: 31337, domain: "pcx.test", nonce, uri: "https://pcx.test", version: "1", issuedAt: new Date(now) });
    const signature = await owner.signMessage(message);
    now += 5 * 60_000 + 1;
    expect(await sessions.signIn(message, signature, "pcx.test")).toMatchObject({ ok: false, status: 401, error: "nonce expired" });
    const again = sessions.issueNonce();
    const m2 = createSiweMessage({ address: getAddress(owner.address) as `0x${string}`, chainId: 31337, domain: "pcx.test", nonce: again.nonce, uri: "https://pcx.test", version: "1", issuedAt: new Date(now) });
    const ok = await sessions.signIn(m2, await owner.signMessage(m2), "pcx.test");
    expect(ok.ok).toBe(true);
    const t = (ok as { token: string }).token;
    expect(sessions.addressOf(`Bearer ${t}`)).toBe(owner.address.toLowerCase());
    now += 15 * 60_000;
    expect(sessions.addressOf(`Bearer ${t}`)).toBeUndefined();
  });
});

describe("audit reading <device> <seq> --proof <file>", () => {
  it("verifies a raw reading from the API's saved output against the on-chain commitment (exit 0)", async () => {
    const token = (await signIn(owner)).body.token!;
    const file = path.join(dir, "raw.json");
    writeFileSync(file, await (await raw(device(), token)).text());
    const r = audit("reading", device(), "3", "--proof", file);
    expect(r.out).toMatch(/^VALID: raw reading seq 3 of device/m);
    expect(r.out).toMatch(/committed by 0x[0-9a-fA-F]{40} \(holds ORACLE_ROLE\)/);
    expect(r.code).toBe(0);
  });

  it("names what fails: a tampered register (signature), a tampered proof, a seq not in the file", async () => {
    const token = (await signIn(owner)).body.token!;
    const pageJson = (await (await raw(device(), token)).json()) as Page;
    const tampered = structuredClone(pageJson);
    tampered.items[2]!.cumulative = "1";
    const f1 = path.join(dir, "tampered-register.json");
    writeFileSync(f1, JSON.stringify(tampered));
    const r1 = audit("reading", device(), "3", "--proof", f1);
    expect(r1.code).toBe(1);
    expect(r1.out).toMatch(/INVALID \(signature\)/);

    const badProof = structuredClone(pageJson);
    badProof.items[2]!.proof = [...badProof.items[2]!.proof!].reverse().map((p, i) => (i === 0 ? (`0x${"ab".repeat(32)}` as Hex) : p));
    const f2 = path.join(dir, "tampered-proof.json");
    writeFileSync(f2, JSON.stringify(badProof));
    const r2 = audit("reading", device(), "3", "--proof", f2);
    expect(r2.code).toBe(1);
    expect(r2.out).toMatch(/INVALID \(proof\)/);

    const r3 = audit("reading", device(), "99", "--proof", f2);
    expect(r3.code).toBe(1);
    expect(r3.out).toMatch(/INVALID \(file\)/);
  });

  it("attack: a hostile relayer commits a bogus root with the real checkpoint first — booked the same, root attributed to it, the audit says the raw readings do not match", async () => {
    const tdev = target.address.toLowerCase();
    await publish(clients[1]!, target, 1n, 5_000n);
    await waitFor("the relayed meter's first reading on chain", () => service.outbox.reading(tdev, 1n)?.status === "accepted");
    const signed: SignedReading[] = [];
    for (let s = 2n; s <= 4n; s++) signed.push(await publish(clients[1]!, target, s, 5_000n + s * 100n));
    await waitFor("raw readings stored", () => service.outbox.held(tdev).length === 3);
    // the hostile relayer (any funded account) takes the device-signed seq 4 and commits its own root
    const hostile = hardhatAccount(LOCAL_ROLES.households[2]!, chain.provider);
    const oracle = chain.oracle.connect(hostile) as Contract;
    const bogus = { root: `0x${"be".repeat(32)}`, count: 3, fromSeq: 2n };
    await (await oracle.submitCheckpoints!(...toSubmitArgs([signed[2]!]), [bogus])).wait();
    const committed = await commitmentEvents(chain, [tdev]);
    expect(committed.find((c) => c.seq === 4n)).toMatchObject({ root: bogus.root, submitter: hostile.address });
    // the oracle's own checkpoint 4 is then rejected (StaleSeq); the emissions are the same
    await waitFor("the oracle's checkpoint final", () => ["rejected", "accepted"].includes(service.outbox.reading(tdev, 4n)?.status ?? ""), 30_000);
    expect(service.outbox.reading(tdev, 4n)!.outcome).toBe("StaleSeq");
    expect((await chain.oracle.deviceState(tdev)).lastCumulative).toBe(5_400n);

    const token = (await signIn(owner)).body.token!;
    const pageJson = (await (await raw(tdev, token)).json()) as Page;
    expect(pageJson.items.find((i) => i.seq === "3")!.status).toBe("rejected");
    const file = path.join(dir, "relayed.json");
    writeFileSync(file, JSON.stringify(pageJson));
    const r = audit("reading", tdev, "3", "--proof", file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/INVALID \(proof\)/);
    expect(r.out).toContain(hostile.address);
    expect(r.out).toMatch(/not an oracle operator/);
    expect(r.out).toMatch(/do not match/);
  });
});
