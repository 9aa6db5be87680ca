/**
 * Signing meter readings and device bindings exactly as the contracts verify them, shared by
 * the contract tests, the oracle service, the simulator and the `device new` CLI.
 * EmissionOracle takes EIP-2098 compact signatures ({r, vs}); Registry takes the 65-byte form.
 */
import { Signature, type TypedDataField } from "ethers";
import { RejectReason, RejectReasonNames } from "./generated/enums.js";
import {
  DEVICE_BINDING_TYPES,
  READING_TYPES,
  type DeviceBinding,
  type Reading,
  type TypedDataDomain,
} from "./typed-data.js";

/** Anything that signs EIP-712 data the ethers v6 way (Wallet, HDNodeWallet, JsonRpcSigner). */
export interface TypedDataSigner {
  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
}

/** EIP-2098 compact signature as IEmissionOracle.Signature expects it. */
export interface CompactSignature {
  r: `0x${string}`;
  vs: `0x${string}`;
}

/** A reading with the device's compact signature, ready for `submitReadings`. */
export interface SignedReading {
  reading: Reading;
  signature: CompactSignature;
}

const readingTypes: Record<string, TypedDataField[]> = { Reading: READING_TYPES.Reading.map((f) => ({ ...f })) };
const bindingTypes: Record<string, TypedDataField[]> = {
  DeviceBinding: DEVICE_BINDING_TYPES.DeviceBinding.map((f) => ({ ...f })),
};

/** Turns a 65-byte signature (hex) into its compact {r, vs} form. */
export function toCompactSignature(signature: string): CompactSignature {
  const sig = Signature.from(signature);
  return { r: sig.r as `0x${string}`, vs: sig.yParityAndS as `0x${string}` };
}

/** Signs `reading` with the device key in the EmissionOracle's domain. */
export async function signReading(
  deviceKey: TypedDataSigner,
  domain: TypedDataDomain,
  reading: Reading,
): Promise<SignedReading> {
  const signature = await deviceKey.signTypedData(domain, readingTypes, { ...reading });
  return { reading, signature: toCompactSignature(signature) };
}

/** Signs the DeviceBinding with the device key in the Registry's domain (65-byte hex signature). */
export async function signDeviceBinding(
  deviceKey: TypedDataSigner,
  domain: TypedDataDomain,
  binding: DeviceBinding,
): Promise<string> {
  return deviceKey.signTypedData(domain, bindingTypes, { ...binding });
}

/**
 * Orders signed readings the way EmissionOracle books them cheapest: by owner, then device,
 * then seq. Consecutive readings of one owner and period are written to storage once.
 * `ownerOf` maps a device address (any case) to its owner's address.
 */
export function sortForSubmission(
  readings: readonly SignedReading[],
  ownerOf: (device: string) => string,
): SignedReading[] {
  const key = (s: SignedReading) => [ownerOf(s.reading.device).toLowerCase(), s.reading.device.toLowerCase()] as const;
  return [...readings].sort((a, b) => {
    const [oa, da] = key(a);
    const [ob, db] = key(b);
    if (oa !== ob) return oa < ob ? -1 : 1;
    if (da !== db) return da < db ? -1 : 1;
    return a.reading.seq < b.reading.seq ? -1 : a.reading.seq > b.reading.seq ? 1 : 0;
  });
}

/** Splits readings into `submitReadings` calls of at most `maxBatch` (EmissionOracle.MAX_BATCH = 256). */
export function toBatches(readings: readonly SignedReading[], maxBatch = 100): SignedReading[][] {
  if (maxBatch < 1) throw new Error("maxBatch must be at least 1");
  const out: SignedReading[][] = [];
  for (let i = 0; i < readings.length; i += maxBatch) out.push(readings.slice(i, i + maxBatch));
  return out;
}

/** The two calldata arrays of `submitReadings(readings, signatures)`. */
export function toSubmitArgs(batch: readonly SignedReading[]): [Reading[], CompactSignature[]] {
  return [batch.map((s) => s.reading), batch.map((s) => s.signature)];
}

/** IEmissionOracle.RejectReason's names, by enum value (generated from the build). */
export const REJECT_REASONS = RejectReasonNames;
export type RejectReasonName = (typeof REJECT_REASONS)[number];

/** The enum value of a reject reason, as emitted in ReadingRejected. */
export function rejectReason(name: RejectReasonName): number {
  return RejectReason[name];
}
