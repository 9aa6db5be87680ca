/**
 * What an audit run works on: an RPC provider, the PCX contract addresses (from the Ignition
 * deployment of the chain, or from flags), their ABIs (from the compiled artifacts) and the block
 * range to read.
 */
import { Contract, JsonRpcProvider, type InterfaceAbi } from "ethers";
import { deploymentStartBlock as sdkDeploymentStartBlock, loadAddresses, type PcxAddresses, type PcxContractName } from "../sdk/deployment.js";
import { pcxAbis } from "../sdk/contracts.js";

/** The contracts the audit reads. OrderBook is optional until it is deployed. */
export const CORE_CONTRACTS = ["PeriodCalendar", "CarbonCredit", "EmissionFactors", "Registry", "EmissionOracle", "CarbonBudget"] as const;
export type CoreContractName = (typeof CORE_CONTRACTS)[number];

export interface AuditTarget {
  provider: JsonRpcProvider;
  chainId: bigint;
  addresses: PcxAddresses;
  abis: Partial<Record<PcxContractName, InterfaceAbi>>;
  contracts: Record<CoreContractName, Contract> & { OrderBook?: Contract };
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
  let addresses: PcxAddresses = {};
  try {
    addresses = loadAddresses(opts.deploymentId ?? chainId);
  } catch (err) {
    if (!opts.addresses) throw err;
  }
  addresses = { ...addresses, ...opts.addresses };
  const abis: AuditTarget["abis"] = {};
  const contracts: Partial<AuditTarget["contracts"]> = {};
  for (const name of CORE_CONTRACTS) {
    const address = addresses[name];
    if (!address) throw new Error(`No address for ${name}: pass --${name} or deploy with Ignition first`);
    abis[name] = (pcxAbis[name as keyof typeof pcxAbis] as InterfaceAbi);
    contracts[name] = new Contract(address, abis[name], provider);
  }
  if (addresses.OrderBook) {
    abis.OrderBook = pcxAbis.OrderBook;
    contracts.OrderBook = new Contract(addresses.OrderBook, abis.OrderBook, provider);
  }
  const toBlock = opts.toBlock ?? (await provider.getBlockNumber());
  return {
    provider,
    chainId,
    addresses,
    abis,
    contracts: contracts as AuditTarget["contracts"],
    fromBlock: opts.fromBlock ?? deploymentStartBlock(opts.deploymentId ?? chainId) ?? 0,
    toBlock,
  };
}

/** The first block of an Ignition deployment (its journal's first receipt); see sdk/deployment.ts. */
export function deploymentStartBlock(deploymentId: bigint | string): number | undefined {
  return sdkDeploymentStartBlock(deploymentId);
}
