/**
 * The e2e's wallet-error flow, with a browser wallet discovered through EIP-6963 (injected-wallet.ts):
 *   1. connecting on another network (Sepolia) shows a notice naming it; its "Switch to Hardhat
 *      (local)" button moves the wallet to the local chain and the dashboard appears;
 *   2. bad order input (no price, more than the balance) gets its message and never reaches the wallet;
 *   3. a self-made meter binding (its certifier a random key) is refused on the Meters page with a
 *      sentence, before any wallet prompt;
 *   4. a signature the user refuses (EIP-1193 code 4001) shows a clear message and sends nothing;
 *   5. the same action accepted in the wallet goes through to the chain.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { Abi, Address, PublicClient } from "viem";
import { en } from "../../app/src/i18n/en.js";
import { translate } from "../../app/src/i18n/index.js";
import { installInjectedWallet, type InjectedWalletState } from "./injected-wallet.js";

const TIMEOUT = 30_000;
const SEPOLIA = 11_155_111;
const WALLET_NAME = "PCX E2E Wallet";

export interface WalletErrorFlowArgs {
  browser: Browser;
  appUrl: string;
  rpcUrl: string;
  client: PublicClient;
  /** An enrolled household that has not claimed this period's allowance. */
  account: Address;
  pcc: Address;
  pccAbi: Abi;
  /** A binding document for `account` certified by a key no Registry names, and the sentence that refuses it. */
  selfMadeBinding: { document: string; message: string };
  /** A price inside the book's band (market steps are skipped without one). */
  price?: string;
  log: (msg: string) => void;
}

const walletState = (page: Page) =>
  page.evaluate(() => ({ ...(window as unknown as { __pcxE2eWallet: InjectedWalletState }).__pcxE2eWallet }));

async function txError(page: Page): Promise<{ name: string | null; text: string | null }> {
  const status = page.getByTestId("tx-status").first();
  await page.locator('[data-testid="tx-status"][data-status="failed"]').first().waitFor({ timeout: TIMEOUT });
  const error = status.getByTestId("tx-error");
  return { name: await error.getAttribute("data-error"), text: await error.textContent() };
}

export async function walletErrorFlow(a: WalletErrorFlowArgs): Promise<void> {
  const ctx = await a.browser.newContext();
  await installInjectedWallet(ctx, { rpcUrl: a.rpcUrl, account: a.account, chainId: SEPOLIA, name: WALLET_NAME });
  const page = await ctx.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  const balance = () => a.client.readContract({ address: a.pcc, abi: a.pccAbi, functionName: "balanceOf", args: [a.account] }) as Promise<bigint>;
  try {
    // 1. Discovered by EIP-6963, connected on the wrong network, switched from the notice.
    await page.goto(`${a.appUrl}/connect`);
    await page.getByRole("button", { name: WALLET_NAME }).click();
    const notice = page.getByTestId("wrong-network").first();
    await notice.waitFor({ timeout: TIMEOUT });
    // The notice names the wallet's network and the one to switch to, by name (not "chain 31337").
    assert.equal(await notice.locator("p").first().textContent(), translate(en, "connect.wrongNetwork", { current: "Sepolia" }));
    assert.equal(await page.getByTestId("claim-allowance").count(), 0, "nothing to act on while on the wrong network");
    await notice.getByRole("button", { name: translate(en, "connect.switchTo", { chain: en["network.local"] }) }).click();
    await page.getByTestId("claim-allowance").waitFor({ timeout: TIMEOUT });
    assert.equal((await walletState(page)).chainId, 31337, "the wallet was asked to switch to the local chain");
    a.log("wallet on another network: notice shown, switched to the local chain from it");

    // 2. Bad input is refused before any wallet prompt.
    if (a.price) {
      await page.getByRole("link", { name: en["nav.market"] }).click();
      const form = page.getByTestId("order-form");
      await form.waitFor({ timeout: TIMEOUT });
      await page.getByTestId("side-sell").click();
      await page.getByTestId("order-price").fill("");
      await page.getByTestId("order-amount").fill("1");
      await page.getByTestId("place-order").click();
      assert.equal((await txError(page)).text, en["market.error.price.notANumber"]);
      await page.getByTestId("order-price").fill(a.price);
      await page.getByTestId("order-amount").fill("5"); // the household holds no PCC yet
      await page.getByTestId("place-order").click();
      await page.getByText(en["form.insufficientBalance"]).waitFor({ timeout: TIMEOUT });
      assert.deepEqual((await walletState(page)).prompts, [], "bad input never reached the wallet");
      a.log("bad order input: messages shown, no wallet prompt");
      await page.getByRole("link", { name: en["nav.dashboard"] }).click();
    }

    // 3. A self-made meter binding is refused on the page, with a sentence, before the wallet is asked.
    await page.getByRole("link", { name: en["nav.meters"] }).click();
    await page.getByTestId("binding-json").fill(a.selfMadeBinding.document);
    await page.getByTestId("bind-device").click();
    const selfMade = await txError(page);
    assert.deepEqual(selfMade, { name: "binding.unknownCertifier", text: a.selfMadeBinding.message });
    assert.deepEqual((await walletState(page)).prompts, [], "the self-made binding never reached the wallet");
    a.log(`self-made binding refused before any wallet prompt: "${selfMade.text}"`);
    await page.getByRole("link", { name: en["nav.dashboard"] }).click();

    // 4. The user refuses the signature in the wallet.
    await page.evaluate(() => {
      (window as unknown as { __pcxE2eWallet: InjectedWalletState }).__pcxE2eWallet.rejectNext = true;
    });
    await page.getByTestId("claim-allowance").click();
    const refused = await txError(page);
    assert.deepEqual(refused, { name: "UserRejected", text: en["tx.userRejected"] });
    assert.deepEqual((await walletState(page)).prompts, ["eth_sendTransaction"]);
    assert.equal(await balance(), 0n, "a refused transaction sends nothing");
    a.log(`refused in the wallet: "${refused.text}"`);

    // 5. Accepted: the same click now goes through the injected wallet to the chain.
    await page.locator('[data-testid="claim-allowance"]:enabled').click();
    await page.locator('[data-testid="tx-status"][data-status="confirmed"]').first().waitFor({ timeout: TIMEOUT });
    assert.ok((await balance()) > 0n, "the allowance was minted through the injected wallet");
    a.log("accepted in the wallet: allowance claimed on chain");
    assert.deepEqual(pageErrors, [], "no uncaught page errors in the wallet flow");
  } finally {
    await ctx.close();
  }
}
