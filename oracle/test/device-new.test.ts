/**
 * `oracle device new` → Registry, with nothing in between: the household binds exactly what the
 * CLI prints (the binding document), the meter's key stays in its key file, and a document
 * certified by a key the household made itself is refused on chain (UnknownCertifier).
 */
import { execFile } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { Contract, Wallet } from "ethers";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { bindDeviceArgs, certifiedBinding } from "../../sdk/certificates.js";
import { fromBindingDocument, parseBindingDocument, toBindingDocument } from "../../sdk/binding-document.js";
import { LOCAL_ROLES } from "../../sdk/local-chain.js";
import { registryDomain } from "../../sdk/typed-data.js";
import { DeviceKind } from "../../sdk/contracts.js";
import { attachLocalChain, hardhatAccount, type ChainHandle } from "./chain-fixture.js";
import { tempDir } from "./helpers.js";

const run = promisify(execFile);
let chain: ChainHandle;

beforeAll(() => {
  chain = attachLocalChain(inject("rpcUrl"), inject("deploymentId"));
});

async function deviceNew(args: string[]) {
  return run(process.execPath, ["--import", "tsx", "oracle/cli.ts", "device", "new", ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, PCX_RPC_URL: chain.rpcUrl, PCX_DEPLOYMENT: chain.deploymentId },
  });
}

describe("oracle device new → Registry.bindDevice", () => {
  it("prints a binding document without the key, writes the key file 0600, and the owner binds it as printed", async () => {
    const owner = hardhatAccount(LOCAL_ROLES.households[3]!, chain.provider);
    const keyFile = path.join(tempDir("device-new"), "meter.key");
    const { stdout, stderr } = await deviceNew(["--owner", owner.address, "--demo-certifier", "--kind", "NaturalGas", "--key-file", keyFile, "--serial", "GAS-0042"]);
    const key = readFileSync(keyFile, "utf8").trim();
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(stdout).not.toContain(key.slice(2));
    expect(stderr).toContain(keyFile);
    const parsed = parseBindingDocument(stdout);
    if (!parsed.ok) throw new Error(parsed.detail);
    const meter = new Wallet(key);
    expect(parsed.document.device).toBe(meter.address);
    const registry = chain.registry.connect(owner) as Contract;
    await (await registry.bindDevice(...bindDeviceArgs(fromBindingDocument(parsed.document)))).wait();
    const d = await chain.registry.device(meter.address);
    expect(d.status).toBe(1n);
    expect(d.owner).toBe(owner.address);
    expect(Number(d.kind)).toBe(DeviceKind.NaturalGas);
  });

  it("refuses to run without a certifier, and the chain refuses a household-made certificate", async () => {
    const owner = hardhatAccount(LOCAL_ROLES.households[3]!, chain.provider);
    await expect(deviceNew(["--owner", owner.address, "--key-file", path.join(tempDir("device-new"), "k")])).rejects.toThrow(/certifier must vouch/);
    // The household plays manufacturer with its own key.
    const meter = Wallet.createRandom();
    const own = Wallet.createRandom();
    const { chainId } = await chain.provider.getNetwork();
    const b = await certifiedBinding({
      device: meter, certifier: own, domain: registryDomain(chainId, chain.addresses.Registry!), owner: owner.address, kind: DeviceKind.Electricity, factorId: 1,
    });
    const doc = toBindingDocument(b, { chainId, registry: chain.addresses.Registry!, owner: owner.address, certifier: own.address });
    const parsed = parseBindingDocument(JSON.stringify(doc));
    if (!parsed.ok) throw new Error(parsed.detail);
    const registry = chain.registry.connect(owner) as Contract;
    await expect(registry.bindDevice(...bindDeviceArgs(fromBindingDocument(parsed.document)))).rejects.toThrow(/UnknownCertifier|reverted/);
    // and the document format refuses a pasted private key
    expect(parseBindingDocument(JSON.stringify({ ...doc, privateKey: meter.privateKey }))).toMatchObject({ ok: false, error: "schema" });
  });
});
