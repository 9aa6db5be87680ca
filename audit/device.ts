/**
 * One device's reading history from the chain: binding, every accepted and rejected reading
 * (checkpoint) with its transaction, and the raw series each checkpoint commits.
 */
import { formatKg } from "../sdk/units.js";
import { REJECT_REASONS } from "../sdk/readings.js";
import { fetchEvents, named } from "./events.js";
import type { AuditTarget } from "./context.js";

export async function deviceHistory(target: AuditTarget, device: string): Promise<string> {
  const dev = device.toLowerCase();
  const registryEvents = await fetchEvents(target.provider, target.addresses.Registry!, target.abis.Registry!, target);
  const oracleEvents = await fetchEvents(target.provider, target.addresses.EmissionOracle!, target.abis.EmissionOracle!, target);
  const lines = [`Device ${device} — chain ${target.chainId}`];
  for (const e of registryEvents) {
    if (!["DeviceBound", "DeviceCertified", "DeviceRevoked"].includes(e.name)) continue;
    if ((e.args.device as string).toLowerCase() !== dev) continue;
    if (e.name === "DeviceBound") {
      lines.push(`bound     block ${e.blockNumber} tx ${e.txHash}: owner ${e.args.owner}, kind ${e.args.kind}, factor ${e.args.factorId}${e.args.operatorAttested ? ", operator-attested (lower tier)" : ""}`);
    } else if (e.name === "DeviceCertified") {
      lines.push(`certified by ${e.args.certifier} (tier ${Number(e.args.tier) === 1 ? "certified meter" : "operator-attested plug"}), valid until ${new Date(Number(e.args.validUntil) * 1000).toISOString()}${e.args.required ? ", required meter" : ""}`);
    } else {
      lines.push(`revoked   block ${e.blockNumber} tx ${e.txHash} by ${e.args.by}, effective ${new Date(Number(e.args.effectiveAt) * 1000).toISOString()}`);
    }
  }
  lines.push("", ["block", "period", "seq", "delta", "kg CO2e", "factor v", "status", "tx"].join("\t"));
  let total = 0n;
  for (const e of oracleEvents) {
    if (!["ReadingAccepted", "ReadingRejected", "EstimatePaidOff", "GapEstimated"].includes(e.name)) continue;
    if ((e.args.device as string).toLowerCase() !== dev) continue;
    if (e.name === "GapEstimated") {
      lines.push([e.blockNumber, e.args.period, "-", "-", formatKg(e.args.kgCO2e as bigint, 6), "-", `ESTIMATED: silent ${e.args.uncoveredSeconds} s`, e.txHash].join("\t"));
      continue;
    }
    if (e.name === "EstimatePaidOff") {
      total -= e.args.kgCO2e as bigint;
      lines.push([e.blockNumber, e.args.period, "-", "-", `-${formatKg(e.args.kgCO2e as bigint, 6)}`, "-", `paid off an estimate (${formatKg(e.args.outstanding as bigint, 6)} kg still owed)`, e.txHash].join("\t"));
      continue;
    }
    if (e.name === "ReadingAccepted") {
      total += e.args.kgCO2e as bigint;
      lines.push([e.blockNumber, e.args.period, e.args.seq, e.args.delta, formatKg(e.args.kgCO2e as bigint, 6), e.args.factorVersion, "accepted", e.txHash].join("\t"));
    } else if (e.name === "ReadingRejected") {
      lines.push([e.blockNumber, "-", e.args.seq, "-", "-", "-", `rejected: ${REJECT_REASONS[Number(e.args.reason)] ?? e.args.reason}`, e.txHash].join("\t"));
    }
  }
  const st = await target.contracts.EmissionOracle.deviceState(device, { blockTag: target.toBlock });
  lines.push("", `total booked from readings: ${formatKg(total, 6)} kg CO2e (measured minus estimate pay-offs); last seq ${st.lastSeq}, register ${st.lastCumulative}`);
  return lines.join("\n");
}
