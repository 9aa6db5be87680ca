/**
 * The chain rules that need a checkpoint at once (checkpoint-rules.ts), against the suite's
 * Hardhat node: an owner's revocation of an optional device is pending until the grace window
 * ends (every reading of it is posted at once until then), and a factor version published for
 * the next period asks for one checkpoint per device of that factor.
 */
import { Contract, type InterfaceAbi } from "ethers";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { pcxAbis } from "../../sdk/contracts.js";
import { LOCAL_ROLES } from "../../sdk/local-chain.js";
import { DeviceKind } from "../../sdk/contracts.js";
import { CheckpointRules } from "../checkpoint-rules.js";
import { Outbox } from "../outbox.js";
import { attachLocalChain, bindDevice, defaultFactor, hardhatAccount, type ChainHandle } from "./chain-fixture.js";
import { silentLog, tempDir, testWallet } from "./helpers.js";

let chain: ChainHandle;
let outbox: Outbox;
let factors: Contract;
let calendar: Contract;

beforeAll(async () => {
  chain = attachLocalChain(inject("rpcUrl"), inject("deploymentId"));
  outbox = new Outbox(tempDir("rules"));
  factors = new Contract(String(await chain.oracle.factors()), pcxAbis.EmissionFactors, chain.provider);
  calendar = new Contract(String(await chain.oracle.calendar()), pcxAbis.PeriodCalendar, chain.provider);
});
afterAll(() => {
  outbox?.close();
  chain?.provider.destroy();
});

describe("checkpoint rules from chain events", () => {
  it("a pending revocation and a factor version for the next period make a device urgent", async () => {
    // operator-attested plugs: never required meters, so their owner may revoke them
    const revoked = testWallet("rules-revoked-plug");
    const gas = testWallet("rules-gas-us");
    const other = testWallet("rules-untouched");
    await bindDevice(chain, revoked, 3, DeviceKind.Electricity, "elec.us.grid", true);
    await bindDevice(chain, gas, 3, DeviceKind.NaturalGas, "gas.us.m3", true);
    await bindDevice(chain, other, 3, DeviceKind.Electricity, "elec.us.grid", true);
    const genesis = Number(await calendar.genesis());
    const periodLength = Number(await calendar.periodLength());
    const rules = new CheckpointRules({
      provider: chain.provider,
      registry: chain.registry,
      factors,
      outbox,
      log: silentLog,
      factorOf: async (d) => Number((await chain.registry.device(d)).factorId),
      currentPeriod: (now) => Math.floor((now - genesis) / periodLength),
    });
    let clock = 0;
    const poll = () => rules.poll((clock += 10_000));
    await poll();
    const now = () => chain.provider.getBlock("latest").then((b) => b!.timestamp);
    expect(await rules.urgent(revoked.address, await now())).toBeUndefined();

    const owner = hardhatAccount(LOCAL_ROLES.households[3]!, chain.provider);
    await (await (chain.registry.connect(owner) as Contract).revokeDevice!(revoked.address)).wait();
    await poll();
    const effectiveAt = Number((await chain.registry.certification(revoked.address)).revokeAt);
    expect(effectiveAt).toBeGreaterThan(await now());
    expect(await rules.urgent(revoked.address, await now())).toBe("revocation");
    expect(await rules.urgent(revoked.address, await now())).toBe("revocation"); // every reading until it takes effect
    expect(await rules.urgent(revoked.address, effectiveAt)).toBeUndefined();
    expect(await rules.urgent(other.address, await now())).toBeUndefined();

    // the same value again, effective next period: nothing else in the suite changes
    const { id } = defaultFactor("gas.us.m3");
    const period = Number(await calendar.currentPeriod());
    const [, value] = await factors.factorAt(id, period);
    const admin = hardhatAccount(0, chain.provider);
    await (await (factors.connect(admin) as Contract).publishVersion!(id, period + 1, value, "rules test: unchanged value, next period")).wait();
    await poll();
    expect(await rules.urgent(gas.address, await now())).toBe("factor_change");
    expect(await rules.urgent(gas.address, await now())).toBeUndefined(); // once per device and version
    expect(await rules.urgent(other.address, await now())).toBeUndefined(); // another factor
    expect(Number(outbox.getMeta("rules_block"))).toBe(await chain.provider.getBlockNumber());
    // a restart rebuilds the rules from the chain: the pending revocation is still seen
    const restarted = new CheckpointRules({
      provider: chain.provider, registry: chain.registry, factors, outbox, log: silentLog,
      factorOf: async (d) => Number((await chain.registry.device(d)).factorId),
      currentPeriod: (t) => Math.floor((t - genesis) / periodLength),
    });
    await restarted.poll();
    expect(await restarted.urgent(revoked.address, await now())).toBe("revocation");
  });
});
