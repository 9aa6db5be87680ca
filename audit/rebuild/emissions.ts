/**
 * Emissions rebuilt from events: the factor table from FactorVersionPublished, device bindings
 * from DeviceBound, every accepted reading's kgCO2e recomputed as delta × the value of the
 * factor version it recorded, gap estimates (GapEstimated, checked against the per-kind figure
 * of GapEstimateSet) and estimate pay-offs (EstimatePaidOff), per (owner, period):
 *   booked = Σ measured − Σ pay-offs + Σ estimates.
 */
import { accountPeriodKey, addTo, splitAccountPeriod, type CheckList } from "../checks.js";
import { named } from "../events.js";
import { atBlock, toAddress, type AuditTarget, type ContractEvents } from "../context.js";

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

export interface EstimateRecord {
  account: string;
  period: number;
  device: string;
  kind: number;
  uncoveredSeconds: bigint;
  kgCO2e: bigint;
  /** The per-period figure of the kind in force when it was booked (GapEstimateSet). */
  figure: bigint;
  blockNumber: number;
  txHash: string;
}

export interface PayoffRecord {
  device: string;
  owner: string;
  period: number;
  kgCO2e: bigint;
  outstanding: bigint;
  /** kgCO2e of the ReadingAccepted it came from (the event just before it), or undefined if none. */
  readingKg: bigint | undefined;
  txHash: string;
}

/** Share of a period a required meter may miss before an estimate is booked (EmissionOracle.GAP_TOLERANCE_BPS). */
export const GAP_TOLERANCE_BPS = 1_000n;

export interface EmissionsState {
  versions: Map<number, FactorVersionRecord>;
  /** device (lower case) → factor id it was bound with. */
  deviceFactor: Map<string, number>;
  readings: ReadingRecord[];
  rejected: RejectedReadingRecord[];
  /** "account/period" → Σ recomputed kgCO2e − Σ pay-offs + Σ estimates (what settlement takes). */
  emissions: Map<string, bigint>;
  /** "account/period" → Σ measured kgCO2e (recomputed readings only). */
  measured: Map<string, bigint>;
  estimates: EstimateRecord[];
  /** "account/period" → Σ gap estimates. */
  estimated: Map<string, bigint>;
  payoffs: PayoffRecord[];
}

export function rebuildEmissions(
  factorEvents: readonly ContractEvents<"EmissionFactors">[],
  registryEvents: readonly ContractEvents<"Registry">[],
  oracleEvents: readonly ContractEvents<"EmissionOracle">[],
): EmissionsState {
  const versions = new Map<number, FactorVersionRecord>();
  for (const e of named(factorEvents, "FactorVersionPublished")) {
    const versionId = e.args.versionId;
    versions.set(versionId, {
      versionId,
      factorId: e.args.factorId,
      effectiveFromPeriod: e.args.effectiveFromPeriod,
      value: e.args.value,
      source: e.args.source,
    });
  }
  const deviceFactor = new Map<string, number>();
  for (const e of named(registryEvents, "DeviceBound")) {
    deviceFactor.set(e.args.device.toLowerCase(), e.args.factorId);
  }
  const readings: ReadingRecord[] = named(oracleEvents, "ReadingAccepted").map((e) => ({
    device: e.args.device.toLowerCase(),
    owner: e.args.owner.toLowerCase(),
    period: e.args.period,
    seq: e.args.seq,
    delta: e.args.delta,
    kgCO2e: e.args.kgCO2e,
    factorVersion: e.args.factorVersion,
    operatorAttested: e.args.operatorAttested,
    blockNumber: e.blockNumber,
    txHash: e.txHash,
  }));
  const rejected = named(oracleEvents, "ReadingRejected").map((e) => ({
    device: e.args.device.toLowerCase(),
    seq: e.args.seq,
    reason: e.args.reason,
    blockNumber: e.blockNumber,
    txHash: e.txHash,
  }));
  const measured = new Map<string, bigint>();
  for (const r of readings) {
    addTo(measured, accountPeriodKey(r.owner, r.period), recomputeKg(r, versions));
  }
  const emissions = new Map(measured);

  const figures = new Map<number, bigint>();
  const estimates: EstimateRecord[] = [];
  const payoffs: PayoffRecord[] = [];
  const estimated = new Map<string, bigint>();
  oracleEvents.forEach((e, i) => {
    if (e.eventName === "GapEstimateSet") figures.set(e.args.kind, e.args.kgPerPeriod);
    if (e.eventName === "GapEstimated") {
      const rec: EstimateRecord = {
        account: e.args.account.toLowerCase(),
        period: e.args.period,
        device: e.args.device.toLowerCase(),
        kind: e.args.kind,
        uncoveredSeconds: e.args.uncoveredSeconds,
        kgCO2e: e.args.kgCO2e,
        figure: figures.get(e.args.kind) ?? 0n,
        blockNumber: e.blockNumber,
        txHash: e.txHash,
      };
      estimates.push(rec);
      addTo(estimated, accountPeriodKey(rec.account, rec.period), rec.kgCO2e);
      addTo(emissions, accountPeriodKey(rec.account, rec.period), rec.kgCO2e);
    }
    if (e.eventName === "EstimatePaidOff") {
      const prev = oracleEvents[i - 1];
      const device = e.args.device.toLowerCase();
      const reading = prev && prev.eventName === "ReadingAccepted" && prev.txHash === e.txHash && prev.args.device.toLowerCase() === device ? prev : undefined;
      const rec: PayoffRecord = {
        device,
        owner: e.args.owner.toLowerCase(),
        period: e.args.period,
        kgCO2e: e.args.kgCO2e,
        outstanding: e.args.outstanding,
        readingKg: reading?.args.kgCO2e,
        txHash: e.txHash,
      };
      payoffs.push(rec);
      addTo(emissions, accountPeriodKey(rec.owner, rec.period), -rec.kgCO2e);
    }
  });
  return { versions, deviceFactor, readings, rejected, emissions, measured, estimates, estimated, payoffs };
}

/** delta × the recorded version's value (0 for a device's first reading or an unknown version). */
export function recomputeKg(r: ReadingRecord, versions: ReadonlyMap<number, FactorVersionRecord>): bigint {
  if (r.factorVersion === 0) return 0n;
  return r.delta * (versions.get(r.factorVersion)?.value ?? 0n);
}

export async function checkEmissions(target: AuditTarget, state: EmissionsState, checks: CheckList): Promise<void> {
  const at = atBlock(target);
  const factors = target.contracts.EmissionFactors;
  const oracle = target.contracts.EmissionOracle;

  checks.equal("emissions", "versionCount", "EmissionFactors", BigInt(state.versions.size), BigInt(await factors.read.versionCount(at)));
  for (const v of state.versions.values()) {
    const onChain = await factors.read.version([v.versionId], at);
    checks.equal("emissions", "version.value", `factor version ${v.versionId}`, v.value, onChain.value);
    checks.equal("emissions", "version.factorId", `factor version ${v.versionId}`, BigInt(v.factorId), BigInt(onChain.factorId));
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

  // Gap estimates: the kind's figure × uncovered share, booked only past the tolerance.
  const periodLength = await target.contracts.PeriodCalendar.read.periodLength(at);
  const owedCap = new Map<string, bigint>();
  for (const g of state.estimates) {
    const subject = `${g.account} period ${g.period} kind ${g.kind} (tx ${g.txHash})`;
    checks.equal("emissions", "GapEstimated.kgCO2e (figure x uncovered / period)", subject, (g.figure * g.uncoveredSeconds) / periodLength, g.kgCO2e);
    checks.equal("emissions", "GapEstimated only past the tolerance", subject, true, g.uncoveredSeconds * 10_000n > periodLength * GAP_TOLERANCE_BPS);
    if (g.device !== "0x0000000000000000000000000000000000000000") addTo(owedCap, g.device, g.kgCO2e);
  }
  for (const [key, kg] of [...state.estimated].sort()) {
    const [account, period] = splitAccountPeriod(key);
    checks.equal("emissions", "estimatedOf", `${account} period ${period}`, kg, await oracle.read.estimatedOf([toAddress(account), period], at));
  }
  // Pay-offs: each comes from the reading just before it, never more than that reading measured,
  // and a device never pays off more than was estimated for it.
  const paidOff = new Map<string, bigint>();
  for (const p of state.payoffs) {
    const subject = `device ${p.device} period ${p.period} (tx ${p.txHash})`;
    checks.equal("emissions", "EstimatePaidOff follows its ReadingAccepted", subject, true, p.readingKg !== undefined);
    checks.atMost("emissions", "EstimatePaidOff.kgCO2e <= the reading's kgCO2e", subject, p.readingKg ?? 0n, p.kgCO2e);
    addTo(paidOff, p.device, p.kgCO2e);
  }
  for (const [device, paid] of [...paidOff].sort()) {
    checks.atMost("emissions", "Σ pay-offs <= Σ estimates of the device", `device ${device}`, owedCap.get(device) ?? 0n, paid);
  }
  for (const [device, cap] of [...owedCap].sort()) {
    const outstanding = await oracle.read.outstandingEstimate([toAddress(device)], at);
    checks.atMost("emissions", "outstandingEstimate <= Σ estimates − Σ pay-offs", `device ${device}`, cap - (paidOff.get(device) ?? 0n), outstanding);
  }

  for (const [key, kg] of [...state.emissions].sort()) {
    const [account, period] = splitAccountPeriod(key);
    checks.equal("emissions", "emissionsOf", `${account} period ${period}`, kg, await oracle.read.emissionsOf([toAddress(account), period], at));
  }
  for (const [device, seq] of [...lastSeq].sort()) {
    const st = await oracle.read.deviceState([toAddress(device)], at);
    checks.equal("emissions", "deviceState.lastSeq", `device ${device}`, seq, st.lastSeq);
  }
}
