/**
 * What an audit run works on: an RPC provider (ethers, for logs, blocks and transactions), a viem
 * client for the contracts' views, the PCX contract addresses (from the Ignition deployment of
 * the chain, or from flags), their typed ABIs (sdk/contracts.ts) and the block range to read.
 */
import { JsonRpcProvider } from "ethers";
import { createPublicClient, getContract, http, isAddress, type Address, type GetContractReturnType, type PublicClient } from "viem";
import { deploymentStartBlock as sdkDeploymentStartBlock, loadAddresses, type PcxAddresses } from "../sdk/deployment.js";
import { pcxAbis } from "../sdk/contracts.js";
import type { ChainEvent } from "./events.js";

/** The contracts the audit reads. OrderBook is optional until it is deployed. */
export const CORE_CONTRACTS = ["PeriodCalendar", "CarbonCredit", "EmissionFactors", "Registry", "EmissionOracle", "CarbonBudget"] as const;
export type CoreContractName = (typeof CORE_CONTRACTS)[number];
export type AuditContractName = CoreContractName | "OrderBook";

/** A contract's ABI, `as const`. */
export type AuditAbi<N extends AuditContractName> = (typeof pcxAbis)[N];

/** The decoded events of contract `N`, typed by its ABI (narrow by `eventName` or with `named`). */
export type ContractEvents<N extends AuditContractName> = ChainEvent<AuditAbi<N>>;

/** The contracts that emit events (PeriodCalendar has none). */
export type EventContractName = Exclude<AuditContractName, "PeriodCalendar">;

/** Every event of the audited contracts, by contract; OrderBook only when it is deployed. */
export type EventsByContract = { [N in Exclude<EventContractName, "OrderBook">]: ContractEvents<N>[] } & { OrderBook?: ContractEvents<"OrderBook">[] };

/** A contract's typed views (`c.read.name(args, { blockNumber })`, viem), on the target's client. */
export type AuditContract<N extends AuditContractName> = GetContractReturnType<AuditAbi<N>, PublicClient>;

export interface AuditTarget {
  provider: JsonRpcProvider;
  /** The same RPC, for typed contract reads. */
  client: PublicClient;
  chainId: bigint;
  addresses: PcxAddresses & Record<CoreContractName, Address>;
  abis: { [N in CoreContractName]: AuditAbi<N> } & { OrderBook?: AuditAbi<"OrderBook"> };
  contracts: { [N in CoreContractName]: AuditContract<N> } & { OrderBook?: AuditContract<"OrderBook"> };
  fromBlock: number;
  toBlock: number;
}

export interface TargetOptions {
  rpc: string;
  fromBlock?: number;
  toBlock?: number;
  /** Ignition deployment id (default `chain-<chainId>`). */
  deploymentId?: string;
  /** Explicit addresses; they override the deployment's. */
  addresses?: PcxAddresses;
}

export async function openTarget(opts: TargetOptions): Promise<AuditTarget> {
  const provider = new JsonRpcProvider(opts.rpc, undefined, { staticNetwork: true, batchMaxCount: 1 });
  const chainId = (await provider.getNetwork()).chainId;
  let loaded: PcxAddresses = {};
  try {
    loaded = loadAddresses(opts.deploymentId ?? chainId);
  } catch (err) {
    if (!opts.addresses) throw err;
  }
  const all: PcxAddresses = { ...loaded, ...opts.addresses };
  const need = (name: CoreContractName): `0x${string}` => {
    const address = all[name];
    if (!address) throw new Error(`No address for ${name}: pass --${name} or deploy with Ignition first`);
    return address;
  };
  const addresses = {
    ...all,
    PeriodCalendar: need("PeriodCalendar"),
    CarbonCredit: need("CarbonCredit"),
    EmissionFactors: need("EmissionFactors"),
    Registry: need("Registry"),
    EmissionOracle: need("EmissionOracle"),
    CarbonBudget: need("CarbonBudget"),
  };
  const abis: AuditTarget["abis"] = { ...pcxAbis, OrderBook: addresses.OrderBook ? pcxAbis.OrderBook : undefined };
  const client = createPublicClient({ transport: http(opts.rpc) });
  const contracts: AuditTarget["contracts"] = {
    PeriodCalendar: getContract({ address: addresses.PeriodCalendar, abi: abis.PeriodCalendar, client }),
    CarbonCredit: getContract({ address: addresses.CarbonCredit, abi: abis.CarbonCredit, client }),
    EmissionFactors: getContract({ address: addresses.EmissionFactors, abi: abis.EmissionFactors, client }),
    Registry: getContract({ address: addresses.Registry, abi: abis.Registry, client }),
    EmissionOracle: getContract({ address: addresses.EmissionOracle, abi: abis.EmissionOracle, client }),
    CarbonBudget: getContract({ address: addresses.CarbonBudget, abi: abis.CarbonBudget, client }),
    OrderBook: addresses.OrderBook ? getContract({ address: addresses.OrderBook, abi: pcxAbis.OrderBook, client }) : undefined,
  };
  const toBlock = opts.toBlock ?? (await provider.getBlockNumber());
  return {
    provider,
    client,
    chainId,
    addresses,
    abis,
    contracts,
    fromBlock: opts.fromBlock ?? deploymentStartBlock(opts.deploymentId ?? chainId) ?? 0,
    toBlock,
  };
}

/** Read options for the audited block (`{ blockNumber: toBlock }`). */
export function atBlock(target: AuditTarget): { blockNumber: bigint } {
  return { blockNumber: BigInt(target.toBlock) };
}

/** An address string (any case) as viem's `Address`; throws on anything else. */
export function toAddress(value: string): Address {
  if (!isAddress(value, { strict: false })) throw new Error(`not an address: ${value}`);
  return value;
}

/** The first block of an Ignition deployment (its journal's first receipt); see sdk/deployment.ts. */
export function deploymentStartBlock(deploymentId: bigint | string): number | undefined {
  return sdkDeploymentStartBlock(deploymentId);
}
