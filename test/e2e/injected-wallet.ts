import { fileURLToPath } from "node:url";
import type { BrowserContext } from "playwright-core";

/**
 * A browser wallet for the e2e test, injected into the page before any script runs
 * (`BrowserContext.addInitScript`). It announces itself through EIP-6963 like MetaMask and
 * speaks EIP-1193: accounts and chain switching are its own; signing requests go to the real
 * Hardhat node (whose test accounts are unlocked); every other call is forwarded to that node.
 * What a user does in an extension's popup is scripted through `window.__pcxE2eWallet`:
 *   chainId      — the chain the wallet is on (start on another network to test the switch prompt)
 *   rejectNext   — refuse the next signing request with EIP-1193 code 4001, as a user clicking "Reject"
 *   prompts      — every signing request the app made, in order (to prove none was made)
 */
export interface InjectedWalletOptions {
  rpcUrl: string;
  account: string;
  chainId: number;
  name: string;
}

/** The page-side state the test reads and scripts. */
export interface InjectedWalletState {
  chainId: number;
  connected: boolean;
  rejectNext: boolean;
  prompts: string[];
}

const SCRIPT = fileURLToPath(new URL("./injected-wallet.browser.js", import.meta.url));

/** Installs the wallet in every page `ctx` opens from now on. */
export async function installInjectedWallet(ctx: BrowserContext, opts: InjectedWalletOptions): Promise<void> {
  await ctx.addInitScript((o) => {
    (window as unknown as { __pcxE2eWalletOptions: InjectedWalletOptions }).__pcxE2eWalletOptions = o;
  }, opts);
  await ctx.addInitScript({ path: SCRIPT });
}
