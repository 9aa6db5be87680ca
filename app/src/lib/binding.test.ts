import { describe, expect, it } from "vitest";
import { privateKeyToAccount } from "viem/accounts";
import { DEVICE_BINDING_TYPES, registryDomain } from "@sdk/typed-data";
import { checkBinding } from "./binding";

const device = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const owner = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;
const other = "0x90F79bf6EB2c4f870365E785982E1f101E93b906" as const;
const registry = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;

async function binding(forOwner: `0x${string}`, chainId = 31337) {
  const message = { device: device.address, owner: forOwner, kind: 0, factorId: 1, operatorAttested: false };
  const signature = await device.signTypedData({ domain: registryDomain(chainId, registry), types: DEVICE_BINDING_TYPES, primaryType: "DeviceBinding", message });
  return { device: device.address, kind: 0, factorId: 1, operatorAttested: false, signature };
}

describe("checkBinding", () => {
  it("accepts a binding the device key signed for this owner, registry and chain", async () => {
    const result = await checkBinding(JSON.stringify(await binding(owner)), owner, 31337, registry);
    expect(result).toEqual({ ok: true, binding: { ...(await binding(owner)), device: device.address } });
  });
  it("refuses a binding signed for another owner or chain", async () => {
    expect((await checkBinding(JSON.stringify(await binding(other)), owner, 31337, registry)).ok).toBe(false);
    const r = await checkBinding(JSON.stringify(await binding(owner, 1)), owner, 31337, registry);
    expect(r).toMatchObject({ ok: false, error: "signature" });
  });
  it("refuses malformed input before any wallet prompt", async () => {
    expect(await checkBinding("{", owner, 31337, registry)).toMatchObject({ ok: false, error: "json" });
    expect(await checkBinding(JSON.stringify({ device: "0x12" }), owner, 31337, registry)).toMatchObject({ ok: false, error: "schema" });
    const b = await binding(owner);
    expect(await checkBinding(JSON.stringify({ ...b, owner: other }), owner, 31337, registry)).toMatchObject({ ok: false, error: "owner" });
    expect(await checkBinding(JSON.stringify({ ...b, kind: 9 }), owner, 31337, registry)).toMatchObject({ ok: false, error: "schema" });
  });
});
