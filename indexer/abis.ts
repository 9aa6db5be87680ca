/**
 * What the indexer indexes, from what the build and the deploy produced (nothing copied by hand):
 * the ABIs from Hardhat's artifacts (`hardhat build`), the addresses from the Ignition deployment
 * and the start block from its journal (sdk/deployment.ts). Typed by Hardhat's generated
 * artifacts.d.ts, so handlers see decoded, typed event arguments.
 *
 * Environment: PCX_CHAIN_ID (31337), PCX_DEPLOYMENT_ID (chain-<id>).
 */
import type { ArtifactMap } from "hardhat/types/artifacts";
import { deploymentStartBlock, loadAddresses } from "../sdk/deployment.js";
import { pcxAbis } from "../sdk/contracts.js";

export const INDEXED_CONTRACTS = ["CarbonCredit", "EmissionFactors", "Registry", "EmissionOracle", "CarbonBudget", "OrderBook", "CommunityBoard"] as const;
export type IndexedContract = (typeof INDEXED_CONTRACTS)[number];

export const chainId = Number(process.env.PCX_CHAIN_ID ?? 31337);
export const deploymentId = process.env.PCX_DEPLOYMENT_ID ?? `chain-${chainId}`;

/** The indexed contracts' ABIs (sdk/generated, from the build): handlers see typed event arguments. */
export const abis = pcxAbis;

/** Contracts a deployment may not have yet (deployed later, or by an older version of the modules). */
const OPTIONAL: readonly IndexedContract[] = ["OrderBook", "CommunityBoard"];

export const addresses = loadAddresses(deploymentId);
for (const name of INDEXED_CONTRACTS) {
  if (!addresses[name] && !OPTIONAL.includes(name)) throw new Error(`indexer: no address for ${name} in Ignition deployment ${deploymentId}`);
}
/** The contracts indexed on this deployment: the order book and the community board only once deployed. */
export const deployedContracts = INDEXED_CONTRACTS.filter((name) => addresses[name] !== undefined);

/**
 * The order book's quote token, for the risk signals' funding links (sdk/risk): PCX_QUOTE_ADDRESS,
 * else the deployment's TestUSD; none (quote transfers not indexed) when neither is known. Only its
 * Transfer events are read, into quote_transfer (not the explorer's event_log).
 */
export const quoteAddress = (process.env.PCX_QUOTE_ADDRESS ?? addresses.TestUSD)?.toLowerCase() as `0x${string}` | undefined;
export const erc20TransferAbi = [
  {
    type: "event",
    name: "Transfer",
    anonymous: false,
    inputs: [
      { indexed: true, name: "from", type: "address" },
      { indexed: true, name: "to", type: "address" },
      { indexed: false, name: "value", type: "uint256" },
    ],
  },
] as const;

/** First block to read: the deployment's first receipt (0 when the journal is missing). */
export const startBlock = deploymentStartBlock(deploymentId) ?? 0;

/** The names of the events in a contract's ABI. */
export function eventNames(contract: IndexedContract): string[] {
  return (abis[contract] as readonly { type: string; name?: string }[]).filter((i) => i.type === "event").map((i) => i.name!);
}
