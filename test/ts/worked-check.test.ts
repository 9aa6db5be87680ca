/**
 * The worked check of ../shared/emission-factors.md, booked end to end on chain: a month with
 * 50 km driven per day for 30 days at 0.12 kg/km, 300 kWh at 0.52 kg/kWh and 1,000 CNY of food
 * at 0.26 kg/CNY is 1,500 × 0.12 + 300 × 0.52 + 1,000 × 0.26 = 596 kg CO2e (one day's driving:
 * 422 kg). Readings are device-signed and submitted through EmissionOracle like the service does.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { deployCore, deviceKey, enroll, bindDevice, periodStart, signedReading, DAY } from "./fixtures/deploy-core.js";
import { toSubmitArgs, type SignedReading } from "../../sdk/readings.js";
import { WEI_PER_KG } from "../../sdk/units.js";
import { DeviceKind } from "../../sdk/contracts.js";
import type { DefaultFactor } from "../../sdk/emission-factors.js";

const { ethers, networkHelpers } = await network.connect();
const { loadFixture, time } = networkHelpers;

const WORKED_FACTORS: readonly DefaultFactor[] = [
  { key: "car.seed.km", kind: DeviceKind.VehicleDistance, value: "0.12", unit: "kg CO2e/km", source: "worked check" },
  { key: "elec.seed.kwh", kind: DeviceKind.Electricity, value: "0.52", unit: "kg CO2e/kWh", source: "worked check" },
  { key: "food.seed.cny", kind: DeviceKind.Spend, value: "0.26", unit: "kg CO2e/CNY", source: "worked check" },
];

async function fixture() {
  const core = await deployCore(ethers, { factors: WORKED_FACTORS });
  const owner = core.accounts.households[0];
  await enroll(core, owner);
  const car = deviceKey("worked-car");
  const meter = deviceKey("worked-meter");
  const wallet = deviceKey("worked-spend");
  await bindDevice(core, owner, car, "car.seed.km");
  await bindDevice(core, owner, meter, "elec.seed.kwh");
  await bindDevice(core, owner, wallet, "food.seed.cny");
  return { ...core, owner, car, meter, wallet };
}
type F = Awaited<ReturnType<typeof fixture>>;

/**
 * Books `drivingDays` days of 50 km, 10 kWh per day over 30 days and 1,000 CNY spent in three
 * purchases, all within period 0; returns the sum of kgCO2e over the ReadingAccepted events.
 */
async function bookMonth(f: F, drivingDays: number): Promise<bigint> {
  const start = periodStart(f, 0);
  let seq = 1n;
  let eventSum = 0n;
  const submitAt = async (t: bigint, batch: SignedReading[]) => {
    await time.increaseTo(t);
    const receipt = await (await f.oracle.connect(f.accounts.oracleOperator).submitReadings(...toSubmitArgs(batch))).wait();
    for (const log of receipt!.logs) {
      const parsed = f.oracle.interface.parseLog(log);
      if (parsed?.name === "ReadingAccepted") eventSum += parsed.args.kgCO2e as bigint;
      if (parsed?.name === "ReadingRejected") throw new Error(`reading rejected: ${parsed.args.reason}`);
    }
  };
  // registers at the start of the month
  await submitAt(start + 60n, [
    await signedReading(f, f.car, seq, start + 60n, 0),
    await signedReading(f, f.meter, seq, start + 60n, 0),
    await signedReading(f, f.wallet, seq, start + 60n, 0),
  ]);
  const spendByDay = new Map([
    [10, 33_333n],
    [20, 66_666n],
    [30, 100_000n],
  ]); // cumulative fen
  for (let day = 1; day <= 30; day++) {
    seq++;
    const t = start + BigInt(day) * DAY - 3600n; // the last one still falls inside period 0
    const driven = BigInt(Math.min(day, drivingDays)) * 50_000n; // metres
    const batch = [
      await signedReading(f, f.car, seq, t, driven),
      await signedReading(f, f.meter, seq, t, BigInt(day) * 10_000n), // Wh
    ];
    const spent = spendByDay.get(day);
    if (spent !== undefined) batch.push(await signedReading(f, f.wallet, seq, t, spent));
    await submitAt(t, batch);
  }
  return eventSum;
}

describe("Worked check (shared/emission-factors.md)", () => {
  it("publishes 0.12 kg/km, 0.52 kg/kWh and 0.26 kg/CNY as wei per base unit", async () => {
    const f = await loadFixture(fixture);
    expect((await f.factors.factorAt(f.factorIds["car.seed.km"], 0))[1]).to.equal(120_000_000_000_000n); // per metre
    expect((await f.factors.factorAt(f.factorIds["elec.seed.kwh"], 0))[1]).to.equal(520_000_000_000_000n); // per Wh
    expect((await f.factors.factorAt(f.factorIds["food.seed.cny"], 0))[1]).to.equal(2_600_000_000_000_000n); // per fen
  });

  it("books exactly 596 kg CO2e for the month", async () => {
    const f = await loadFixture(fixture);
    const eventSum = await bookMonth(f, 30);
    expect(await f.oracle.emissionsOf(f.owner.address, 0)).to.equal(596n * WEI_PER_KG);
    expect(eventSum).to.equal(596n * WEI_PER_KG);
    expect(await f.oracle.emissionsOf(f.owner.address, 1)).to.equal(0n);
  });

  it("books exactly 422 kg CO2e with one day's driving", async () => {
    const f = await loadFixture(fixture);
    const eventSum = await bookMonth(f, 1);
    expect(await f.oracle.emissionsOf(f.owner.address, 0)).to.equal(422n * WEI_PER_KG);
    expect(eventSum).to.equal(422n * WEI_PER_KG);
  });
});
