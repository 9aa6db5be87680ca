/**
 * Device certificates and bindings, exactly as Registry verifies them. A device counts only if
 * a certifier named on the Registry signed its DeviceCertificate (EIP-712, Registry domain) and
 * the device key signed its DeviceBinding to the owner. Used by the contract tests, the seed
 * script, the oracle CLI (`device new`, `device certify`) and the dApp's meters page.
 */
import { encodeBytes32String, keccak256, toUtf8Bytes, type TypedDataField } from "ethers";
import { signDeviceBinding, type TypedDataSigner } from "./readings.js";
import { DEVICE_CERTIFICATE_TYPES, type DeviceCertificate, type TypedDataDomain } from "./typed-data.js";
import type { CertifiedBinding } from "./binding-document.js";

// The pure parts (no ethers) live in binding-document.ts so the dApp can import them too.
export { bindDeviceArgs, type CertifiedBinding } from "./binding-document.js";
export { CertifierTier } from "./generated/enums.js";

const certificateTypes: Record<string, TypedDataField[]> = {
  DeviceCertificate: DEVICE_CERTIFICATE_TYPES.DeviceCertificate.map((f) => ({ ...f })),
};

/** A model name as the bytes32 a certificate carries (at most 31 bytes of UTF-8). */
export function modelId(name: string): `0x${string}` {
  return encodeBytes32String(name) as `0x${string}`;
}

/** The serial-number commitment a certificate carries: keccak256 of the serial's UTF-8. */
export function serialHash(serial: string): `0x${string}` {
  return keccak256(toUtf8Bytes(serial)) as `0x${string}`;
}

/** Signs `certificate` with the certifier's key in the Registry's domain (65-byte hex signature). */
export async function signDeviceCertificate(
  certifier: TypedDataSigner,
  domain: TypedDataDomain,
  certificate: DeviceCertificate,
): Promise<string> {
  return certifier.signTypedData(domain, certificateTypes, { ...certificate });
}

export interface CertifyOptions {
  device: TypedDataSigner & { address: string };
  certifier: TypedDataSigner;
  domain: TypedDataDomain;
  owner: string;
  kind: number;
  factorId: number;
  /** True when the certifier is an OperatorAttested-tier certifier (the operator holds the key). */
  operatorAttested?: boolean;
  model?: string;
  serial?: string;
  validFrom?: bigint;
  /** Default: ten years from validFrom (or from now). */
  validUntil?: bigint;
}

/** Certifies a device and signs its binding to `owner`: the full argument set of bindDevice. */
export async function certifiedBinding(o: CertifyOptions): Promise<CertifiedBinding> {
  const now = BigInt(Math.floor(Date.now() / 1000));
  const validFrom = o.validFrom ?? 0n;
  const certificate: DeviceCertificate = {
    device: o.device.address as `0x${string}`,
    kind: o.kind,
    model: modelId(o.model ?? "PCX-DEMO-METER"),
    serialHash: serialHash(o.serial ?? o.device.address.toLowerCase()),
    validFrom,
    validUntil: o.validUntil ?? (validFrom > now ? validFrom : now) + 10n * 365n * 86_400n,
  };
  const operatorAttested = o.operatorAttested ?? false;
  const certifierSignature = (await signDeviceCertificate(o.certifier, o.domain, certificate)) as `0x${string}`;
  const deviceSignature = (await signDeviceBinding(o.device, o.domain, {
    device: certificate.device,
    owner: o.owner as `0x${string}`,
    kind: o.kind,
    factorId: o.factorId,
    operatorAttested,
  })) as `0x${string}`;
  return { certificate, factorId: o.factorId, operatorAttested, deviceSignature, certifierSignature };
}
