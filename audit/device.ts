/**
 * One device's reading history from the chain: binding, every accepted and rejected reading
 * (checkpoint) with its transaction, and the raw series each checkpoint commits.
 */
import { formatKg } from "../sdk/units.js";
import { REJECT_REASONS } from "../sdk/readings.js";
import { CertifierTier } from "../sdk/contracts.js";
import { fetchEvents } from "./events.js";
import { atBlock, toAddress, type AuditTarget } from "./context.js";

export async function deviceHistory(target: AuditTarget, device: string): Promise<string> {
  const dev = device.toLowerCase();
  const registryEvents = await fetchEvents(target.provider, target.addresses.Registry, target.abis.Registry, target);
  const oracleEvents = await fetchEvents(target.provider, target.addresses.EmissionOracle, target.abis.EmissionOracle, target);
  const lines = [`Device ${device} — chain ${target.chainId}`];
  for (const e of registryEvents) {
    if (e.eventName !== "DeviceBound" && e.eventName !== "DeviceCertified" && e.eventName !== "DeviceRevoked") continue;
    if (e.args.device.toLowerCase() !== dev) continue;
    if (e.eventName === "DeviceBound") {
      lines.push(`bound     block ${e.blockNumber} tx ${e.txHash}: owner ${e.args.owner}, kind ${e.args.kind}, factor ${e.args.factorId}${e.args.operatorAttested ? ", operator-attested (lower tier)" : ""}`);
    } else if (e.eventName === "DeviceCertified") {
      lines.push(`certified by ${e.args.certifier} (tier ${e.args.tier === CertifierTier.Certified ? "certified meter" : "operator-attested plug"}), valid until ${new Date(Number(e.args.validUntil) * 1000).toISOString()}${e.args.required ? ", required meter" : ""}`);
    } else {
      lines.push(`revoked   block ${e.blockNumber} tx ${e.txHash} by ${e.args.by}, effective ${new Date(Number(e.args.effectiveAt) * 1000).toISOString()}`);
    }
  }
  lines.push("", ["block", "period", "seq", "delta", "kg CO2e", "factor v", "status", "tx"].join("\t"));
  let total = 0n;
  for (const e of oracleEvents) {
    if (e.eventName !== "ReadingAccepted" && e.eventName !== "ReadingRejected" && e.eventName !== "EstimatePaidOff" && e.eventName !== "GapEstimated") continue;
    if (e.args.device.toLowerCase() !== dev) continue;
    if (e.eventName === "GapEstimated") {
      lines.push([e.blockNumber, e.args.period, "-", "-", formatKg(e.args.kgCO2e, 6), "-", `ESTIMATED: silent ${e.args.uncoveredSeconds} s`, e.txHash].join("\t"));
      continue;
    }
    if (e.eventName === "EstimatePaidOff") {
      total -= e.args.kgCO2e;
      lines.push([e.blockNumber, e.args.period, "-", "-", `-${formatKg(e.args.kgCO2e, 6)}`, "-", `paid off an estimate (${formatKg(e.args.outstanding, 6)} kg still owed)`, e.txHash].join("\t"));
      continue;
    }
    if (e.eventName === "ReadingAccepted") {
      total += e.args.kgCO2e;
      lines.push([e.blockNumber, e.args.period, e.args.seq, e.args.delta, formatKg(e.args.kgCO2e, 6), e.args.factorVersion, "accepted", e.txHash].join("\t"));
    } else {
      lines.push([e.blockNumber, "-", e.args.seq, "-", "-", "-", `rejected: ${REJECT_REASONS[e.args.reason] ?? e.args.reason}`, e.txHash].join("\t"));
    }
  }
  const st = await target.contracts.EmissionOracle.read.deviceState([toAddress(device)], atBlock(target));
  lines.push("", `total booked from readings: ${formatKg(total, 6)} kg CO2e (measured minus estimate pay-offs); last seq ${st.lastSeq}, register ${st.lastCumulative}`);
  return lines.join("\n");
}
