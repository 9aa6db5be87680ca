/**
 * No single oracle can push a household into estimates: the PCX operator's oracle is stopped,
 * and a second oracle instance run by someone holding no role on chain (here the household
 * itself, with its own account) relays the household's certified meter readings. They are booked
 * with the same rules; an operator-attested plug's readings are not (AttestedNotByOperator),
 * because only the operator vouches for those.
 */
import path from "node:path";
import { id } from "ethers";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { emissionOracleDomain } from "../../sdk/typed-data.js";
import { LOCAL_ROLES } from "../../sdk/local-chain.js";
import { rejectReason } from "../../sdk/readings.js";
import { DeviceKind } from "../../sdk/contracts.js";
import { freePort } from "../../scripts/lib/processes.js";
import { loadConfig } from "../config.js";
import { OracleService } from "../service.js";
import mqtt from "mqtt";
import { encodePcxReading, pcxTopic } from "../payload.js";
import { signReading } from "../../sdk/readings.js";
import { attachLocalChain, bindDevice, defaultFactor, hardhatAccount, readingEvents, type ChainHandle } from "./chain-fixture.js";
import { issueCredential, silentLog, tempDir, testWallet, waitFor } from "./helpers.js";

let chain: ChainHandle;
let relay: OracleService;
const HOUSEHOLD = 2; // LOCAL_ROLES.households[2]
const meter = testWallet("relay-household-meter");
const plug = testWallet("relay-household-plug");
let login: { username: string; password: string };


beforeAll(async () => {
  chain = attachLocalChain(inject("rpcUrl"), inject("deploymentId"));
  await bindDevice(chain, meter, HOUSEHOLD, DeviceKind.Electricity, "elec.cn.grid");
  await bindDevice(chain, plug, HOUSEHOLD, DeviceKind.Electricity, "elec.uk.grid", true);
  const householdAccount = LOCAL_ROLES.households[HOUSEHOLD]!;
  expect(await chain.oracle.hasRole(id("ORACLE_ROLE"), hardhatAccount(householdAccount).address)).toBe(false);
  const dataDir = tempDir("relay");
  const mqttCredentials = path.join(dataDir, "mqtt-credentials.json");
  login = await issueCredential(mqttCredentials, "relay-meter", [pcxTopic(meter.address.toLowerCase())]);
  relay = await OracleService.start(
    loadConfig(
      {
        rpcUrl: chain.rpcUrl,
        deployment: chain.deploymentId,
        oracleAccount: String(householdAccount), // the household's own wallet: no ORACLE_ROLE
        mqttPort: await freePort(),
        httpPort: 0,
        dataDir,
        mqttCredentials,
        checkpointIntervalS: "1",
        batchWaitMs: 100,
        clientId: "pcx-household-relay",
        logLevel: "silent",
      },
      {},
    ),
    silentLog,
  );
});

afterAll(async () => {
  await relay?.stop();
  chain?.provider.destroy();
});

describe("a household relays its own certified readings while the operator is down", () => {
  it("books the certified meter's readings exactly, from an account with no role", async () => {
    // The meter publishes six signed readings, 1 s apart, 100 Wh each after its first.
    const client = await mqtt.connectAsync(relay.mqttUrl, { clientId: login.username, username: login.username, password: login.password });
    const domain = emissionOracleDomain(31337n, chain.addresses.EmissionOracle!);
    const t0 = BigInt((await chain.provider.getBlock("latest"))!.timestamp);
    for (let i = 0; i < 6; i++) {
      const r = await signReading(meter, domain, { device: meter.address as `0x${string}`, seq: BigInt(i + 1), timestamp: t0 + BigInt(i), cumulative: 5_000n + 100n * BigInt(i) });
      await client.publishAsync(pcxTopic(meter.address.toLowerCase()), Buffer.from(encodePcxReading(r.reading, r.signature)), { qos: 1 });
      await new Promise((r) => setTimeout(r, 1000));
    }
    await client.endAsync();
    // Raw readings are held; checkpoints (the first reading, then one per second) carry the register.
    await waitFor("the relayed checkpoints on chain", async () => BigInt((await chain.oracle.deviceState(meter.address)).lastSeq) === 6n);
    const { accepted, rejected } = await readingEvents(chain, [meter.address]);
    expect(rejected).toEqual([]);
    expect(accepted.length).toBeGreaterThanOrEqual(2);
    expect(accepted.reduce((s, a) => s + a.kg, 0n)).toBe(500n * defaultFactor("elec.cn.grid").value);
  });

  it("cannot relay an operator-attested plug: only the operator vouches for it", async () => {
    // The plug's key signs (as an adapter would), the household submits: refused by rule.
    const t = BigInt((await chain.provider.getBlock("latest"))!.timestamp);
    const { toSubmitArgs } = await import("../../sdk/readings.js");
    const r = await signReading(plug, emissionOracleDomain(31337n, chain.addresses.EmissionOracle!), {
      device: plug.address as `0x${string}`, seq: 1n, timestamp: t, cumulative: 1000n,
    });
    const household = hardhatAccount(LOCAL_ROLES.households[HOUSEHOLD]!, chain.provider);
    const tx = await (chain.oracle.connect(household) as typeof chain.oracle).submitReadings!(...toSubmitArgs([r]));
    const receipt = await tx.wait();
    const reasons = receipt.logs
      .map((l: { topics: string[]; data: string }) => chain.oracle.interface.parseLog(l))
      .filter((p: { name: string } | null) => p?.name === "ReadingRejected")
      .map((p: { args: { reason: bigint } }) => Number(p.args.reason));
    expect(reasons).toEqual([rejectReason("AttestedNotByOperator")]);
  });
});
