/**
 * The device binding document: what `npm run oracle -- device new` prints for the household (and
 * encodes in its QR code), and exactly what the dApp's meters page accepts. It carries the
 * certifier's DeviceCertificate, the certifier's and the device key's signatures and the target
 * chain and registry — never the device's private key, which stays in the meter's key file.
 * One definition, used by the CLI, its tests, the app and the e2e test.
 */
import { z } from "zod";
import type { DeviceCertificate } from "./typed-data.js";

export const BINDING_DOCUMENT_TYPE = "pcx-device-binding/1";

/** Everything `Registry.bindDevice` takes: what the owner's wallet submits. */
export interface CertifiedBinding {
  certificate: DeviceCertificate;
  factorId: number;
  operatorAttested: boolean;
  /** The device key's signature over DeviceBinding(device, owner, kind, factorId, operatorAttested). */
  deviceSignature: `0x${string}`;
  /** The certifier's signature over the certificate. */
  certifierSignature: `0x${string}`;
}

/** The positional arguments of `Registry.bindDevice(certificate, factorId, deviceSignature, certifierSignature)`. */
export function bindDeviceArgs(b: CertifiedBinding) {
  return [b.certificate, b.factorId, b.deviceSignature, b.certifierSignature] as const;
}

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "not an address");
const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "not 32 bytes");
const signature = z.string().regex(/^0x[0-9a-fA-F]{130}$/, "not a 65-byte signature");
const uint = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform((v) => BigInt(v));

export const bindingDocumentSchema = z.object({
  type: z.literal(BINDING_DOCUMENT_TYPE),
  chainId: z.number().int().positive(),
  registry: address,
  owner: address,
  device: address,
  kind: z.number().int().min(0).max(6),
  factorId: z.number().int().min(1).max(2 ** 32 - 1),
  operatorAttested: z.boolean(),
  certifier: address,
  certificate: z.object({
    device: address,
    kind: z.number().int().min(0).max(6),
    model: bytes32,
    serialHash: bytes32,
    validFrom: uint,
    validUntil: uint,
  }),
  deviceSignature: signature,
  certifierSignature: signature,
});

export type BindingDocument = z.infer<typeof bindingDocumentSchema>;

/** The JSON-ready document for a certified binding (bigints as decimal strings). */
export function toBindingDocument(
  b: CertifiedBinding,
  ctx: { chainId: bigint | number; registry: string; owner: string; certifier: string },
) {
  return {
    type: BINDING_DOCUMENT_TYPE,
    chainId: Number(ctx.chainId),
    registry: ctx.registry,
    owner: ctx.owner,
    device: b.certificate.device,
    kind: b.certificate.kind,
    factorId: b.factorId,
    operatorAttested: b.operatorAttested,
    certifier: ctx.certifier,
    certificate: {
      ...b.certificate,
      validFrom: b.certificate.validFrom.toString(),
      validUntil: b.certificate.validUntil.toString(),
    },
    deviceSignature: b.deviceSignature,
    certifierSignature: b.certifierSignature,
  };
}

export type ParsedBindingDocument =
  | { ok: true; document: BindingDocument }
  | { ok: false; error: "json" | "schema" | "consistency"; detail: string };

/** Parses pasted text as a binding document; refuses anything else (a private key field included). */
export function parseBindingDocument(text: string): ParsedBindingDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: "json", detail: (e as Error).message };
  }
  const parsed = bindingDocumentSchema.strict().safeParse(raw);
  if (!parsed.success) {
    return { ok: false, error: "schema", detail: parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ") };
  }
  const d = parsed.data;
  if (d.certificate.device.toLowerCase() !== d.device.toLowerCase() || d.certificate.kind !== d.kind) {
    return { ok: false, error: "consistency", detail: "certificate is for another device or kind" };
  }
  return { ok: true, document: d };
}

/** The CertifiedBinding a parsed document stands for (bindDevice's arguments). */
export function fromBindingDocument(d: BindingDocument): CertifiedBinding {
  return {
    certificate: {
      device: d.certificate.device as `0x${string}`,
      kind: d.certificate.kind,
      model: d.certificate.model as `0x${string}`,
      serialHash: d.certificate.serialHash as `0x${string}`,
      validFrom: d.certificate.validFrom,
      validUntil: d.certificate.validUntil,
    },
    factorId: d.factorId,
    operatorAttested: d.operatorAttested,
    deviceSignature: d.deviceSignature as `0x${string}`,
    certifierSignature: d.certifierSignature as `0x${string}`,
  };
}
