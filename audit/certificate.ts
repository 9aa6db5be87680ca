/** One retirement's certificate, from the chain: the stored record and the Retired event's transaction. */
import { formatKg } from "../sdk/units.js";
import { fetchEvents, named } from "./events.js";
import { atBlock, type AuditTarget } from "./context.js";

export async function certificate(target: AuditTarget, id: bigint): Promise<string> {
  const token = target.contracts.CarbonCredit;
  const r = await token.read.retirement([id], atBlock(target));
  const events = named(await fetchEvents(target.provider, target.addresses.CarbonCredit, target.abis.CarbonCredit, target), "Retired");
  const event = events.find((e) => e.args.id === id);
  const amount = r.amount;
  const lines = [
    `PCX RETIREMENT CERTIFICATE No. ${id}`,
    `chain ${target.chainId}, token ${target.addresses.CarbonCredit}`,
    ``,
    `Retired:        ${formatKg(amount, 18)} kg CO2e (${amount} PCC wei)`,
    `Beneficiary:    ${r.beneficiaryName || "(unnamed)"} ${r.beneficiary}`,
    `Retired by:     ${r.retiree}`,
    `Reason:         ${r.reason || "(none)"}`,
    `Jurisdiction:   ${r.jurisdiction || "(none)"}`,
    `Time:           ${new Date(Number(r.timestamp) * 1000).toISOString()}`,
    `Transaction:    ${event ? `${event.txHash} (block ${event.blockNumber})` : "(Retired event not in the block range read)"}`,
  ];
  if (event && event.args.amount !== amount) lines.push(`WARNING: event amount ${event.args.amount} differs from the stored record`);
  lines.push("", "The credits were burned: totalSupply fell by this amount and they can never be used again.");
  return lines.join("\n");
}
