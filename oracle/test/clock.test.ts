/**
 * The service's injectable clock (ServiceOptions.clock, used by scripts/bench/scale.ts to run on
 * simulated time): the validator's clock-skew limit and the checkpoint planner's period close follow
 * it, not the wall clock. The service here runs two days ahead of the wall clock.
 */
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { emissionOracleDomain } from "../../sdk/typed-data.js";
import { signReading } from "../../sdk/readings.js";
import { DeviceKind } from "../../sdk/contracts.js";
import { freePort } from "../../scripts/lib/processes.js";
import { loadConfig } from "../config.js";
import { encodePcxReading, pcxTopic } from "../payload.js";
import { OracleService } from "../service.js";
import { attachLocalChain, bindDevice, type ChainHandle } from "./chain-fixture.js";
import { issueCredential, silentLog, tempDir, testWallet, waitFor } from "./helpers.js";

const AHEAD_MS = 2 * 86_400_000;
let chain: ChainHandle;
let service: OracleService;
let offsetMs = AHEAD_MS;
const device = testWallet("clock-meter");
let login: { username: string; password: string };

beforeAll(async () => {
  chain = attachLocalChain(inject("rpcUrl"), inject("deploymentId"));
  await bindDevice(chain, device, 2, DeviceKind.Electricity, "elec.uk.grid");
  const dataDir = tempDir("clock");
  const mqttCredentials = `${dataDir}/mqtt-credentials.json`;
  login = await issueCredential(mqttCredentials, "clock-meter", [pcxTopic(device.address.toLowerCase())]);
  const config = loadConfig(
    { rpcUrl: chain.rpcUrl, deployment: chain.deploymentId, mqttPort: await freePort(), httpPort: 0, dataDir, mqttCredentials, checkpointIntervalS: 3600, checkpointGapWaitS: 2, clientId: "pcx-oracle-clock", logLevel: "silent" },
    {},
  );
  service = await OracleService.start(config, silentLog, { clock: () => Date.now() + offsetMs });
});

afterAll(async () => {
  await service?.stop();
  chain?.provider.destroy();
});

const stored = (seq: bigint) => service.outbox.head(device.address.toLowerCase())?.seq === seq;
const reasons = () => service.outbox.db.prepare(`SELECT CAST(seq AS INTEGER) AS seq, cp_reason AS reason FROM readings WHERE device = ? AND cp_reason IS NOT NULL ORDER BY seq`).all(device.address.toLowerCase()) as { seq: number; reason: string }[];

describe("OracleService clock option", () => {
  it("validates timestamps and plans checkpoints on the injected clock", async () => {
    expect(service.nowS() - Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(AHEAD_MS / 1000 - 1);
    const domain = emissionOracleDomain((await chain.provider.getNetwork()).chainId, chain.addresses.EmissionOracle!);
    const pub = await mqtt.connectAsync(service.mqttUrl, { clientId: login.username, ...login, protocolVersion: 4 });
    const publish = async (seq: bigint, timestampS: number, cumulative: bigint) => {
      const s = await signReading(device, domain, { device: device.address.toLowerCase() as `0x${string}`, seq, timestamp: BigInt(timestampS), cumulative });
      await pub.publishAsync(pcxTopic(device.address.toLowerCase()), encodePcxReading(s.reading, s.signature), { qos: 1 });
    };
    try {
      const t0 = service.nowS();
      // A day and a half ahead of the wall clock: in the wall clock's future, in the service's past.
      await publish(1n, t0 - 43_200, 1000n);
      await waitFor("first reading stored", () => stored(1n), 15_000);
      // An hour ahead of the service's clock: beyond the clock skew, refused.
      await publish(2n, t0 + 3600, 1100n);
      await publish(3n, t0 - 43_200 + 600, 1050n);
      await waitFor("seq 3 stored", () => stored(3n), 15_000);
      expect(stored(3n)).toBe(true); // seq 2 was refused: the head went from 1 to 3
      // The first reading was a checkpoint at once. Seq 3's (5-minute, local) period ended 12 h
      // ago on the service's clock, 1.5 days from now on the wall clock: it is posted as its
      // period's close with no wall-clock wait for the period — only the 2 s gap wait (seq 2 was
      // refused, so seq 3 follows a gap, which the gap wait measures on the wall clock).
      await waitFor("period-close checkpoint", () => reasons().length === 2, 15_000);
      expect(reasons()).toEqual([
        { seq: 1, reason: "first" },
        { seq: 3, reason: "period_close" },
      ]);
      // On the wall clock, seq 3 would have been "in the future" and never stored.
      offsetMs = 0;
      await publish(4n, Math.floor(Date.now() / 1000) + AHEAD_MS / 1000, 1060n);
      await new Promise((r) => setTimeout(r, 500));
      expect(stored(3n)).toBe(true);
    } finally {
      await pub.endAsync();
    }
  });
});
