/**
 * The device binding document `npm run oracle -- device new` prints (sdk/binding-document.ts,
 * type "pcx-device-binding/1"), checked in the browser before the wallet is asked to bind:
 *   - it is a binding document (not a private key, not the old flat JSON), parsed by the sdk's one parser;
 *   - it was made for this chain, this Registry and the connected owner;
 *   - the device key signed its DeviceBinding and the certificate's signature recovers to the
 *     document's certifier (EIP-712, Registry domain, recovered with viem);
 *   - the certificate is valid now, and the certifier is named on the Registry and not revoked
 *     (Registry.certifier read through `readCertifier`), in the tier the document claims.
 * Every refusal is an error code the meters page turns into a translated sentence.
 */
import { getAddress, recoverTypedDataAddress, type Address } from "viem";
import {
  BINDING_DOCUMENT_TYPE,
  bindDeviceArgs,
  fromBindingDocument,
  parseBindingDocument,
  type BindingDocument,
  type CertifiedBinding,
} from "@sdk/binding-document";
import { CertifierTier } from "@sdk/generated/enums";
import { DEVICE_BINDING_TYPES, DEVICE_CERTIFICATE_TYPES, registryDomain } from "@sdk/typed-data";
import { formatTimestamp } from "./format";

export { bindDeviceArgs };
/** IRegistry.CertifierTier (generated from the build). */
export const TIER = CertifierTier;

/** What Registry.certifier(address) returns. */
export interface CertifierRecord {
  tier: number;
  addedAt: number | bigint;
  revokedAt: number | bigint;
  name: string;
}

export type BindingError =
  | "empty"
  | "privateKey"
  | "json"
  | "notDocument"
  | "schema"
  | "consistency"
  | "chain"
  | "registry"
  | "owner"
  | "deviceSignature"
  | "certifierSignature"
  | "notYetValid"
  | "expired"
  | "unknownCertifier"
  | "certifierRevoked"
  | "tierMismatch";

/** Every BindingError, for the i18n completeness test. */
export const BINDING_ERRORS: readonly BindingError[] = [
  "empty", "privateKey", "json", "notDocument", "schema", "consistency", "chain", "registry", "owner",
  "deviceSignature", "certifierSignature", "notYetValid", "expired", "unknownCertifier", "certifierRevoked", "tierMismatch",
];

export interface CheckedBinding {
  document: BindingDocument;
  binding: CertifiedBinding;
  /** Registry.bindDevice's positional arguments. */
  args: ReturnType<typeof bindDeviceArgs>;
  certifier: { address: Address; name: string; tier: number };
}

export type BindingCheck =
  | { ok: true; value: CheckedBinding }
  /**
   * `vars` fill the error sentence's placeholders; `chains` are the document's and the wallet's
   * chain ids of a "chain" refusal (named for a person by {@link bindingErrorVars}); `detail` is
   * for logs, never shown as the message.
   */
  | { ok: false; error: BindingError; vars?: Record<string, string>; chains?: { theirs: number; ours: number }; detail?: string };

/** The placeholders of a refusal's sentence: a chain mismatch names both networks (`networkName`), never their ids. */
export function bindingErrorVars(check: Extract<BindingCheck, { ok: false }>, networkName: (chainId: number) => string): Record<string, string> | undefined {
  if (check.chains) return { ...check.vars, theirs: networkName(check.chains.theirs), ours: networkName(check.chains.ours) };
  return check.vars;
}

export interface BindingContext {
  owner: Address;
  chainId: number;
  registry: Address;
  /** Chain time, unix seconds (the certificate must be valid at binding time). */
  now: bigint;
  readCertifier(certifier: Address): Promise<CertifierRecord>;
}

const HEX32 = /^(0x)?[0-9a-fA-F]{64}$/;
const SECRET_FIELDS = /^(private_?key|privkey|secret|mnemonic|seed|phrase|key)$/i;

/** True if `text` is (or contains as a field) a private key or mnemonic rather than a binding document. */
export function looksLikeSecret(text: string): boolean {
  const t = text.trim().replace(/^"|"$/g, "");
  if (HEX32.test(t)) return true;
  if (/^([a-z]+\s+){11,23}[a-z]+$/.test(t)) return true; // a BIP-39 phrase
  try {
    const raw = JSON.parse(text) as unknown;
    const walk = (v: unknown): boolean => {
      if (!v || typeof v !== "object") return false;
      return Object.entries(v as Record<string, unknown>).some(([k, x]) => (SECRET_FIELDS.test(k) && typeof x === "string") || walk(x));
    };
    return walk(raw);
  } catch {
    return false;
  }
}

/** Checks a pasted binding document for `ctx.owner`; on success returns bindDevice's arguments. */
export async function checkBindingDocument(text: string, ctx: BindingContext): Promise<BindingCheck> {
  if (text.trim() === "") return { ok: false, error: "empty" };
  if (looksLikeSecret(text)) return { ok: false, error: "privateKey" };
  const parsed = parseBindingDocument(text);
  if (!parsed.ok) {
    if (parsed.error === "json") return { ok: false, error: "json", detail: parsed.detail };
    if (parsed.error === "consistency") return { ok: false, error: "consistency", detail: parsed.detail };
    const raw = JSON.parse(text) as { type?: unknown } | null;
    if (!raw || typeof raw !== "object" || (raw as { type?: unknown }).type !== BINDING_DOCUMENT_TYPE) {
      return { ok: false, error: "notDocument", vars: { type: BINDING_DOCUMENT_TYPE }, detail: parsed.detail };
    }
    return { ok: false, error: "schema", detail: parsed.detail };
  }
  const doc = parsed.document;
  if (doc.chainId !== ctx.chainId) return { ok: false, error: "chain", chains: { theirs: doc.chainId, ours: ctx.chainId } };
  if (getAddress(doc.registry) !== getAddress(ctx.registry)) return { ok: false, error: "registry", vars: { theirs: getAddress(doc.registry), ours: getAddress(ctx.registry) } };
  if (getAddress(doc.owner) !== getAddress(ctx.owner)) return { ok: false, error: "owner", vars: { theirs: getAddress(doc.owner) } };

  const binding = fromBindingDocument(doc);
  const domain = registryDomain(ctx.chainId, ctx.registry);
  const device = getAddress(doc.device);
  const certifierAddress = getAddress(doc.certifier);
  let signer: Address | undefined;
  try {
    signer = await recoverTypedDataAddress({
      domain,
      types: DEVICE_BINDING_TYPES,
      primaryType: "DeviceBinding",
      message: { device, owner: getAddress(ctx.owner), kind: doc.kind, factorId: doc.factorId, operatorAttested: doc.operatorAttested },
      signature: binding.deviceSignature,
    });
  } catch (e) {
    return { ok: false, error: "deviceSignature", detail: (e as Error).message };
  }
  if (signer !== device) return { ok: false, error: "deviceSignature", detail: `recovered ${signer}` };
  try {
    signer = await recoverTypedDataAddress({
      domain,
      types: DEVICE_CERTIFICATE_TYPES,
      primaryType: "DeviceCertificate",
      message: { ...binding.certificate, device },
      signature: binding.certifierSignature,
    });
  } catch (e) {
    return { ok: false, error: "certifierSignature", detail: (e as Error).message };
  }
  if (signer !== certifierAddress) return { ok: false, error: "certifierSignature", detail: `recovered ${signer}` };
  if (ctx.now < binding.certificate.validFrom) return { ok: false, error: "notYetValid", vars: { from: formatTimestamp(binding.certificate.validFrom) } };
  if (ctx.now > binding.certificate.validUntil) return { ok: false, error: "expired", vars: { until: formatTimestamp(binding.certificate.validUntil) } };

  const record = await ctx.readCertifier(certifierAddress);
  if (record.tier === TIER.None) return { ok: false, error: "unknownCertifier", vars: { certifier: certifierAddress } };
  if (BigInt(record.revokedAt) !== 0n) return { ok: false, error: "certifierRevoked", vars: { certifier: certifierAddress, name: record.name } };
  if ((record.tier === TIER.OperatorAttested) !== doc.operatorAttested) return { ok: false, error: "tierMismatch", vars: { name: record.name } };
  return {
    ok: true,
    value: { document: doc, binding, args: bindDeviceArgs(binding), certifier: { address: certifierAddress, name: record.name, tier: record.tier } },
  };
}
