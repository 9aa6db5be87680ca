/**
 * A real local chain for the integration and fault tests: `hardhat node` on a free port, the
 * PCXLocal Ignition module deployed with ignition/parameters/local.json (5-minute periods, the
 * oracle operator = Hardhat account 1, households 2–6 enrolled) under a private deployment id,
 * and helpers to bind fresh devices.
 */
import { committedCheckpoints, type Outcome } from "../../sdk/raw-series.js";
import { rmSync } from "node:fs";
import path from "node:path";
import { Contract, HDNodeWallet, JsonRpcProvider, Wallet, type InterfaceAbi } from "ethers";
import { REPO_ROOT, deploymentDir, loadAddresses } from "../../sdk/deployment.js";
import { pcxAbis } from "../../sdk/contracts.js";
import { DEFAULT_FACTORS } from "../../sdk/emission-factors.js";
import { HARDHAT_MNEMONIC, LOCAL_ROLES } from "../../sdk/local-chain.js";
import { localCertifiedBinding } from "../../sdk/demo.js";
import { factorToWeiPerBaseUnit, type DeviceKind } from "../../sdk/units.js";
import { freePort, startProcess, stopProcess, waitForRpc, type Started } from "../../scripts/lib/processes.js";

const HARDHAT = path.join(REPO_ROOT, "node_modules", ".bin", "hardhat");

export interface LocalChain {
  rpcUrl: string;
  port: number;
  deploymentId: string;
  addresses: ReturnType<typeof loadAddresses>;
  provider: JsonRpcProvider;
  oracle: Contract;
  registry: Contract;
  node: Started;
  stop(): Promise<void>;
}

async function runStep(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const lines: string[] = [];
  const p = startProcess(name, HARDHAT, args, { cwd: REPO_ROOT, env, quiet: true, onLine: (l) => lines.push(l) });
  const code = await p.exited;
  if (code !== 0) throw new Error(`${name} failed (${code}):\n${lines.slice(-30).join("\n")}`);
}

export function hardhatAccount(index: number, provider?: JsonRpcProvider): HDNodeWallet {
  const w = HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`);
  return provider ? w.connect(provider) : w;
}

/** Connects to a chain started elsewhere (the global setup) by RPC URL and deployment id. */
export function attachLocalChain(rpcUrl: string, deploymentId: string) {
  const addresses = loadAddresses(deploymentId);
  const provider = new JsonRpcProvider(rpcUrl, undefined, { batchMaxCount: 1, pollingInterval: 200, cacheTimeout: -1 });
  const oracle = new Contract(addresses.EmissionOracle!, pcxAbis.EmissionOracle, provider);
  const registry = new Contract(addresses.Registry!, pcxAbis.Registry, provider);
  return { rpcUrl, deploymentId, addresses, provider, oracle, registry };
}
export type ChainHandle = ReturnType<typeof attachLocalChain>;

export async function startLocalChain(label: string): Promise<LocalChain> {
  const port = await freePort();
  const rpcUrl = `http://127.0.0.1:${port}`;
  const env = { ...process.env, PCX_RPC_URL: rpcUrl, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" };
  const nodeLines: string[] = [];
  const node = startProcess("hardhat-node", HARDHAT, ["node", "--network", "pcxNode", "--port", String(port)], {
    cwd: REPO_ROOT, env, quiet: true, onLine: (l) => nodeLines.push(l),
  });
  try {
    await waitForRpc(rpcUrl, 120_000);
  } catch (err) {
    await stopProcess(node);
    throw new Error(`${(err as Error).message}\n${nodeLines.slice(-20).join("\n")}`);
  }
  const deploymentId = `oracle-test-${label}-${port}`;
  rmSync(deploymentDir(deploymentId), { recursive: true, force: true });
  await runStep("deploy", [
    "ignition", "deploy", "ignition/modules/PCXLocal.ts", "--network", "localhost",
    "--parameters", "ignition/parameters/local.json", "--deployment-id", deploymentId,
    // The default (non-isolated) profile: `ignition deploy` otherwise builds the production
    // profile in isolated units, and the enum-only DeviceKinds.sol unit it writes makes the next
    // `hardhat node` start fail ("Failed to parse build info: missing field `contracts`").
    "--build-profile", "default",
  ], env);
  const addresses = loadAddresses(deploymentId);
  const provider = new JsonRpcProvider(rpcUrl, undefined, { batchMaxCount: 1, pollingInterval: 200, cacheTimeout: -1 });
  const oracle = new Contract(addresses.EmissionOracle!, pcxAbis.EmissionOracle, provider);
  const registry = new Contract(addresses.Registry!, pcxAbis.Registry, provider);
  return {
    rpcUrl, port, deploymentId, addresses, provider, oracle, registry, node,
    async stop() {
      provider.destroy();
      await stopProcess(node);
      rmSync(deploymentDir(deploymentId), { recursive: true, force: true });
    },
  };
}

/** Factor id (1-based, in DEFAULT_FACTORS order) and on-chain value of the default factor `key`. */
export function defaultFactor(key: string): { id: number; value: bigint } {
  const i = DEFAULT_FACTORS.findIndex((f) => f.key === key);
  if (i < 0) throw new Error(`no default factor ${key}`);
  return { id: i + 1, value: factorToWeiPerBaseUnit(DEFAULT_FACTORS[i]!.value, DEFAULT_FACTORS[i]!.kind) };
}

/**
 * Binds `device` to household `household` (0-based, LOCAL_ROLES.households), certified by the
 * demo certifier (or, operator-attested, by the local oracle operator).
 */
export async function bindDevice(
  chain: ChainHandle | LocalChain,
  device: Wallet | HDNodeWallet,
  household: number,
  kind: DeviceKind,
  factorKey: string,
  operatorAttested = false,
): Promise<void> {
  const owner = hardhatAccount(LOCAL_ROLES.households[household]!, chain.provider);
  const { chainId } = await chain.provider.getNetwork();
  const factorId = defaultFactor(factorKey).id;
  const args = await localCertifiedBinding(device, owner.address, kind, factorId, chainId, chain.addresses.Registry!, operatorAttested);
  const registry = chain.registry.connect(owner) as Contract;
  await (await registry.bindDevice(...args)).wait();
}

/** Every ReadingAccepted / ReadingRejected event of `devices`, from block 0. */
export async function readingEvents(chain: ChainHandle | LocalChain, devices: readonly string[]) {
  const wanted = new Set(devices.map((d) => d.toLowerCase()));
  const accepted = (await chain.oracle.queryFilter(chain.oracle.filters.ReadingAccepted!(), 0))
    .map((e) => ("args" in e ? e.args : undefined)!)
    .filter((a) => wanted.has(String(a.device).toLowerCase()))
    .map((a) => ({ device: String(a.device).toLowerCase(), seq: BigInt(a.seq), kg: BigInt(a.kgCO2e), attested: Boolean(a.operatorAttested) }));
  const rejected = (await chain.oracle.queryFilter(chain.oracle.filters.ReadingRejected!(), 0))
    .map((e) => ("args" in e ? e.args : undefined)!)
    .filter((a) => wanted.has(String(a.device).toLowerCase()))
    .map((a) => ({ device: String(a.device).toLowerCase(), seq: BigInt(a.seq), reason: Number(a.reason) }));
  return { accepted, rejected };
}

/**
 * Every checkpoint commitment of `devices` on chain, from block 0: each CheckpointsCommitted
 * call's accepted checkpoints with the commitments of its calldata (sdk committedCheckpoints).
 */
export async function commitmentEvents(chain: ChainHandle | LocalChain, devices: readonly string[]) {
  const wanted = new Set(devices.map((d) => d.toLowerCase()));
  const oracleAddress = (await chain.oracle.getAddress()).toLowerCase();
  const out: { device: string; seq: bigint; root: string; count: number; fromSeq: bigint; submitter: string; txHash: string }[] = [];
  const records = await chain.oracle.queryFilter(chain.oracle.filters.CheckpointsCommitted!(), 0);
  for (const txHash of [...new Set(records.map((e) => e.transactionHash))]) {
    const provider = chain.oracle.runner!.provider!;
    const [receipt, tx] = await Promise.all([provider.getTransactionReceipt(txHash), provider.getTransaction(txHash)]);
    const outcomes: Outcome[] = [];
    for (const entry of receipt!.logs) {
      if (entry.address.toLowerCase() !== oracleAddress) continue;
      const parsed = chain.oracle.interface.parseLog(entry);
      if (parsed?.name === "ReadingAccepted" || parsed?.name === "ReadingRejected") outcomes.push(parsed.name === "ReadingAccepted" ? "accepted" : "rejected");
      if (parsed?.name !== "CheckpointsCommitted") continue;
      const a = parsed.args;
      for (const cp of committedCheckpoints(tx!.data as `0x${string}`, outcomes, { commitmentsHash: String(a.commitmentsHash), checkpoints: BigInt(a.checkpoints), accepted: BigInt(a.accepted) })) {
        const device = cp.reading.device.toLowerCase();
        if (wanted.has(device)) out.push({ device, seq: cp.reading.seq, root: cp.root, count: cp.count, fromSeq: BigInt(cp.fromSeq), submitter: String(a.submitter), txHash });
      }
      outcomes.length = 0;
    }
  }
  return out;
}

/**
 * Checks that the commitments of each device cover its raw readings 1..lastSeq exactly once:
 * consecutive ranges [fromSeq, seq] starting at `firstSeq`, counts summing to the readings.
 * Returns the problems found (empty when every raw reading is committed once).
 */
export function coverage(commitments: { device: string; seq: bigint; count: number; fromSeq: bigint }[], expected: { device: string; lastSeq: bigint; firstSeq?: bigint }[]) {
  const problems: string[] = [];
  for (const e of expected) {
    const mine = commitments.filter((c) => c.device === e.device.toLowerCase()).sort((a, b) => (a.seq < b.seq ? -1 : 1));
    let next = e.firstSeq ?? 1n;
    for (const c of mine) {
      if (c.fromSeq !== next) problems.push(`${e.device}: checkpoint ${c.seq} commits from ${c.fromSeq}, expected ${next}`);
      if (BigInt(c.count) !== c.seq - c.fromSeq + 1n) problems.push(`${e.device}: checkpoint ${c.seq} counts ${c.count} of ${c.seq - c.fromSeq + 1n}`);
      next = c.seq + 1n;
    }
    if (next !== e.lastSeq + 1n) problems.push(`${e.device}: committed up to ${next - 1n}, last seq ${e.lastSeq}`);
  }
  return problems;
}

/** Asserts-ready summary: duplicates and missing (device, seq) pairs among accepted events. */
export function tally(accepted: { device: string; seq: bigint }[], expected: { device: string; lastSeq: bigint; firstSeq?: bigint }[]) {
  const seen = new Map<string, number>();
  for (const a of accepted) seen.set(`${a.device}:${a.seq}`, (seen.get(`${a.device}:${a.seq}`) ?? 0) + 1);
  const duplicates = [...seen.entries()].filter(([, n]) => n > 1).map(([k]) => k);
  const missing: string[] = [];
  for (const e of expected) {
    for (let s = e.firstSeq ?? 1n; s <= e.lastSeq; s++) if (!seen.has(`${e.device.toLowerCase()}:${s}`)) missing.push(`${e.device}:${s}`);
  }
  return { duplicates, missing };
}
