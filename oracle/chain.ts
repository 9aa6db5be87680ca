/**
 * The chain side of the oracle: RPC provider (static network, so an unreachable endpoint never
 * blocks start-up in ethers' network detection), the operator wallet, EmissionOracle and Registry
 * contracts (ABIs from artifacts, addresses from the Ignition deployment or config), and the
 * ChainDirectory that validates devices against the Registry and the oracle's device state.
 */
import { Contract, HDNodeWallet, JsonRpcProvider, Network, Wallet, type InterfaceAbi } from "ethers";
import type { Logger } from "pino";
import { loadAbi, loadAddresses } from "../sdk/deployment.js";
import { HARDHAT_MNEMONIC, LOCAL_CHAIN_ID } from "../sdk/local-chain.js";
import { emissionOracleDomain, type TypedDataDomain } from "../sdk/typed-data.js";
import type { DeviceKind } from "../sdk/units.js";
import type { OracleConfig } from "./config.js";
import type { DeviceDirectory, DeviceInfo } from "./directory.js";
import type { OracleMetrics } from "./metrics.js";

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retries `fn` with exponential backoff (250 ms → 10 s) until it succeeds or `stopped()` says so. */
export async function withRetry<T>(
  what: string,
  fn: () => Promise<T>,
  opts: { log: Logger; metrics?: OracleMetrics; stopped?: () => boolean },
): Promise<T> {
  let delay = 250;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (opts.stopped?.()) throw err;
      opts.metrics?.rpcErrors.inc({ stage: what });
      opts.log.warn({ err: (err as Error).message?.slice(0, 200), retryInMs: delay }, `${what} failed; retrying`);
      await sleep(delay);
      delay = Math.min(delay * 2, 10_000);
    }
  }
}

/** eth_chainId by plain JSON-RPC (no provider state involved). */
export async function fetchChainId(rpcUrl: string): Promise<bigint> {
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
  });
  const body = (await res.json()) as { result?: string; error?: unknown };
  if (!body.result) throw new Error(`eth_chainId failed: ${JSON.stringify(body.error)}`);
  return BigInt(body.result);
}

export interface Chain {
  chainId: bigint;
  provider: JsonRpcProvider;
  wallet: Wallet | HDNodeWallet;
  oracle: Contract;
  registry: Contract;
  domain: TypedDataDomain;
}

/** The operator key: explicit, or Hardhat's test mnemonic account (local chain only). */
export function operatorWallet(config: Pick<OracleConfig, "oracleKey" | "oracleAccount">, chainId: bigint) {
  if (config.oracleKey) return new Wallet(config.oracleKey);
  if (chainId !== BigInt(LOCAL_CHAIN_ID)) {
    throw new Error(`PCX_ORACLE_KEY is required on chain ${chainId} (the Hardhat test accounts are for chain ${LOCAL_CHAIN_ID} only)`);
  }
  return HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, `m/44'/60'/0'/0/${config.oracleAccount}`);
}

export async function connectChain(
  config: OracleConfig,
  log: Logger,
  stopped: () => boolean = () => false,
): Promise<Chain> {
  const chainId = await withRetry("chain_id", () => fetchChainId(config.rpcUrl), { log, stopped });
  let oracleAddress = config.oracleAddress;
  let registryAddress = config.registryAddress;
  if (!oracleAddress || !registryAddress) {
    const deployed = loadAddresses(config.deployment ?? chainId);
    oracleAddress ??= deployed.EmissionOracle;
    registryAddress ??= deployed.Registry;
  }
  if (!oracleAddress || !registryAddress) throw new Error("EmissionOracle / Registry address not found in the deployment");
  const provider = new JsonRpcProvider(config.rpcUrl, undefined, {
    staticNetwork: Network.from(chainId),
    batchMaxCount: 1,
    pollingInterval: 250,
    cacheTimeout: -1, // nonces and receipts must never come from ethers' 250 ms request cache
  });
  const wallet = operatorWallet(config, chainId).connect(provider);
  const oracle = new Contract(oracleAddress, loadAbi("EmissionOracle") as InterfaceAbi, wallet);
  const registry = new Contract(registryAddress, loadAbi("Registry") as InterfaceAbi, provider);
  return { chainId, provider, wallet, oracle, registry, domain: emissionOracleDomain(chainId, oracleAddress) };
}

/**
 * Device records from the Registry plus the oracle's last accepted state, cached for `ttlMs`
 * (revocations are picked up within that time; the chain rejects revoked devices anyway).
 * While the RPC endpoint is down a lookup waits with backoff: the MQTT message stays
 * unacknowledged, so nothing is lost.
 */
export class ChainDirectory implements DeviceDirectory {
  private readonly cache = new Map<string, { info: DeviceInfo; at: number }>();

  constructor(
    private readonly chain: Pick<Chain, "oracle" | "registry">,
    private readonly opts: { log: Logger; metrics?: OracleMetrics; ttlMs?: number; stopped?: () => boolean },
  ) {}

  /** Cached owner of a device (lower-case), if known. */
  ownerOf(device: string): string | undefined {
    return this.cache.get(device.toLowerCase())?.info.owner.toLowerCase();
  }

  async lookup(device: string): Promise<DeviceInfo> {
    const key = device.toLowerCase();
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < (this.opts.ttlMs ?? 60_000)) return hit.info;
    const info = await withRetry(
      "directory",
      async () => {
        const [d, s] = await Promise.all([this.chain.registry.device(key), this.chain.oracle.deviceState(key)]);
        const lastSeq = BigInt(s.lastSeq);
        return {
          status: Number(d.status),
          owner: String(d.owner),
          kind: Number(d.kind) as DeviceKind,
          factorId: Number(d.factorId),
          operatorAttested: Boolean(d.operatorAttested),
          chainHead:
            lastSeq === 0n
              ? undefined
              : { seq: lastSeq, timestamp: BigInt(s.lastTimestamp), cumulative: BigInt(s.lastCumulative) },
        } satisfies DeviceInfo;
      },
      this.opts,
    );
    this.cache.set(key, { info, at: Date.now() });
    return info;
  }
}
