/**
 * Node-side access to what the build and the Ignition deployment produced: contract ABIs from
 * Hardhat's compiled artifacts and deployed addresses from `ignition/deployments/<id>/`.
 * Nothing here is copied by hand; run `npx hardhat build` and an Ignition deploy first.
 * (The browser app gets the same data through the generated module written by
 * scripts/generate-app-config.ts.)
 */
import { readFileSync, existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

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

/** Finds the artifact JSON for a contract name anywhere under artifacts/contracts. */
function findArtifact(dir: string, name: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === `${name}.sol` && existsSync(path.join(p, `${name}.json`))) return path.join(p, `${name}.json`);
      const found = findArtifact(p, name);
      if (found) return found;
    }
  }
  return undefined;
}

/** The ABI of a compiled contract, from artifacts/. Throws with a hint if not built yet. */
export function loadAbi(name: string, root = REPO_ROOT): readonly unknown[] {
  const base = path.join(root, "artifacts", "contracts");
  const file = existsSync(base) ? findArtifact(base, name) : undefined;
  if (!file) throw new Error(`No artifact for ${name} under ${base}: run \`npx hardhat build\` first`);
  return JSON.parse(readFileSync(file, "utf8")).abi as readonly unknown[];
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
