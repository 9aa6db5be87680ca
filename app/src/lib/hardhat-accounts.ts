/**
 * A wagmi connector for one of Hardhat's well-known test accounts on the local chain (31337):
 * transactions and signatures are made in the browser with viem's local account, so a developer
 * needs no wallet extension. The mnemonic is public; the connector refuses any other chain.
 *
 * The address comes from sdk/local-chain's list; the signing key is derived from the mnemonic
 * only when the account is first asked for a wallet client (getClient), with the BIP-32/39 code
 * loaded then. Deriving it is a BIP-39 seed (PBKDF2, 2,048 rounds of SHA-512 in JavaScript,
 * ≈ 35 ms): done for all ten connectors at start-up it cost every server render and every page
 * hydration ≈ 0.35 s of CPU, and the code sat in every page's first bundle.
 */
import { createConnector } from "wagmi";
import { createWalletClient, custom, getAddress, http, type EIP1193RequestFn } from "viem";
import type { HDAccount } from "viem/accounts";
import { HARDHAT_ACCOUNTS, HARDHAT_MNEMONIC, LOCAL_CHAIN_ID } from "@sdk/local-chain";

const STORAGE_KEY = "pcx.hardhatAccount";

/** Hardhat test account `index`: its address at once, its signing account derived on first use. */
export function lazyHardhatAccount(index: number): { address: `0x${string}`; signer(): Promise<HDAccount> } {
  const address = HARDHAT_ACCOUNTS[index];
  if (!address) throw new Error(`Hardhat test account #${index} does not exist`);
  let signer: Promise<HDAccount> | undefined;
  const derive = async () => (await import("viem/accounts")).mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index });
  return { address, signer: () => (signer ??= derive()) };
}

export function hardhatAccount(index: number, rpcUrl: string) {
  const account = lazyHardhatAccount(index);
  let connected = false;
  return createConnector((config) => {
    const chain = config.chains.find((c) => c.id === LOCAL_CHAIN_ID);
    const request = (async ({ method, params }: { method: string; params?: unknown }) => {
      if (method === "eth_chainId") return `0x${LOCAL_CHAIN_ID.toString(16)}`;
      if (method === "eth_accounts" || method === "eth_requestAccounts") return connected ? [account.address] : [];
      const res = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
      const body = (await res.json()) as { result?: unknown; error?: { message: string; code: number; data?: unknown } };
      if (body.error) throw Object.assign(new Error(body.error.message), body.error);
      return body.result;
    }) as EIP1193RequestFn;
    const provider = custom({ request })({ retryCount: 0 });
    return {
      id: `hardhat-${index}`,
      name: `Hardhat #${index}`,
      type: "hardhatAccount",
      async connect(parameters?: { chainId?: number; withCapabilities?: boolean }) {
        if (!chain) throw new Error("The local chain 31337 is not configured");
        if (parameters?.chainId && parameters.chainId !== LOCAL_CHAIN_ID) throw new Error("Hardhat accounts exist only on chain 31337");
        connected = true;
        if (typeof localStorage !== "undefined") localStorage.setItem(STORAGE_KEY, String(index));
        const accounts = parameters?.withCapabilities ? [{ address: account.address, capabilities: {} }] : [account.address];
        return { accounts, chainId: LOCAL_CHAIN_ID } as never;
      },
      async disconnect() {
        connected = false;
        if (typeof localStorage !== "undefined" && localStorage.getItem(STORAGE_KEY) === String(index)) localStorage.removeItem(STORAGE_KEY);
      },
      async getAccounts() {
        return connected ? [getAddress(account.address)] : [];
      },
      async getChainId() {
        return LOCAL_CHAIN_ID;
      },
      async getProvider() {
        return provider;
      },
      async getClient() {
        return createWalletClient({ account: await account.signer(), chain, transport: http(rpcUrl) });
      },
      async isAuthorized() {
        if (typeof localStorage === "undefined") return false;
        const ok = localStorage.getItem(STORAGE_KEY) === String(index);
        if (ok) connected = true;
        return ok;
      },
      onAccountsChanged() {},
      onChainChanged() {},
      async onDisconnect() {
        connected = false;
        config.emitter.emit("disconnect");
      },
    };
  });
}
