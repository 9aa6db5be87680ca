/**
 * What an auditor should look at even when every figure reconciles: rejected readings by reason,
 * operator-attested readings, enrolled accounts that never reported, credits minted by anyone
 * other than CarbonBudget, and every role granted or revoked.
 */
import { id } from "ethers";
import { REJECT_REASONS } from "../sdk/readings.js";
import { named } from "./events.js";
import type { EventsByContract } from "./context.js";
import type { EmissionsState } from "./rebuild/emissions.js";
import { Tier, type RegistryState } from "./rebuild/registry.js";
import { formatKg } from "../sdk/units.js";

const ROLE_NAMES = new Map(
  ["MINTER_ROLE", "BURNER_ROLE", "PAUSER_ROLE", "ORACLE_ROLE", "REGISTRAR_ROLE", "FACTOR_ADMIN_ROLE", "PARAMETERS_ROLE", "FEE_ROLE", "PRICE_BAND_ROLE", "LIMIT_ROLE", "CERTIFIER_ADMIN_ROLE", "SETTLER_ROLE"].map(
    (r) => [id(r), r] as const,
  ),
);
ROLE_NAMES.set("0x" + "00".repeat(32), "DEFAULT_ADMIN_ROLE");

export interface ObservationInput {
  events: EventsByContract;
  emissions: EmissionsState;
  devices: RegistryState;
  budgetAddress: string;
}

export function observe({ events, emissions, devices, budgetAddress }: ObservationInput): string[] {
  const out: string[] = [];

  const certified = devices.bindings.filter((b) => b.tier === Tier.Certified).length;
  const attestedDevices = devices.bindings.filter((b) => b.tier === Tier.OperatorAttested).length;
  out.push(
    `devices: ${devices.bindings.length} bound, ${certified} certified meters (${devices.bindings.filter((b) => b.required).length} required), ` +
      `${attestedDevices} operator-attested plugs (lower tier, never reward-eligible); certifiers: ` +
      [...devices.certifiers.values()].map((c) => `${c.name} (${c.tier === Tier.Certified ? "certified" : "operator-attested"}${c.revokedBlock ? `, revoked at block ${c.revokedBlock}` : ""})`).join(", "),
  );
  if (emissions.estimates.length) {
    const total = emissions.estimates.reduce((s, g) => s + g.kgCO2e, 0n);
    const paid = emissions.payoffs.reduce((s, p) => s + p.kgCO2e, 0n);
    out.push(
      `ESTIMATED: ${emissions.estimates.length} gap estimate(s) for silent required meters, ${formatKg(total, 3)} kg CO2e booked; ` +
        `${formatKg(paid, 3)} kg paid off since by measured readings`,
    );
    for (const g of emissions.estimates.slice(0, 20)) {
      out.push(`  estimated ${formatKg(g.kgCO2e, 3)} kg for ${g.account} period ${g.period} (kind ${g.kind}, ${g.uncoveredSeconds} s uncovered, meter ${g.device})`);
    }
  }

  const byReason = new Map<string, number>();
  for (const r of emissions.rejected) {
    const name = REJECT_REASONS[r.reason] ?? `reason ${r.reason}`;
    byReason.set(name, (byReason.get(name) ?? 0) + 1);
  }
  out.push(
    `readings: ${emissions.readings.length} accepted, ${emissions.rejected.length} rejected` +
      (byReason.size ? ` (${[...byReason].map(([n, c]) => `${n}: ${c}`).join(", ")})` : ""),
  );
  const attested = emissions.readings.filter((r) => r.operatorAttested);
  if (attested.length) {
    out.push(`operator-attested readings (signed by the operator, not the meter): ${attested.length} from ${new Set(attested.map((r) => r.device)).size} device(s)`);
  }

  const registry = events.Registry;
  const enrolled = new Set(named(registry, "Enrolled").map((e) => e.args.account.toLowerCase()));
  for (const e of named(registry, "Unenrolled")) enrolled.delete(e.args.account.toLowerCase());
  const owners = new Set(named(registry, "DeviceBound").map((e) => e.args.owner.toLowerCase()));
  const reporting = new Set(emissions.readings.map((r) => r.owner));
  const noDevice = [...enrolled].filter((a) => !owners.has(a));
  const silent = [...enrolled].filter((a) => owners.has(a) && !reporting.has(a));
  out.push(`enrolled accounts: ${enrolled.size}; without a device: ${noDevice.length}; with devices that never reported: ${silent.length}`);
  for (const a of [...noDevice, ...silent].slice(0, 20)) out.push(`  check enrollment of ${a} (${noDevice.includes(a) ? "no device" : "no readings"})`);

  const otherMints = new Map<string, bigint>();
  for (const e of named(events.CarbonCredit, "Minted")) {
    const minter = e.args.minter.toLowerCase();
    if (minter !== budgetAddress.toLowerCase()) otherMints.set(minter, (otherMints.get(minter) ?? 0n) + e.args.amount);
  }
  for (const [minter, amount] of otherMints) out.push(`WARNING: ${amount} PCC wei minted by ${minter}, not by CarbonBudget`);

  for (const [contract, list] of Object.entries(events)) {
    for (const e of list ?? []) {
      if (e.eventName !== "RoleGranted" && e.eventName !== "RoleRevoked") continue;
      const role = ROLE_NAMES.get(e.args.role) ?? e.args.role;
      out.push(`${contract}: ${e.eventName === "RoleGranted" ? "granted" : "revoked"} ${role} ${e.eventName === "RoleGranted" ? "to" : "from"} ${e.args.account} by ${e.args.sender} (block ${e.blockNumber})`);
    }
  }
  return out;
}
