/**
 * Emissions rebuilt from events: the factor table from FactorVersionPublished, device bindings
 * from DeviceBound, and every accepted reading's kgCO2e recomputed as delta × the value of the
 * factor version it recorded, summed per (owner, period).
 */
import { accountPeriodKey, addTo, splitAccountPeriod, type CheckList } from "../checks.js";
import { named, type ChainEvent } from "../events.js";
import type { AuditTarget } from "../context.js";

export interface FactorVersionRecord {
  versionId: number;
  factorId: number;
  effectiveFromPeriod: number;
  value: bigint;
  source: string;
}

export interface ReadingRecord {
  device: string;
  owner: string;
  period: number;
  seq: bigint;
  delta: bigint;
  kgCO2e: bigint;
  factorVersion: number;
  operatorAttested: boolean;
  blockNumber: number;
  txHash: string;
}

export interface RejectedReadingRecord {
  device: string;
  seq: bigint;
  reason: number;
  blockNumber: number;
  txHash: string;
}

export interface EmissionsState {
  versions: Map<number, FactorVersionRecord>;
  /** device (lower case) → factor id it was bound with. */
  deviceFactor: Map<string, number>;
  readings: ReadingRecord[];
  rejected: RejectedReadingRecord[];
  /** "account/period" → Σ recomputed kgCO2e. */
  emissions: Map<string, bigint>;
}

export function rebuildEmissions(
  factorEvents: readonly ChainEvent[],
  registryEvents: readonly ChainEvent[],
  oracleEvents: readonly ChainEvent[],
): EmissionsState {
  const versions = new Map<number, FactorVersionRecord>();
  for (const e of named(factorEvents, "FactorVersionPublished")) {
    const versionId = Number(e.args.versionId);
    versions.set(versionId, {
      versionId,
      factorId: Number(e.args.factorId),
      effectiveFromPeriod: Number(e.args.effectiveFromPeriod),
      value: e.args.value as bigint,
      source: e.args.source as string,
    });
  }
  const deviceFactor = new Map<string, number>();
  for (const e of named(registryEvents, "DeviceBound")) {
    deviceFactor.set((e.args.device as string).toLowerCase(), Number(e.args.factorId));
  }
  const readings: ReadingRecord[] = named(oracleEvents, "ReadingAccepted").map((e) => ({
    device: (e.args.device as string).toLowerCase(),
    owner: (e.args.owner as string).toLowerCase(),
    period: Number(e.args.period),
    seq: e.args.seq as bigint,
    delta: e.args.delta as bigint,
    kgCO2e: e.args.kgCO2e as bigint,
    factorVersion: Number(e.args.factorVersion),
    operatorAttested: e.args.operatorAttested as boolean,
    blockNumber: e.blockNumber,
    txHash: e.txHash,
  }));
  const rejected = named(oracleEvents, "ReadingRejected").map((e) => ({
    device: (e.args.device as string).toLowerCase(),
    seq: e.args.seq as bigint,
    reason: Number(e.args.reason),
    blockNumber: e.blockNumber,
    txHash: e.txHash,
  }));
  const emissions = new Map<string, bigint>();
  for (const r of readings) {
    addTo(emissions, accountPeriodKey(r.owner, r.period), recomputeKg(r, versions));
  }
  return { versions, deviceFactor, readings, rejected, emissions };
}

/** delta × the recorded version's value (0 for a device's first reading or an unknown version). */
export function recomputeKg(r: ReadingRecord, versions: ReadonlyMap<number, FactorVersionRecord>): bigint {
  if (r.factorVersion === 0) return 0n;
  return r.delta * (versions.get(r.factorVersion)?.value ?? 0n);
}

export async function checkEmissions(target: AuditTarget, state: EmissionsState, checks: CheckList): Promise<void> {
  const at = { blockTag: target.toBlock };
  const factors = target.contracts.EmissionFactors;
  const oracle = target.contracts.EmissionOracle;

  checks.equal("emissions", "versionCount", "EmissionFactors", BigInt(state.versions.size), (await factors.versionCount(at)) as bigint);
  for (const v of state.versions.values()) {
    const onChain = await factors.version(v.versionId, at);
    checks.equal("emissions", "version.value", `factor version ${v.versionId}`, v.value, onChain.value as bigint);
    checks.equal("emissions", "version.factorId", `factor version ${v.versionId}`, BigInt(v.factorId), onChain.factorId as bigint);
  }

  const lastSeq = new Map<string, bigint>();
  for (const r of state.readings) {
    const subject = `device ${r.device} seq ${r.seq} (tx ${r.txHash})`;
    lastSeq.set(r.device, r.seq);
    if (r.factorVersion === 0) {
      checks.equal("emissions", "first reading books nothing (delta, kgCO2e)", subject, "0,0", `${r.delta},${r.kgCO2e}`);
      continue;
    }
    const version = state.versions.get(r.factorVersion);
    checks.equal("emissions", "ReadingAccepted.factorVersion published", subject, true, version !== undefined);
    if (!version) continue;
    checks.equal("emissions", "ReadingAccepted.kgCO2e (delta x factor value)", subject, r.delta * version.value, r.kgCO2e);
    checks.equal("emissions", "factor version belongs to the device's factor", subject, BigInt(state.deviceFactor.get(r.device) ?? 0), BigInt(version.factorId));
    checks.equal("emissions", "factor version in force for the period", subject, true, version.effectiveFromPeriod <= r.period);
  }

  for (const [key, kg] of [...state.emissions].sort()) {
    const [account, period] = splitAccountPeriod(key);
    checks.equal("emissions", "emissionsOf", `${account} period ${period}`, kg, (await oracle.emissionsOf(account, period, at)) as bigint);
  }
  for (const [device, seq] of [...lastSeq].sort()) {
    const st = await oracle.deviceState(device, at);
    checks.equal("emissions", "deviceState.lastSeq", `device ${device}`, seq, st.lastSeq as bigint);
  }
}
