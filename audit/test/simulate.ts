/**
 * A busy PCX history on a local node: households enrolled, devices bound and signing readings
 * (sdk/readings.ts), allowances claimed, credits transferred, traded on the order book and retired, a factor version and a
 * parameter change published, two periods settled with deficits, deficit payments and rewards
 * scaled to a small reward budget, plus rejected readings. A meter manufacturer is named as
 * certifier and certifies every meter; each household must have an electricity meter; one
 * household's meter goes silent in the second period (a gap estimate, paid off by its next reading). Everything through the contracts'
 * public functions, as their users would call them.
 */
import { Contract, Wallet, keccak256, toUtf8Bytes, type InterfaceAbi, type JsonRpcProvider, type JsonRpcSigner } from "ethers";
import { loadAddresses, type PcxAddresses } from "../../sdk/deployment.js";
import { pcxAbis } from "../../sdk/contracts.js";
import { emissionOracleDomain } from "../../sdk/typed-data.js";
import { DEMO_CERTIFIER_NAME, demoCertifierWallet, localCertifiedBinding } from "../../sdk/demo.js";
import { CertifierTier } from "../../sdk/certificates.js";
import { signReading, sortForSubmission, toBatches, toSubmitArgs, type SignedReading } from "../../sdk/readings.js";
import { WEI_PER_KG } from "../../sdk/units.js";
import { DeviceKind } from "../../sdk/contracts.js";
import { tradeOnTheBook } from "./simulate-book.js";

const KG = WEI_PER_KG;
const ELECTRICITY_FACTOR = 1; // elec.cn.grid
const GAS_FACTOR = 6; // gas.uk.m3

interface SimDevice {
  key: Wallet;
  owner: string;
  factorId: number;
  seq: bigint;
  cumulative: bigint;
}

export interface History {
  addresses: PcxAddresses;
  households: string[];
  devices: string[];
  /** Periods settled: [first, second]. */
  periods: [number, number];
  retirementIds: bigint[];
}

async function contract(name: string, addresses: PcxAddresses, signer: JsonRpcSigner): Promise<Contract> {
  return new Contract(addresses[name as keyof PcxAddresses]!, (pcxAbis[name as keyof typeof pcxAbis] as InterfaceAbi), signer);
}

async function send(tx: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
  await (await tx).wait();
}

export async function simulateHistory(provider: JsonRpcProvider, deploymentId: string, householdCount = 12): Promise<History> {
  const addresses = loadAddresses(deploymentId);
  const chainId = (await provider.getNetwork()).chainId;
  const admin = await provider.getSigner(0); // deployer: DEFAULT_ADMIN, registrar, factor and parameter admin
  const operator = await provider.getSigner(1); // ORACLE_ROLE (ignition/parameters/local.json)
  const people = await Promise.all(Array.from({ length: householdCount }, (_, i) => provider.getSigner(2 + i)));
  const households = await Promise.all(people.map((p) => p.getAddress()));

  const calendar = await contract("PeriodCalendar", addresses, admin);
  const registry = await contract("Registry", addresses, admin);
  const factors = await contract("EmissionFactors", addresses, admin);
  const oracle = await contract("EmissionOracle", addresses, operator);
  const budget = await contract("CarbonBudget", addresses, admin);
  const token = await contract("CarbonCredit", addresses, admin);
  const genesis = (await calendar.genesis()) as bigint;
  const periodLength = (await calendar.periodLength()) as bigint;
  const grace = (await calendar.gracePeriod()) as bigint;
  const rewardWindow = (await calendar.rewardWindow()) as bigint;

  // Straight from the node: ethers caches getBlock("latest") briefly, which can be a block before the last jump.
  const now = async () => BigInt(((await provider.send("eth_getBlockByNumber", ["latest", false])) as { timestamp: string }).timestamp);
  const jumpTo = async (ts: bigint) => {
    await provider.send("evm_setNextBlockTimestamp", [Number(ts)]);
    await provider.send("evm_mine", []);
  };
  const start = (p: bigint) => genesis + p * periodLength;

  // Start at the beginning of a fresh period so the history has room.
  const p0 = ((await now()) - genesis) / periodLength + 1n;
  const p1 = p0 + 1n;
  await jumpTo(start(p0) + 1n);

  await send(registry.addCertifier(demoCertifierWallet().address, CertifierTier.Certified, DEMO_CERTIFIER_NAME));
  for (const h of households) {
    await send(registry.enroll(h));
    await send(registry.setRequiredMeters(h, 1 << DeviceKind.Electricity));
  }

  // Devices: every household an electricity meter, every other one a gas meter too.
  const devices: SimDevice[] = [];
  for (const [i, person] of people.entries()) {
    const kinds: [number, number][] = [[DeviceKind.Electricity, ELECTRICITY_FACTOR]];
    if (i % 2 === 0) kinds.push([DeviceKind.NaturalGas, GAS_FACTOR]);
    for (const [kind, factorId] of kinds) {
      const key = new Wallet(keccak256(toUtf8Bytes(`pcx-audit-device-${i}-${kind}`)));
      const args = await localCertifiedBinding(key, households[i]!, kind as DeviceKind, factorId, chainId, addresses.Registry!);
      await send((registry.connect(person) as Contract).bindDevice(...args));
      devices.push({ key, owner: households[i]!, factorId, seq: 0n, cumulative: 1_000_000n + BigInt(i) * 7n });
    }
  }

  const oracleDomain = emissionOracleDomain(chainId, addresses.EmissionOracle!);
  const ownerOf = new Map(devices.map((d) => [d.key.address.toLowerCase(), d.owner]));
  /** One reading per device, advancing each register by `use(device)`; submitted in batches. */
  const readingRound = async (use: (d: SimDevice, householdIndex: number) => bigint, skip?: (householdIndex: number) => boolean) => {
    const ts = await now();
    const signed: SignedReading[] = [];
    for (const d of devices) {
      if (skip?.(households.indexOf(d.owner))) continue;
      d.seq += 1n;
      d.cumulative += use(d, households.indexOf(d.owner));
      signed.push(await signReading(d.key, oracleDomain, { device: d.key.address as `0x${string}`, seq: d.seq, timestamp: ts, cumulative: d.cumulative }));
    }
    for (const batch of toBatches(sortForSubmission(signed, (dev) => ownerOf.get(dev.toLowerCase())!), 40)) {
      await send(oracle.submitReadings(...toSubmitArgs(batch)));
    }
    return signed;
  };

  // Period p0: allowances, first readings (registers only), consumption, trades, retirements.
  for (const person of people) await send((budget.connect(person) as Contract).claimAllowance(p0));
  await readingRound(() => 0n);
  // Electricity 150..700 kWh (80..375 kg), gas 10..60 m³ (20..120 kg).
  const p0Use = (d: SimDevice, i: number) => (d.factorId === ELECTRICITY_FACTOR ? 150_000n + BigInt(i) * 50_000n : 10_000n + BigInt(i) * 4_000n);
  await readingRound((d, i) => p0Use(d, i) / 2n);
  await jumpTo((await now()) + 30n);
  const replay = await readingRound((d, i) => p0Use(d, i) - p0Use(d, i) / 2n);
  // The oracle resubmits a batch already booked: every reading is rejected (StaleSeq), nothing booked twice.
  await send(oracle.submitReadings(...toSubmitArgs(replay.slice(0, 5))));

  // Trades: low emitters sell surplus to high emitters.
  for (let i = 0; i < householdCount / 2; i++) {
    await send((token.connect(people[i]!) as Contract).transfer(households[householdCount - 1 - i], (40n + BigInt(i) * 10n) * KG));
  }
  // The order book: makers, takers, cancels, claims, fees (simulate-book.ts).
  await tradeOnTheBook(addresses, people, send, now, jumpTo);
  const retirementIds: bigint[] = [];
  for (let i = 0; i < 3; i++) {
    await send((token.connect(people[i]!) as Contract).retire(5n * KG + BigInt(i), households[i], `Household ${i}`, "offset flights", "CN"));
    retirementIds.push(BigInt(i + 1));
  }

  // Governance inside p0, effective from p1: a new electricity factor version and a smaller reward budget.
  await send(factors.publishVersion(ELECTRICITY_FACTOR, p1, 480_000_000_000_000n, "test: cleaner grid from p1"));
  await send(budget.scheduleParameters(p1, 300n * KG, 40n * KG, 5_000));

  // The meters report their registers shortly before p0 ends, so p0 is covered.
  await jumpTo(start(p1) - 10n);
  await readingRound(() => 0n);

  // Period p1: even households halve their use (rewards), odd ones use more.
  await jumpTo(start(p1) + 5n);
  for (const person of people) await send((budget.connect(person) as Contract).claimAllowance(p1));
  await readingRound((d, i) => (i % 2 === 0 ? p0Use(d, i) / 2n : (p0Use(d, i) * 13n) / 10n));
  await send((token.connect(people[1]!) as Contract).transfer(households[2], 3n * KG));

  // Before p1 ends every meter but the last household's reports (its meter went silent).
  const silent = householdCount - 1;
  await jumpTo(start(p1 + 1n) - 10n);
  await readingRound(() => 0n, (i) => i === silent);

  // Settle p0 and, inside p1's reward window, p1 (the silent meter's gap is estimated).
  await jumpTo(start(p1 + 1n) + grace + 1n);
  for (const h of households) await send(budget.settle(h, p0));
  for (const h of households) await send(budget.settle(h, p1));

  // The silent meter reports again: its delta pays off the estimate first.
  await readingRound((d, i) => (i === silent ? 20_000n : 0n), (i) => i !== silent);

  // Low emitters pay part of the high emitters' deficits.
  for (let i = 0; i < householdCount; i++) {
    const deficit = (await budget.deficitOf(households[i])) as bigint;
    const payer = people[(i + 1) % householdCount]!;
    const balance = (await token.balanceOf(await payer.getAddress())) as bigint;
    const amount = deficit / 2n < balance / 2n ? deficit / 2n : balance / 2n;
    if (amount > 0n) await send((budget.connect(payer) as Contract).payDeficit(households[i], amount));
  }

  // After the reward window, everyone entitled claims (pro-rata: the budget is small).
  await jumpTo(start(p1 + 1n) + grace + rewardWindow + 1n);
  for (const [i, person] of people.entries()) {
    if (((await budget.pendingReward(households[i], p1)) as bigint) > 0n) await send((budget.connect(person) as Contract).claimReward(p1));
  }
  // A retirement after the rewards, so the last figures move again.
  await send((token.connect(people[0]!) as Contract).retire(1n * KG, households[5], "Neighbour", "gift", "UK"));
  retirementIds.push(4n);

  return { addresses, households, devices: devices.map((d) => d.key.address), periods: [Number(p0), Number(p1)], retirementIds };
}
