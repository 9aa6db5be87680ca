/**
 * The resilience project, last (playwright.config.ts): the indexer goes down under a connected
 * household. The pages say so in a designed line, balances and the deficit still come straight
 * from the chain, and every action stays available.
 */
import assert from "node:assert/strict";
import { test } from "@playwright/test";
import { createPublicClient, erc20Abi, http, type Abi, type Address } from "viem";
import { hardhat } from "viem/chains";
import { loadAbi, loadAddresses } from "../../sdk/deployment.js";
import { HARDHAT_ACCOUNTS } from "../../sdk/local-chain.js";
import { formatKg } from "../../app/src/lib/format.js";
import { SELLER, TIMEOUT, connect, log } from "./helpers.js";
import { e2eStack } from "./stack.js";

test("the indexer stops: a designed line, chain reads and actions still work", async ({ page: seller }) => {
  const stack = e2eStack();
  const addresses = loadAddresses(31337);
  const client = createPublicClient({ chain: hardhat, transport: http(stack.rpcUrl) });
  const sellerAddr = HARDHAT_ACCOUNTS[SELLER] as Address;
  const pageErrors: string[] = [];
  seller.on("pageerror", (e) => pageErrors.push(e.message));
  await connect(seller, stack.appUrl, SELLER);

  await stack.stopIndexer();
  assert.equal(await stack.indexerHead(), -1, "the indexer no longer answers");
  await seller.goto(`${stack.appUrl}/`);
  await seller.getByTestId("indexer-down").waitFor({ timeout: TIMEOUT });
  const openDeficit = (await client.readContract({ address: addresses.CarbonBudget!, abi: loadAbi("CarbonBudget") as Abi, functionName: "deficitOf", args: [sellerAddr] })) as bigint;
  const balance = await client.readContract({ address: addresses.CarbonCredit!, abi: erc20Abi, functionName: "balanceOf", args: [sellerAddr] });
  await seller.waitForFunction(
    ([d, b]) => document.querySelector('[data-testid="deficit"]')?.textContent === d && document.querySelector('[data-testid="pcc-balance"]')?.textContent === b,
    [`${formatKg(openDeficit)} kg`, `${formatKg(balance)} kg`] as const,
    { timeout: TIMEOUT },
  );
  assert.equal(await seller.getByTestId("emissions").getAttribute("data-source"), "chain", "without the indexer the period's emissions come from the chain");
  assert.ok(await seller.locator('[data-testid="settle"], [data-testid="claim-allowance"]').first().isVisible(), "the actions are still there");
  log(`indexer stopped: "${await seller.getByTestId("indexer-down").textContent()}"; deficit ${formatKg(openDeficit)} kg and balance ${formatKg(balance)} kg still read from the chain`);
  assert.equal(pageErrors.length, 0, `no uncaught page errors: ${pageErrors.join("; ")}`);
});
