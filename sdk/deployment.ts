/**
 * Node-side access to what the Ignition deployment produced: deployed addresses from
 * `ignition/deployments/<id>/`. Nothing here is copied by hand; deploy with Ignition first.
 * (The ABIs are sdk/contracts.ts's, generated from the build; the browser app gets the
 * addresses through the module written by scripts/generate-app-config.ts.)
 */
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pcxAbis } from "./generated/abis.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The PCX contracts, by the name Ignition gives their futures (module "PCX"). */
export const PCX_CONTRACTS = [
  "PeriodCalendar",
  "CarbonCredit",
  "EmissionFactors",
  "Registry",
  "EmissionOracle",
  "CarbonBudget",
  "OrderBook",
  "TestUSD",
  "CommunityBoard",
] as const;
export type PcxContractName = (typeof PCX_CONTRACTS)[number];

export type PcxAddresses = Partial<Record<PcxContractName, `0x${string}`>>;

/**
 * The ABI of a PCX contract, untyped (for callers that pick the contract by a runtime name).
 * Typed code imports `pcxAbis` / `abiOf` from sdk/contracts.ts: both read sdk/generated/abis.ts.
 */
export function loadAbi(name: string): readonly unknown[] {
  const abi = (pcxAbis as Record<string, readonly unknown[]>)[name];
  if (!abi) throw new Error(`${name} is not a PCX contract (sdk/generated/abis.ts: ${Object.keys(pcxAbis).join(", ")})`);
  return abi;
}

/** Ignition's deployment folder for a chain: `chain-<chainId>` unless an explicit id is given. */
export function deploymentDir(chainIdOrDeploymentId: bigint | number | string, root = REPO_ROOT): string {
  const id = typeof chainIdOrDeploymentId === "string" ? chainIdOrDeploymentId : `chain-${chainIdOrDeploymentId}`;
  return path.join(root, "ignition", "deployments", id);
}

/**
 * Deployed PCX addresses for a chain, from Ignition's deployed_addresses.json
 * (keys "PCX#CarbonCredit" etc.; the last "#"-part names the contract).
 */
export function loadAddresses(chainIdOrDeploymentId: bigint | number | string, root = REPO_ROOT): PcxAddresses {
  const file = path.join(deploymentDir(chainIdOrDeploymentId, root), "deployed_addresses.json");
  if (!existsSync(file)) throw new Error(`No Ignition deployment at ${file}: deploy first (see README)`);
  const raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  const out: PcxAddresses = {};
  for (const [future, address] of Object.entries(raw)) {
    const name = future.split("#").pop() as PcxContractName;
    if ((PCX_CONTRACTS as readonly string[]).includes(name)) out[name] = address as `0x${string}`;
  }
  return out;
}

/**
 * The first block of an Ignition deployment, from the receipts in its journal (so a public
 * chain is not scanned from genesis); undefined when there is no journal.
 */
export function deploymentStartBlock(chainIdOrDeploymentId: bigint | number | string, root = REPO_ROOT): number | undefined {
  const journal = path.join(deploymentDir(chainIdOrDeploymentId, root), "journal.jsonl");
  if (!existsSync(journal)) return undefined;
  let first: number | undefined;
  for (const line of readFileSync(journal, "utf8").split("\n")) {
    if (!line.includes('"TRANSACTION_CONFIRM"')) continue;
    const entry = JSON.parse(line) as { receipt?: { blockNumber?: number } };
    const block = entry.receipt?.blockNumber;
    if (typeof block === "number" && (first === undefined || block < first)) first = block;
  }
  return first;
}
