import { describe, expect, it } from "vitest";
import { Wallet } from "ethers";
import { bindDeviceArgs as sdkBindDeviceArgs, certifiedBinding } from "@sdk/certificates";
import { fromBindingDocument, parseBindingDocument } from "@sdk/binding-document";
import { toBindingDocument } from "@sdk/binding-document";
import { registryDomain } from "@sdk/typed-data";
import { bindDeviceArgs, bindingErrorVars, checkBindingDocument, looksLikeSecret, TIER, type BindingContext, type CertifierRecord } from "./binding";
import { networkName } from "./chains";
import { en } from "@/i18n/en";
import { zh } from "@/i18n/zh";
import { translate, type MessageKey } from "@/i18n";

const device = new Wallet("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const certifier = new Wallet("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
const stranger = Wallet.createRandom();
const owner = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;
const other = "0x90F79bf6EB2c4f870365E785982E1f101E93b906" as const;
const registry = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;
const now = 1_800_000_000n;

const named: Record<string, CertifierRecord> = {
  [certifier.address]: { tier: TIER.Certified, addedAt: 1n, revokedAt: 0n, name: "Acme Meters" },
};
const ctx = (over: Partial<BindingContext> = {}): BindingContext => ({
  owner,
  chainId: 31337,
  registry,
  now,
  readCertifier: async (a) => named[a] ?? { tier: 0, addedAt: 0n, revokedAt: 0n, name: "" },
  ...over,
});

/** What `oracle device new` prints: certifiedBinding + toBindingDocument, as oracle/device-new.ts does. */
async function documentText(o: { forOwner?: string; chainId?: number; by?: Wallet; kind?: number; validUntil?: bigint; operatorAttested?: boolean } = {}) {
  const by = o.by ?? certifier;
  const chainId = o.chainId ?? 31337;
  const b = await certifiedBinding({
    device,
    certifier: by,
    domain: registryDomain(chainId, registry),
    owner: o.forOwner ?? owner,
    kind: o.kind ?? 0,
    factorId: 1,
    operatorAttested: o.operatorAttested,
    validFrom: 0n,
    validUntil: o.validUntil ?? now + 86_400n,
  });
  return JSON.stringify(toBindingDocument(b, { chainId, registry, owner: o.forOwner ?? owner, certifier: by.address }), null, 2);
}

describe("checkBindingDocument", () => {
  it("accepts what `device new` prints and returns bindDevice's arguments and the certifier", async () => {
    const r = await checkBindingDocument(await documentText(), ctx());
    if (!r.ok) throw new Error(`refused: ${r.error} ${r.detail ?? ""}`);
    expect(r.value.certifier).toEqual({ address: certifier.address, name: "Acme Meters", tier: TIER.Certified });
    const [certificate, factorId, deviceSignature, certifierSignature] = r.value.args;
    expect(certificate).toMatchObject({ device: device.address, kind: 0, validFrom: 0n, validUntil: now + 86_400n });
    expect(factorId).toBe(1);
    expect(deviceSignature).toMatch(/^0x[0-9a-f]{130}$/);
    expect(certifierSignature).toMatch(/^0x[0-9a-f]{130}$/);
  });
  it("passes bindDevice exactly sdk bindDeviceArgs(fromBindingDocument(doc))", async () => {
    const text = await documentText();
    const r = await checkBindingDocument(text, ctx());
    const parsed = parseBindingDocument(text);
    if (!r.ok || !parsed.ok) throw new Error("refused");
    expect(r.value.args).toEqual(sdkBindDeviceArgs(fromBindingDocument(parsed.document)));
    expect(bindDeviceArgs(r.value.binding)).toEqual(sdkBindDeviceArgs(r.value.binding));
  });
  it("refuses a document for another owner, chain or registry", async () => {
    expect(await checkBindingDocument(await documentText({ forOwner: other }), ctx())).toMatchObject({ ok: false, error: "owner" });
    expect(await checkBindingDocument(await documentText({ chainId: 1 }), ctx())).toMatchObject({ ok: false, error: "chain", chains: { theirs: 1, ours: 31337 } });
    expect(await checkBindingDocument(await documentText(), ctx({ registry: other }))).toMatchObject({ ok: false, error: "registry" });
  });
  it("refuses a self-made binding: the certificate's signer is not a named certifier", async () => {
    const r = await checkBindingDocument(await documentText({ by: stranger as unknown as Wallet }), ctx());
    expect(r).toMatchObject({ ok: false, error: "unknownCertifier", vars: { certifier: stranger.address } });
  });
  it("refuses a revoked certifier and a tier the document does not match", async () => {
    const revoked = ctx({ readCertifier: async () => ({ tier: TIER.Certified, addedAt: 1n, revokedAt: 5n, name: "Acme Meters" }) });
    expect(await checkBindingDocument(await documentText(), revoked)).toMatchObject({ ok: false, error: "certifierRevoked", vars: { name: "Acme Meters" } });
    const operator = ctx({ readCertifier: async () => ({ tier: TIER.OperatorAttested, addedAt: 1n, revokedAt: 0n, name: "Operator" }) });
    expect(await checkBindingDocument(await documentText(), operator)).toMatchObject({ ok: false, error: "tierMismatch" });
    const attested = await checkBindingDocument(await documentText({ operatorAttested: true }), operator);
    expect(attested.ok && attested.value.certifier.tier).toBe(TIER.OperatorAttested);
  });
  it("refuses forged signatures: a certificate claimed by another certifier, a tampered binding", async () => {
    const doc = JSON.parse(await documentText());
    expect(await checkBindingDocument(JSON.stringify({ ...doc, certifier: stranger.address }), ctx())).toMatchObject({ ok: false, error: "certifierSignature" });
    expect(await checkBindingDocument(JSON.stringify({ ...doc, factorId: 2 }), ctx())).toMatchObject({ ok: false, error: "deviceSignature" });
    const retimed = { ...doc, certificate: { ...doc.certificate, validUntil: String(now + 999_999n) } };
    expect(await checkBindingDocument(JSON.stringify(retimed), ctx())).toMatchObject({ ok: false, error: "certifierSignature" });
  });
  it("refuses an expired certificate", async () => {
    expect(await checkBindingDocument(await documentText({ validUntil: now - 1n }), ctx())).toMatchObject({ ok: false, error: "expired" });
  });
  it("refuses a pasted private key, the old flat binding JSON and malformed input before any chain read", async () => {
    const never = ctx({ readCertifier: async () => { throw new Error("must not read the chain"); } });
    expect(await checkBindingDocument(device.privateKey, never)).toMatchObject({ ok: false, error: "privateKey" });
    expect(await checkBindingDocument(device.privateKey.slice(2), never)).toMatchObject({ ok: false, error: "privateKey" });
    expect(await checkBindingDocument(JSON.stringify({ device: device.address, privateKey: device.privateKey }), never)).toMatchObject({ ok: false, error: "privateKey" });
    expect(await checkBindingDocument(JSON.stringify({ device: device.address, kind: 0, factorId: 1, operatorAttested: false, signature: "0x" + "1".repeat(130) }), never)).toMatchObject({ ok: false, error: "notDocument" });
    expect(await checkBindingDocument("{", never)).toMatchObject({ ok: false, error: "json" });
    expect(await checkBindingDocument("  ", never)).toMatchObject({ ok: false, error: "empty" });
    const doc = JSON.parse(await documentText());
    expect(await checkBindingDocument(JSON.stringify({ ...doc, kind: 9 }), never)).toMatchObject({ ok: false, error: "schema" });
    expect(await checkBindingDocument(JSON.stringify({ ...doc, kind: 1 }), never)).toMatchObject({ ok: false, error: "consistency" });
    expect(await checkBindingDocument(JSON.stringify({ ...doc, privateKey: device.privateKey }), never)).toMatchObject({ ok: false, error: "privateKey" });
  });
  it("does not mistake a document for a secret", async () => {
    expect(looksLikeSecret(await documentText())).toBe(false);
    expect(looksLikeSecret("test test test test test test test test test test test junk")).toBe(true);
  });
});

describe("a chain mismatch's sentence", () => {
  it("names both networks, in English and Chinese, never their chain ids", async () => {
    const check = await checkBindingDocument(await documentText({ chainId: 11155111 }), ctx());
    if (check.ok) throw new Error("accepted a document for another chain");
    for (const dict of [en, zh]) {
      const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(dict, key, vars);
      const sentence = t("meters.error.chain", bindingErrorVars(check, (id) => networkName(id, t)));
      expect(sentence).toContain("Sepolia");
      expect(sentence).toContain(t("network.local"));
      expect(sentence).not.toMatch(/11155111|31337|\{/);
    }
  });
});
