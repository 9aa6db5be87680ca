/**
 * `oracle device new`: the installer's tool. Creates a meter key (or takes the meter's), has the
 * certifier vouch for it (EIP-712 DeviceCertificate), has the key sign its binding to the
 * household, writes the key to a file for the meter (mode 0600), and prints the binding
 * document (sdk/binding-document.ts) — the exact text the household pastes (or scans) on the
 * dApp's meters page. The private key never appears in what is printed.
 *
 * The certifier key comes from --certifier-key, PCX_CERTIFIER_KEY, or (local chain only)
 * --demo-certifier. An operator-attested plug is certified by the oracle operator's key with
 * --operator-attested.
 */
import { writeFileSync, existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { Wallet } from "ethers";
import { DEFAULT_FACTORS } from "../sdk/emission-factors.js";
import { certifiedBinding } from "../sdk/certificates.js";
import { toBindingDocument } from "../sdk/binding-document.js";
import { DEMO_CERTIFIER_KEY } from "../sdk/demo.js";
import { LOCAL_CHAIN_ID } from "../sdk/local-chain.js";
import { registryDomain } from "../sdk/typed-data.js";
import { DeviceKind } from "../sdk/contracts.js";

export interface ChainContext {
  chainId: bigint;
  address: string;
}

export async function deviceNew(
  argv: string[],
  chainContext: (values: Record<string, string | boolean | undefined>) => Promise<ChainContext>,
): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      owner: { type: "string" },
      kind: { type: "string", default: "Electricity" },
      "factor-id": { type: "string" },
      "operator-attested": { type: "boolean", default: false },
      key: { type: "string" },
      "key-file": { type: "string" },
      "certifier-key": { type: "string" },
      "demo-certifier": { type: "boolean", default: false },
      model: { type: "string", default: "PCX-DEMO-METER" },
      serial: { type: "string" },
      "valid-days": { type: "string", default: "3650" },
      "rpc-url": { type: "string" },
      "chain-id": { type: "string" },
      "registry-address": { type: "string" },
      deployment: { type: "string" },
    },
    strict: true,
  });
  if (!values.owner || !/^0x[0-9a-fA-F]{40}$/.test(values.owner)) throw new Error("--owner <address> is required");
  const kind = (/^\d+$/.test(values.kind!) ? Number(values.kind) : DeviceKind[values.kind as keyof typeof DeviceKind]) as DeviceKind;
  if (kind === undefined || !(Object.values(DeviceKind) as number[]).includes(kind)) throw new Error(`unknown --kind ${values.kind}`);
  const factorId = Number(values["factor-id"] ?? DEFAULT_FACTORS.findIndex((f) => f.kind === kind) + 1);
  const { chainId, address } = await chainContext(values);

  const certifierKey = values["certifier-key"] ?? process.env.PCX_CERTIFIER_KEY ?? (values["demo-certifier"] ? DEMO_CERTIFIER_KEY : undefined);
  if (!certifierKey) {
    throw new Error("a certifier must vouch for the meter: pass --certifier-key (or PCX_CERTIFIER_KEY); --demo-certifier on the local chain");
  }
  if (values["demo-certifier"] && chainId !== BigInt(LOCAL_CHAIN_ID)) throw new Error("--demo-certifier is for the local chain only");
  const certifier = new Wallet(certifierKey);
  const wallet = values.key ? new Wallet(values.key) : Wallet.createRandom();

  const keyFile = resolve(values["key-file"] ?? `pcx-device-${wallet.address.toLowerCase()}.key`);
  if (!values.key) {
    if (existsSync(keyFile)) throw new Error(`${keyFile} exists: refusing to overwrite a meter key`);
    writeFileSync(keyFile, `${wallet.privateKey}\n`, { mode: 0o600 });
  }
  const now = BigInt(Math.floor(Date.now() / 1000));
  const binding = await certifiedBinding({
    device: wallet,
    certifier,
    domain: registryDomain(chainId, address),
    owner: values.owner,
    kind,
    factorId,
    operatorAttested: values["operator-attested"],
    model: values.model,
    serial: values.serial,
    validFrom: 0n,
    validUntil: now + BigInt(Number(values["valid-days"])) * 86_400n,
  });
  const doc = toBindingDocument(binding, { chainId, registry: address, owner: values.owner, certifier: certifier.address });
  if (!values.key) console.error(`meter key written to ${keyFile} (the meter's secret: load it into the meter, never paste it anywhere)`);
  console.error("paste the JSON below on the PCX meters page, signed in as the owner:");
  console.log(JSON.stringify(doc, null, 2));
}
