/**
 * The wagmi configuration: EIP-6963 discovered wallets, plus Hardhat's test accounts on the local
 * chain. Reads issued in the same tick go to the node as one JSON-RPC batch (a page's first reads
 * are a dozen eth_calls: one HTTP round trip instead of a dozen requests).
 */
import { createConfig, http } from "wagmi";
import { injected } from "wagmi/connectors";
import type { Transport } from "viem";
import { knownChains, LOCAL_RPC_URL, localChain } from "./chains";
import { hardhatAccount } from "./hardhat-accounts";

export const HARDHAT_ACCOUNT_COUNT = 10;

export function makeWagmiConfig() {
  return createConfig({
    chains: knownChains,
    multiInjectedProviderDiscovery: true,
    connectors: [injected(), ...Array.from({ length: HARDHAT_ACCOUNT_COUNT }, (_, i) => hardhatAccount(i, LOCAL_RPC_URL))],
    transports: Object.fromEntries(
      knownChains.map((c) => [c.id, c.id === localChain.id ? http(LOCAL_RPC_URL, { batch: true }) : http(undefined, { batch: true })]),
    ) as Record<(typeof knownChains)[number]["id"], Transport>,
    ssr: true,
    pollingInterval: 1_000,
  });
}
