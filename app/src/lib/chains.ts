/** Chains the app knows: the local Hardhat node plus common public networks PCX may be deployed to. */
import { arbitrum, arbitrumSepolia, base, baseSepolia, hardhat, mainnet, optimism, optimismSepolia, sepolia } from "viem/chains";
import type { Chain } from "viem";

export const LOCAL_RPC_URL = process.env.NEXT_PUBLIC_RPC_URL ?? "http://127.0.0.1:8545";

export const localChain: Chain = { ...hardhat, rpcUrls: { default: { http: [LOCAL_RPC_URL] } } };

export const knownChains: readonly [Chain, ...Chain[]] = [
  localChain,
  sepolia,
  baseSepolia,
  optimismSepolia,
  arbitrumSepolia,
  mainnet,
  base,
  optimism,
  arbitrum,
];

/** The block explorer of a public chain (undefined locally: the app's own explorer is used). */
export function explorerUrl(chainId: number | undefined): string | undefined {
  return knownChains.find((c) => c.id === chainId)?.blockExplorers?.default.url;
}

/** A network as people know it: the local node by a translated name, public chains by viem's, others by id. */
export function networkName(chainId: number, t: (key: "network.local" | "network.unknown", vars?: Record<string, string | number>) => string): string {
  if (chainId === localChain.id) return t("network.local");
  const chain = knownChains.find((c) => c.id === chainId);
  return chain ? chain.name : t("network.unknown", { id: chainId });
}
