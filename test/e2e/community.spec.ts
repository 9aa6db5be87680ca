/**
 * The opt-in community board (issue #12) in the real browser, on the chain the journey left behind
 * (project "community", after "desktop"): the seller joins with a pseudonym from /community (the
 * page's own check refuses a bad name before signing), its next periods are settled, and its row
 * shows the reduction sdk/community.ts computes from the chain's Settled events; a second
 * household cannot take the same name in another case (the page explains, the contract refuses
 * too), renames and leaves; without a wallet the ranking shows read-only; no member's address is
 * on the page, and no raw wei or revert text.
 */
import assert from "node:assert/strict";
import { test, type Page } from "@playwright/test";
import { createPublicClient, createWalletClient, http, type Abi, type Address, type PublicClient } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { loadAbi, loadAddresses } from "../../sdk/deployment.js";
import { HARDHAT_ACCOUNTS, HARDHAT_MNEMONIC } from "../../sdk/local-chain.js";
import { memberScore, type CommunitySettlement } from "../../sdk/community.js";
import { reductionPercent } from "../../app/src/lib/amounts.js";
import { BUYER, SELLER, TIMEOUT, chainNow, connect, expectConfirmed, failure, log, msg } from "./helpers.js";
import { noRawNumbersOnAnyPage, type StatesContext } from "./states-flow.js";
import { e2eStack } from "./stack.js";

const SELLER_NAME = "Leaf Seller";

/** The visible text of the page's main content (the nav shows the connected account itself). */
const mainText = (page: Page) => page.evaluate(() => document.querySelector("main")?.innerText ?? "");

/** No 0x address, full or shortened ("0x3C44…93BC"), in the page's main content. */
async function noAddressShown(page: Page, where: string) {
  const text = await mainText(page);
  const m = /0x[0-9a-fA-F]{4,}/.exec(text);
  assert.equal(m, null, `${where}: no address on the community page, found "${m ? text.slice(Math.max(0, m.index - 40), m.index + 50) : ""}"`);
}

test("the community board: join, a settlement, the sdk's reduction on the page, a taken name refused", async ({ browser }) => {
  const stack = e2eStack();
  const addresses = loadAddresses(31337);
  const client = createPublicClient({ chain: hardhat, transport: http(stack.rpcUrl) }) as PublicClient;
  const boardAbi = loadAbi("CommunityBoard") as Abi;
  const budgetAbi = loadAbi("CarbonBudget") as Abi;
  const calendarAbi = loadAbi("PeriodCalendar") as Abi;
  const sellerAddr = HARDHAT_ACCOUNTS[SELLER] as Address;
  const pageErrors: string[] = [];
  assert.ok(addresses.CommunityBoard, "PCXLocal deployed the CommunityBoard");

  // 1. The seller joins from the page; a bad name is explained before anything is signed.
  const sellerCtx = await browser.newContext();
  const seller = await sellerCtx.newPage();
  seller.on("pageerror", (e) => pageErrors.push(e.message));
  await connect(seller, stack.appUrl, SELLER);
  await seller.goto(`${stack.appUrl}/community`);
  await seller.getByTestId("community-join").waitFor({ timeout: TIMEOUT });
  await seller.getByTestId("join-pseudonym").fill(" Leaf");
  assert.equal(await seller.getByTestId("pseudonym-problem").textContent(), msg("community.rule.space"), "a leading space is explained as the chain's rule");
  assert.ok(await seller.getByTestId("join-submit").isDisabled(), "no join with a name the chain refuses");
  await seller.getByTestId("join-pseudonym").fill("一二三四五六七八九");
  assert.equal(await seller.getByTestId("pseudonym-problem").textContent(), msg("community.rule.long", { length: 27, max: 24 }));
  await seller.getByTestId("join-pseudonym").fill(SELLER_NAME);
  assert.equal(await seller.getByTestId("pseudonym-problem").count(), 0);
  await seller.getByTestId("join-submit").click();
  await expectConfirmed(seller, '[data-testid="community-membership"]');
  assert.equal(await seller.getByTestId("tx-summary").textContent(), msg("tx.done.joined", { pseudonym: SELLER_NAME }));
  await seller.locator(`[data-testid="community-my-pseudonym"][data-pseudonym="${SELLER_NAME}"]`).waitFor({ timeout: TIMEOUT });
  assert.equal(await client.readContract({ address: addresses.CommunityBoard!, abi: boardAbi, functionName: "pseudonymOf", args: [sellerAddr] }), SELLER_NAME);
  log(`the seller joined the board from the page as "${SELLER_NAME}"`);

  // 2. Settlements: the seller's next periods, settled by another account (anyone may), until it has
  //    one with a baseline (its first settled period only sets the baseline), at least one.
  const settler = createWalletClient({ chain: hardhat, transport: http(stack.rpcUrl), account: mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: 0 }) });
  const grace = (await client.readContract({ address: addresses.PeriodCalendar!, abi: calendarAbi, functionName: "gracePeriod" })) as bigint;
  const sellerSettlements = async (): Promise<CommunitySettlement[]> => {
    const events = await client.getContractEvents({ address: addresses.CarbonBudget!, abi: budgetAbi, eventName: "Settled", args: { account: sellerAddr }, fromBlock: 0n });
    return events.map((e) => {
      const a = e.args as unknown as { account: string; period: number; emissions: bigint; baselineBefore: bigint };
      return { account: a.account, period: Number(a.period), emissions: a.emissions, baselineBefore: a.baselineBefore };
    });
  };
  let settled = 0;
  do {
    const p = (await client.readContract({ address: addresses.CarbonBudget!, abi: budgetAbi, functionName: "nextSettlementPeriod", args: [sellerAddr] })) as number;
    const settleableAt = ((await client.readContract({ address: addresses.PeriodCalendar!, abi: calendarAbi, functionName: "periodEnd", args: [p] })) as bigint) + grace;
    const now = await chainNow(client);
    if (settleableAt > now) {
      await client.request({ method: "evm_increaseTime" as never, params: [Number(settleableAt - now + 1n)] as never });
      await client.request({ method: "evm_mine" as never, params: [] as never });
    }
    const hash = await settler.writeContract({ address: addresses.CarbonBudget!, abi: budgetAbi, functionName: "settle", args: [sellerAddr, p] });
    assert.equal((await client.waitForTransactionReceipt({ hash })).status, "success");
    settled++;
  } while (memberScore(await sellerSettlements()).reductionPpm === null && settled < 4);

  // The rule, from the chain alone: the seller's Settled events.
  const settlements = await sellerSettlements();
  const score = memberScore(settlements);
  assert.notEqual(score.reductionPpm, null, `the seller has a settled period with a baseline (${settlements.length} settlements)`);
  const expected = reductionPercent(Number(score.reductionPpm), "en");
  log(`settled ${settled} period(s) of the seller; from its ${settlements.length} Settled events the sdk rule gives ${expected} over ${score.periodsCounted} period(s)`);

  // 3. The indexer has the settlement: its board entry for the seller counts it. A CI run saw the
  //    page keep "0 ranked" for 30 s after the settlement; this wait says which side was behind
  //    (the indexer's last block against the chain's head, what its API answers), and allows a
  //    loaded machine more time than the page's own check.
  const settledBlock = await client.getBlockNumber();
  const indexerDeadline = Date.now() + 90_000;
  let entry: unknown;
  for (;;) {
    entry = await fetch(`${stack.indexerUrl}/api/community/${sellerAddr}`).then((r) => r.json()).catch((e: Error) => ({ error: e.message }));
    if ((entry as { entry?: { periodsCounted?: number } | null }).entry?.periodsCounted === score.periodsCounted) break;
    if (Date.now() > indexerDeadline) {
      const [head, indexed] = [await client.getBlockNumber(), await stack.indexerHead()];
      throw new Error(`the indexer never counted the settlement: chain head ${head} (settled at ${settledBlock}), indexer at ${indexed}, /api/community/<seller> ${JSON.stringify(entry)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  log(`the indexer counts it ${((90_000 - (indexerDeadline - Date.now())) / 1000).toFixed(1)} s after the settlement (block ${settledBlock})`);

  // 4. The seller's own row, highlighted, shows exactly that.
  const mine = seller.locator('[data-testid="community-row"][data-mine="true"]');
  await seller.waitForFunction(
    ([want, periods]) => {
      const row = document.querySelector('[data-testid="community-row"][data-mine="true"]');
      return row?.querySelector('[data-testid="community-reduction"]')?.textContent === want && row?.querySelector('[data-testid="community-periods"]')?.textContent === periods;
    },
    [expected, String(score.periodsCounted)] as const,
    { timeout: TIMEOUT },
  );
  assert.equal(await mine.getByTestId("community-pseudonym").locator("bdi").textContent(), SELLER_NAME);
  assert.match((await mine.getByTestId("community-rank").textContent()) ?? "", /^\d+$/, "the seller is ranked");
  await seller.getByTestId("community-my-line").filter({ hasText: expected.replace("-", "") }).waitFor({ timeout: TIMEOUT });
  await noAddressShown(seller, "the seller's page");
  log(`the seller's row: rank ${await mine.getByTestId("community-rank").textContent()}, ${expected}, ${score.periodsCounted} period(s), highlighted`);

  // 5. A second household cannot take the name, in another case: the page explains, the chain refuses too.
  const buyerCtx = await browser.newContext();
  const buyer = await buyerCtx.newPage();
  buyer.on("pageerror", (e) => pageErrors.push(e.message));
  await connect(buyer, stack.appUrl, BUYER);
  await buyer.goto(`${stack.appUrl}/community`);
  await buyer.getByTestId("community-join").waitFor({ timeout: TIMEOUT });
  const variant = SELLER_NAME.toUpperCase();
  await buyer.getByTestId("join-pseudonym").fill(variant);
  await buyer.getByTestId("join-submit").click();
  const refused = await failure(buyer);
  assert.deepEqual(refused, { name: "PseudonymTaken", text: msg("community.rule.taken", { pseudonym: variant }) }, "the page explains the taken name");
  const buyerAddr = HARDHAT_ACCOUNTS[BUYER] as Address;
  await assert.rejects(
    client.simulateContract({ address: addresses.CommunityBoard!, abi: boardAbi, functionName: "join", args: [variant], account: buyerAddr }),
    (e: Error) => /PseudonymTaken/.test(e.message),
    "the contract refuses it to a caller who skips the page",
  );
  // It joins under its own name, renames, leaves, and joins again (a row that is not ranked yet, or ranked).
  for (const [step, name] of [["join", "Buyer"], ["rename", "Buyer Two"]] as const) {
    await buyer.getByTestId(`${step}-pseudonym`).fill(name);
    await buyer.getByTestId(`${step}-submit`).click();
    await expectConfirmed(buyer, '[data-testid="community-membership"]');
    await buyer.locator(`[data-testid="community-my-pseudonym"][data-pseudonym="${name}"]`).waitFor({ timeout: TIMEOUT });
  }
  await buyer.getByTestId("community-leave").click();
  await buyer.getByTestId("community-leave-confirm").click();
  await buyer.getByTestId("community-join").waitFor({ timeout: TIMEOUT });
  assert.equal(await client.readContract({ address: addresses.CommunityBoard!, abi: boardAbi, functionName: "isMember", args: [buyerAddr] }), false);
  await buyer.getByTestId("join-pseudonym").fill("Buyer Two");
  await buyer.getByTestId("join-submit").click();
  await expectConfirmed(buyer, '[data-testid="community-membership"]');
  await buyer.locator('[data-testid="community-row"][data-mine="true"]').filter({ hasText: "Buyer Two" }).waitFor({ timeout: TIMEOUT });
  assert.equal(await buyer.locator('[data-testid="community-row"]').filter({ hasText: SELLER_NAME }).count(), 1, "the buyer sees the seller's row, not highlighted as its own");
  await noAddressShown(buyer, "the buyer's page");
  log(`a second household was refused "${variant}" (page: "${refused.text}"; chain: PseudonymTaken), then joined, renamed, left and joined again`);

  // 6. Without a wallet: the ranking, read-only, and the way to connect.
  const anonCtx = await browser.newContext();
  const anon = await anonCtx.newPage();
  anon.on("pageerror", (e) => pageErrors.push(e.message));
  await anon.goto(`${stack.appUrl}/community`);
  await anon.getByTestId("need-connect").waitFor({ timeout: TIMEOUT });
  await anon.locator('[data-testid="community-row"]').filter({ hasText: SELLER_NAME }).waitFor({ timeout: TIMEOUT });
  assert.equal(await anon.locator('[data-testid="community-row"][data-mine="true"]').count(), 0, "no row is the viewer's own without a wallet");
  assert.equal(await anon.getByTestId("join-pseudonym").count(), 0, "no join form without a wallet");
  await noAddressShown(anon, "the page without a wallet");

  // 7. No raw wei, revert text or bare period on it, as on every page.
  const states: StatesContext = { browser, appUrl: stack.appUrl, rpcUrl: stack.rpcUrl, client, addresses, abi: (n) => loadAbi(n) as Abi, log };
  await noRawNumbersOnAnyPage(seller, states, ["/community"]);
  await Promise.all([sellerCtx.close(), buyerCtx.close(), anonCtx.close()]);
  assert.equal(pageErrors.length, 0, `no uncaught page errors: ${pageErrors.join("; ")}`);
});
