/**
 * A device binding as printed by the oracle CLI `device new`:
 * {device, kind, factorId, operatorAttested, signature} (extra fields such as owner are allowed).
 * Parsed and checked against the connected owner before the wallet is asked to bind.
 */
import { z } from "zod";
import { getAddress, isAddress, isHex, recoverTypedDataAddress, type Address, type Hex } from "viem";
import { DEVICE_BINDING_TYPES, registryDomain } from "@sdk/typed-data";

const addressSchema = z.string().refine((s) => isAddress(s), "not an address");

export const bindingSchema = z.object({
  device: addressSchema,
  kind: z.coerce.number().int().min(0).max(6),
  factorId: z.coerce.number().int().min(1).max(2 ** 32 - 1),
  operatorAttested: z.boolean(),
  signature: z.string().refine((s) => isHex(s) && (s.length === 132 || s.length === 130), "not a 65-byte signature"),
  owner: addressSchema.optional(),
});

export interface DeviceBindingInput {
  device: Address;
  kind: number;
  factorId: number;
  operatorAttested: boolean;
  signature: Hex;
  owner?: Address;
}

export type BindingCheck = { ok: true; binding: DeviceBindingInput } | { ok: false; error: "json" | "schema" | "owner" | "signature"; detail?: string };

/** Parses the pasted JSON and verifies the device key signed this binding for `owner` on this registry. */
export async function checkBinding(text: string, owner: Address, chainId: number, registry: Address): Promise<BindingCheck> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: "json", detail: (e as Error).message };
  }
  const parsed = bindingSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "schema", detail: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  const b = parsed.data;
  if (b.owner && getAddress(b.owner) !== getAddress(owner)) return { ok: false, error: "owner", detail: b.owner };
  const binding: DeviceBindingInput = {
    device: getAddress(b.device),
    kind: b.kind,
    factorId: b.factorId,
    operatorAttested: b.operatorAttested,
    signature: b.signature as Hex,
  };
  let recovered: Address;
  try {
    recovered = await recoverTypedDataAddress({
      domain: registryDomain(chainId, registry),
      types: DEVICE_BINDING_TYPES,
      primaryType: "DeviceBinding",
      message: { device: binding.device, owner: getAddress(owner), kind: binding.kind, factorId: binding.factorId, operatorAttested: binding.operatorAttested },
      signature: binding.signature,
    });
  } catch (e) {
    return { ok: false, error: "signature", detail: (e as Error).message };
  }
  if (recovered !== binding.device) return { ok: false, error: "signature", detail: recovered };
  return { ok: true, binding };
}
