/**
 * Who vouches for what, rebuilt from Registry events: certifiers (CertifierAdded,
 * CertifierRevokedAt) and every binding's certificate (DeviceBound + DeviceCertified in the same
 * transaction). Checks that each device was certified by a named certifier not revoked at the
 * time, that its tier matches the certifier's (operator-attested plugs only from the
 * OperatorAttested tier, never a required meter), and that the views agree.
 */
import { type CheckList } from "../checks.js";
import { atBlock, toAddress, type AuditTarget, type ContractEvents } from "../context.js";

import { CertifierTier as Tier } from "../../sdk/generated/enums.js";

/** IRegistry.CertifierTier (generated from the build). */
export { Tier };

export interface CertifierRecord {
  address: string;
  tier: number;
  name: string;
  addedBlock: number;
  revokedBlock: number | undefined;
}

export interface BindingRecord {
  device: string;
  owner: string;
  operatorAttested: boolean;
  blockNumber: number;
  txHash: string;
  certifier: string | undefined;
  tier: number | undefined;
  required: boolean;
}

export interface RegistryState {
  certifiers: Map<string, CertifierRecord>;
  bindings: BindingRecord[];
}

export function rebuildRegistry(events: readonly ContractEvents<"Registry">[]): RegistryState {
  const certifiers = new Map<string, CertifierRecord>();
  const bindings: BindingRecord[] = [];
  events.forEach((e, i) => {
    if (e.eventName === "CertifierAdded") {
      const address = e.args.certifier.toLowerCase();
      certifiers.set(address, { address, tier: e.args.tier, name: e.args.name, addedBlock: e.blockNumber, revokedBlock: undefined });
    } else if (e.eventName === "CertifierRevokedAt") {
      const c = certifiers.get(e.args.certifier.toLowerCase());
      if (c) c.revokedBlock = e.blockNumber;
    } else if (e.eventName === "DeviceBound") {
      const next = events[i + 1];
      const device = e.args.device.toLowerCase();
      const cert = next && next.eventName === "DeviceCertified" && next.txHash === e.txHash && next.args.device.toLowerCase() === device ? next : undefined;
      bindings.push({
        device,
        owner: e.args.owner.toLowerCase(),
        operatorAttested: e.args.operatorAttested,
        blockNumber: e.blockNumber,
        txHash: e.txHash,
        certifier: cert?.args.certifier.toLowerCase(),
        tier: cert?.args.tier,
        required: cert ? cert.args.required : false,
      });
    }
  });
  return { certifiers, bindings };
}

export async function checkRegistry(target: AuditTarget, state: RegistryState, checks: CheckList): Promise<void> {
  const at = atBlock(target);
  const registry = target.contracts.Registry;
  for (const c of [...state.certifiers.values()].sort((a, b) => a.address.localeCompare(b.address))) {
    const onChain = await registry.read.certifier([toAddress(c.address)], at);
    checks.equal("registry", "certifier.tier", `certifier ${c.address} (${c.name})`, BigInt(c.tier), BigInt(onChain.tier));
    checks.equal("registry", "certifier revoked (CertifierRevokedAt)", `certifier ${c.address}`, c.revokedBlock !== undefined, onChain.revokedAt !== 0);
  }
  for (const b of state.bindings) {
    const subject = `device ${b.device} (tx ${b.txHash})`;
    checks.equal("registry", "DeviceBound has its DeviceCertified", subject, true, b.certifier !== undefined);
    if (!b.certifier) continue;
    const c = state.certifiers.get(b.certifier);
    checks.equal("registry", "certified by a named certifier", subject, true, c !== undefined && c.addedBlock <= b.blockNumber);
    checks.equal("registry", "certifier not revoked at binding", subject, true, c?.revokedBlock === undefined || c.revokedBlock > b.blockNumber);
    checks.equal("registry", "DeviceCertified.tier = the certifier's tier", subject, BigInt(c?.tier ?? -1), BigInt(b.tier ?? -2));
    checks.equal("registry", "operatorAttested exactly for the OperatorAttested tier", subject, b.tier === Tier.OperatorAttested, b.operatorAttested);
    if (b.required) checks.equal("registry", "a required meter is Certified tier", subject, BigInt(Tier.Certified), BigInt(b.tier ?? 0));
    const onChain = await registry.read.certification([toAddress(b.device)], at);
    checks.equal("registry", "certification.certifier", subject, b.certifier, onChain.certifier);
    checks.equal("registry", "certification.required", subject, b.required, onChain.required);
  }
}
