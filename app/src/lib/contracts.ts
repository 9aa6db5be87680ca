/**
 * The PCX contracts for a chain: ABIs from the sdk (sdk/contracts.ts, generated from the build)
 * and addresses from the generated module (scripts/generate-app-config.ts, from Ignition deployments).
 */
import { erc20Abi, type Abi, type Address } from "viem";
import { accessControlAbi, pcxAbis } from "@sdk/generated/abis";
import { deployments } from "@/generated/contracts";

export const abis = {
  ...pcxAbis,
  // the quote token may be any ERC-20 (TestUSD only on a local chain)
  TestUSD: erc20Abi,
} as const;

export type ContractName = keyof typeof abis;

/** Every error and event of every PCX contract, for decoding reverts and logs. */
export const allPcxAbi: Abi = (() => {
  const seen = new Set<string>();
  const out: Abi[number][] = [];
  for (const abi of [...Object.values(abis), accessControlAbi] as Abi[]) {
    for (const item of abi) {
      if (item.type !== "error" && item.type !== "event") continue;
      const key = `${item.type}:${item.name}(${item.inputs.map((i) => i.type).join(",")})`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(item);
    }
  }
  return out;
})();

export type PcxAddresses = Partial<Record<ContractName, Address>>;

/** Deployed addresses for `chainId` (empty when PCX is not deployed there). */
export function addressesFor(chainId: number | undefined): PcxAddresses {
  if (chainId === undefined) return {};
  return (deployments[chainId] ?? {}) as PcxAddresses;
}

/** Chain ids with a PCX deployment. */
export const deployedChainIds: number[] = Object.keys(deployments).map(Number);

/** Contract name for an address on a chain, if it is a PCX contract. */
export function nameOfAddress(chainId: number | undefined, address: string): ContractName | undefined {
  const entries = Object.entries(addressesFor(chainId)) as [ContractName, Address][];
  return entries.find(([, a]) => a.toLowerCase() === address.toLowerCase())?.[0];
}
