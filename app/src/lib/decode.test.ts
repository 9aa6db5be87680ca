import { describe, expect, it } from "vitest";
import { decodeEventLog, encodeAbiParameters, encodeEventTopics, stringToHex, type Abi } from "viem";
import { abis } from "./contracts";
import { formatArgs } from "./decode";

const account = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const device = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const kg = (n: number) => BigInt(Math.round(n * 1000)) * 10n ** 15n;

/** Encodes an event as a log and decodes it back as the explorer does, then formats it. */
function roundTrip(abi: Abi, eventName: string, args: Record<string, unknown>): string {
  const event = abi.find((i) => i.type === "event" && i.name === eventName) as unknown as { inputs: { name: string; type: string; indexed?: boolean }[] };
  const topics = encodeEventTopics({ abi, eventName, args } as Parameters<typeof encodeEventTopics>[0]);
  const data = encodeAbiParameters(event.inputs.filter((i) => !i.indexed), event.inputs.filter((i) => !i.indexed).map((i) => args[i.name]));
  const decoded = decodeEventLog({ abi, data, topics: topics as [`0x${string}`, ...`0x${string}`[]] });
  return formatArgs(decoded.args as unknown as Record<string, unknown>, decoded.eventName);
}

describe("formatArgs for the measurement-trust events", () => {
  it("shows gap estimates and pay-offs in kg, not wei", () => {
    expect(roundTrip(abis.EmissionOracle as Abi, "GapEstimated", { account, period: 7, device, kind: 1, uncoveredSeconds: 300n, kgCO2e: kg(600) })).toBe(
      "account=0x709979…79C8, period=7, device=0x3C44Cd…93BC, kind=NaturalGas, uncoveredSeconds=300 s, kgCO2e=600 kg",
    );
    expect(roundTrip(abis.EmissionOracle as Abi, "EstimatePaidOff", { device, owner: account, period: 8, kgCO2e: kg(5.366), outstanding: kg(794.634) })).toBe(
      "device=0x3C44Cd…93BC, owner=0x709979…79C8, period=8, kgCO2e=5.366 kg, outstanding=794.634 kg",
    );
  });
  it("names reward denials, tiers and required kinds; dates certificate and revocation times", () => {
    expect(roundTrip(abis.CarbonBudget as Abi, "RewardWithheld", { account, period: 3, reason: 2 })).toBe("account=0x709979…79C8, period=3, reason=EstimatedGap");
    expect(roundTrip(abis.Registry as Abi, "CertifierAdded", { certifier: account, tier: 1, name: "PCX Demo Meters" })).toBe("certifier=0x709979…79C8, tier=Certified, name=PCX Demo Meters");
    expect(roundTrip(abis.Registry as Abi, "CertifierRevokedAt", { certifier: account, at: 1_767_225_600n })).toBe("certifier=0x709979…79C8, at=2026-01-01 00:00:00 UTC");
    expect(roundTrip(abis.Registry as Abi, "RequiredMetersSet", { account, registrar: device, kinds: 3 })).toBe("account=0x709979…79C8, registrar=0x3C44Cd…93BC, kinds=Electricity+NaturalGas");
    const certified = roundTrip(abis.Registry as Abi, "DeviceCertified", {
      device, certifier: account, tier: 2, model: stringToHex("PCX-DEMO-METER", { size: 32 }), serialHash: "0x" + "ab".repeat(32), validUntil: 1_767_225_600n, required: false,
    });
    expect(certified).toBe("device=0x3C44Cd…93BC, certifier=0x709979…79C8, tier=OperatorAttested, model=\"PCX-DEMO-METER\", serialHash=0xababab…abab, validUntil=2026-01-01 00:00:00 UTC, required=false");
  });
  it("keeps unknown events plain", () => {
    expect(formatArgs({ a: 1n, b: "0x" + "12".repeat(20) })).toBe("a=1, b=0x121212…1212");
  });
});
