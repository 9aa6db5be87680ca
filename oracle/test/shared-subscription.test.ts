/**
 * Two oracle instances split one meter fleet through an MQTT 5 shared subscription
 * (`$share/pcx/…`) on a real Mosquitto, each with its own operator key holding ORACLE_ROLE and
 * its own outbox. Mosquitto hands each message to one member of the group, round-robin, so one
 * meter's consecutive readings reach different instances and can reach the chain out of order:
 * the older one is then refused (StaleSeq, on chain or already by the instance that sees the
 * newer head) and the newer one's cumulative register carries its delta. So the test asserts what
 * must hold anyway: both instances took part, every accepted (device, seq) is booked once, the
 * only refusals are stale-seq ones, every reading is accounted for, and each meter's emissions on
 * chain are exactly (last register − first register) × factor.
 */
import path from "node:path";
import mqtt from "mqtt";
import { Contract } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signReading, REJECT_REASONS } from "../../sdk/readings.js";
import { emissionOracleDomain, type Reading } from "../../sdk/typed-data.js";
import { DeviceKind } from "../../sdk/contracts.js";
import { freePort } from "../../scripts/lib/processes.js";
import { loadConfig } from "../config.js";
import { encodePcxReading, pcxTopic } from "../payload.js";
import { OracleService } from "../service.js";
import { MOSQUITTO, mosquittoBroker, type BrokerProcess } from "./brokers.js";
import { bindDevice, defaultFactor, hardhatAccount, readingEvents, startLocalChain, tally, type LocalChain } from "./chain-fixture.js";
import { counterValue, silentLog, tempDir, testWallet, waitFor } from "./helpers.js";

const FACTOR_KEY = "elec.cn.grid";
const FACTOR = defaultFactor(FACTOR_KEY);
// Odd, so that round-robin sends one meter's consecutive readings to alternating instances.
const METERS = 5;
const READINGS = 15; // per meter
/** Wh per reading: small enough that a head several readings old stays under the plausibility limit. */
const STEP_WH = 100n;
const SECOND_OPERATOR = 7; // a Hardhat account the test grants ORACLE_ROLE

let chain: LocalChain;
let broker: BrokerProcess;
const services: OracleService[] = [];


describe.skipIf(!MOSQUITTO)("MQTT 5 shared subscription — two oracle instances on Mosquitto", () => {
  beforeAll(async () => {
    chain = await startLocalChain("shared-sub");
    broker = mosquittoBroker(await freePort(), path.join(tempDir("shared-sub"), "mosquitto"));
    await broker.start();
    const admin = chain.oracle.connect(hardhatAccount(0, chain.provider)) as Contract;
    await (await admin.grantRole(await chain.oracle.ORACLE_ROLE(), hardhatAccount(SECOND_OPERATOR).address)).wait();
    for (const [i, account] of [1, SECOND_OPERATOR].entries()) {
      const config = loadConfig(
        {
          rpcUrl: chain.rpcUrl,
          deployment: chain.deploymentId,
          oracleAccount: account,
          mqttUrl: broker.url,
          mqttProtocol: 5,
          shareGroup: "pcx",
          clientId: `pcx-oracle-shared-${i}`,
          httpPort: 0,
          dataDir: tempDir(`shared-sub-${i}`),
          batchWaitMs: 100,
          checkpointIntervalS: 2,
          logLevel: "silent",
        },
        {},
      );
      services.push(await OracleService.start(config, silentLog));
    }
  }, 180_000);

  afterAll(async () => {
    for (const s of services) await s.stop();
    await broker?.stop();
    await chain?.stop();
  });

  it("splits the load; every reading is stored once or refused as stale, every checkpoint booked once, and emissions are exact", { timeout: 120_000 }, async () => {
    const domain = emissionOracleDomain((await chain.provider.getNetwork()).chainId, chain.addresses.EmissionOracle!);
    const meters = Array.from({ length: METERS }, (_, i) => testWallet(`shared-sub-meter-${i}`));
    for (const [i, m] of meters.entries()) await bindDevice(chain, m, i % 3, DeviceKind.Electricity, FACTOR_KEY);
    const devices = meters.map((m) => m.address.toLowerCase() as `0x${string}`);
    const first = (i: number) => 1_000_000n + BigInt(i) * 1_000n;
    const publisher = await mqtt.connectAsync(broker.url, { clientId: "shared-sub-meters", protocolVersion: 5 });
    const publish = async (i: number, seq: bigint) => {
      const reading: Reading = { device: devices[i]!, seq, timestamp: BigInt(Math.floor(Date.now() / 1000)), cumulative: first(i) + (seq - 1n) * STEP_WH };
      const signed = await signReading(meters[i]!, domain, reading);
      await publisher.publishAsync(pcxTopic(devices[i]!), encodePcxReading(signed.reading, signed.signature), { qos: 1 });
    };
    try {
      // Each meter's first reading sets its register on chain before the stream starts (a
      // first reading refused as stale would move the starting register).
      for (let i = 0; i < METERS; i++) await publish(i, 1n);
      await waitFor("every first reading on chain", async () => (await readingEvents(chain, devices)).accepted.length === METERS);
      for (let seq = 2n; seq <= BigInt(READINGS); seq++) {
        for (let i = 0; i < METERS; i++) await publish(i, seq);
      }
      const lastSeen = async () => {
        const { accepted } = await readingEvents(chain, devices);
        return devices.every((d) => accepted.some((a) => a.device === d && a.seq === BigInt(READINGS)));
      };
      await waitFor("every meter's last reading on chain", lastSeen);
      await waitFor("both outboxes final", () => services.every((s) => s.outbox.counts().queued === 0 && s.outbox.counts().sent === 0 && s.outbox.counts().held === 0));
    } finally {
      await publisher.endAsync();
    }

    const { accepted, rejected } = await readingEvents(chain, devices);
    const stored = await Promise.all(services.map((s) => counterValue(s.metrics.registry, "pcx_oracle_readings_stored_total")));
    const staleOffChain = await Promise.all(services.map((s) => counterValue(s.metrics.registry, "pcx_oracle_readings_rejected_total", { reason: "stale_seq" })));
    const otherOffChain = await Promise.all(services.map(async (s) => (await counterValue(s.metrics.registry, "pcx_oracle_readings_rejected_total")) - (await counterValue(s.metrics.registry, "pcx_oracle_readings_rejected_total", { reason: "stale_seq" }))));
    console.log(
      `[shared-subscription] ${METERS * READINGS} readings: stored ${stored.join(" + ")} by the two instances; ` +
        `accepted on chain ${accepted.length}, refused on chain ${rejected.length} (stale), refused as stale before the outbox ${staleOffChain.join(" + ")}`,
    );

    // Both instances took part.
    for (const n of stored) expect(n).toBeGreaterThan(0);
    // Nothing booked twice; the only refusals are stale ones.
    expect(tally(accepted, []).duplicates).toEqual([]);
    expect(new Set(rejected.map((r) => REJECT_REASONS[r.reason]))).toEqual(new Set(rejected.length ? ["StaleSeq"] : []));
    expect(otherOffChain).toEqual([0, 0]);
    // Every reading is accounted for exactly once: stored raw by one instance, or refused as stale.
    expect(stored.reduce((a, b) => a + b, 0) + staleOffChain.reduce((a, b) => a + b, 0)).toBe(METERS * READINGS);
    // Only checkpoints went on chain: accepted or refused (stale: the other instance's was newer).
    const checkpoints = services.reduce((n, s) => n + s.outbox.counts().accepted + s.outbox.counts().rejected, 0);
    expect(accepted.length + rejected.length).toBe(checkpoints);
    expect(checkpoints).toBeLessThan(METERS * READINGS);
    // Emissions: the register moved from its first to its last value, all of it booked.
    for (const d of devices) {
      const kg = accepted.filter((a) => a.device === d).reduce((sum, a) => sum + a.kg, 0n);
      expect(kg, d).toBe(BigInt(READINGS - 1) * STEP_WH * FACTOR.value);
    }
  });
});
