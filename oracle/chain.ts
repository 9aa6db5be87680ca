/**
 * The chain side of the oracle: RPC provider (static network, so an unreachable endpoint never
 * blocks start-up in ethers' network detection), the operator wallet, EmissionOracle and Registry
 * contracts (ABIs from artifacts, addresses from the Ignition deployment or config), and the
 * ChainDirectory that validates devices against the Registry and the oracle's device state.
 */
import { Contract, HDNodeWallet, JsonRpcProvider, Network, Wallet, type InterfaceAbi } from "ethers";
import type { Logger } from "pino";
import { loadAddresses } from "../sdk/deployment.js";
import { pcxAbis } from "../sdk/contracts.js";
import { HARDHAT_MNEMONIC, LOCAL_CHAIN_ID } from "../sdk/local-chain.js";
import { emissionOracleDomain, type TypedDataDomain } from "../sdk/typed-data.js";
import type { DeviceKind } from "../sdk/units.js";
import type { OracleConfig } from "./config.js";
import { DeviceStatus, type DeviceDirectory, type DeviceInfo } from "./directory.js";
import { LruCache } from "./lru.js";
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
  const oracle = new Contract(oracleAddress, pcxAbis.EmissionOracle, wallet);
  const registry = new Contract(registryAddress, pcxAbis.Registry, provider);
  return { chainId, provider, wallet, oracle, registry, domain: emissionOracleDomain(chainId, oracleAddress) };
}

/** Defaults of the ChainDirectory cache. */
export const DEVICE_CACHE_DEFAULTS = { maxEntries: 10_000, ttlMs: 60_000, negativeTtlMs: 60_000 };

/**
 * Device records from the Registry plus the oracle's last accepted state, cached for `ttlMs`
 * (revocations are picked up within that time; the chain rejects revoked devices anyway).
 * The cache is bounded: at most `maxEntries` known devices and as many unknown ones, kept
 * apart, so a flood of random addresses only churns the unknown entries (each expiring after
 * `negativeTtlMs`, so a device bound meanwhile is seen) and never evicts the real fleet.
 * Concurrent lookups of one device share one pair of RPC calls. While the RPC endpoint is down a
 * lookup waits with backoff: the MQTT message stays unacknowledged, so nothing is lost.
 */
export class ChainDirectory implements DeviceDirectory {
  private readonly known: LruCache<DeviceInfo>;
  private readonly unknown: LruCache<DeviceInfo>;
  private readonly pending = new Map<string, Promise<DeviceInfo>>();
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  /** RPC calls made (two per lookup that missed the cache). */
  rpcCalls = 0;

  constructor(
    private readonly chain: Pick<Chain, "oracle" | "registry">,
    private readonly opts: {
      log: Logger;
      metrics?: OracleMetrics;
      ttlMs?: number;
      negativeTtlMs?: number;
      maxEntries?: number;
      now?: () => number;
      stopped?: () => boolean;
    },
  ) {
    const max = opts.maxEntries ?? DEVICE_CACHE_DEFAULTS.maxEntries;
    this.known = new LruCache(max, opts.now);
    this.unknown = new LruCache(max, opts.now);
    this.ttlMs = opts.ttlMs ?? DEVICE_CACHE_DEFAULTS.ttlMs;
    this.negativeTtlMs = opts.negativeTtlMs ?? DEVICE_CACHE_DEFAULTS.negativeTtlMs;
  }

  /** Cached entries (known + unknown devices). */
  get size(): number {
    return this.known.size + this.unknown.size;
  }

  /** Cached owner of a device (lower-case), if known. */
  ownerOf(device: string): string | undefined {
    return this.known.peek(device.toLowerCase())?.owner.toLowerCase();
  }

  async lookup(device: string): Promise<DeviceInfo> {
    const key = device.toLowerCase();
    const hit = this.known.get(key) ?? this.unknown.get(key);
    if (hit) return hit;
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.fetch(key).finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }

  private async fetch(key: string): Promise<DeviceInfo> {
    const info = await withRetry(
      "directory",
      async () => {
        this.rpcCalls += 2;
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
    if (info.status === DeviceStatus.None) {
      this.unknown.set(key, info, this.negativeTtlMs);
    } else {
      this.unknown.delete(key);
      this.known.set(key, info, this.ttlMs);
    }
    return info;
  }
}
