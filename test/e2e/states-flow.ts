/**
 * The e2e's designed-states checks (issue #12), each called with one line from journey.spec.ts:
 *   - an account that was never enrolled sees the not-enrolled card on the dashboard, and it stays
 *     (no "Loading…", skeleton or error flicker over 5 s and 3 new blocks; no RPC call of the page
 *     returns an error, so nothing that reverts is asked);
 *   - retiring asks for a confirmation naming the amount and the beneficiary, then clears the form
 *     (a second click cannot retire again) and says what it did;
 *   - "pay all" pays an open deficit to exactly zero and the Pay button goes away;
 *   - walking every page as a household, no raw wei (12+ digit integers), no revert text, no
 *     decoded error dump and no bare period number is on screen.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { createWalletClient, http, type Abi, type Address, type PublicClient } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { HARDHAT_ACCOUNTS, HARDHAT_MNEMONIC } from "../../sdk/local-chain.js";
import { en } from "../../app/src/i18n/en.js";
import { translate } from "../../app/src/i18n/index.js";
import { kg, kgInput } from "../../app/src/lib/amounts.js";
import { shortAddress } from "../../app/src/lib/format.js";
import { formatPeriod, periodEnd, periodOf, settleableAt, type Calendar } from "../../app/src/lib/periods.js";
import { chainNow } from "./helpers.js";

const TIMEOUT = 30_000;
const msg = (key: keyof typeof en, vars?: Record<string, string | number>) => translate(en, key, vars);

export interface StatesContext {
  browser: Browser;
  appUrl: string;
  rpcUrl: string;
  client: PublicClient;
  addresses: { PeriodCalendar?: Address; Registry?: Address; CarbonBudget?: Address; CarbonCredit?: Address };
  abi: (name: string) => Abi;
  log: (msg: string) => void;
}

/** The deployment's calendar, read from the chain. */
export async function readCalendar(c: StatesContext): Promise<Calendar> {
  const read = (functionName: string) => c.client.readContract({ address: c.addresses.PeriodCalendar!, abi: c.abi("PeriodCalendar"), functionName }) as Promise<bigint>;
  const [genesis, periodLength, gracePeriod, rewardWindow] = await Promise.all([read("genesis"), read("periodLength"), read("gracePeriod"), read("rewardWindow")]);
  return { genesis: BigInt(genesis), periodLength: BigInt(periodLength), gracePeriod: BigInt(gracePeriod), rewardWindow: BigInt(rewardWindow) };
}

/** A period as the pages show it in English (the browser and this process share the time zone). */
export async function periodText(c: StatesContext, period: number): Promise<string> {
  return formatPeriod(await readCalendar(c), period, "en");
}

async function connectAs(c: StatesContext, index: number): Promise<{ page: Page; close(): Promise<void>; pageErrors: string[] }> {
  const ctx = await c.browser.newContext();
  const page = await ctx.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(`${c.appUrl}/connect`);
  await page.getByTestId(`connect-hardhat-${index}`).click();
  await page.waitForURL(`${c.appUrl}/`, { timeout: TIMEOUT });
  await page.getByTestId("account").waitFor({ timeout: TIMEOUT });
  return { page, pageErrors, close: () => ctx.close() };
}

function wallet(c: StatesContext, index: number) {
  return createWalletClient({ chain: hardhat, transport: http(c.rpcUrl), account: mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index }) });
}

async function send(c: StatesContext, index: number, address: Address, abi: Abi, functionName: string, args: unknown[]) {
  const hash = await wallet(c, index).writeContract({ address, abi, functionName, args } as Parameters<ReturnType<typeof wallet>["writeContract"]>[0]);
  const receipt = await c.client.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success", `${functionName} succeeded`);
}

const rpc = (c: StatesContext, method: string, params: unknown[]) => c.client.request({ method: method as never, params: params as never });

/**
 * A never-enrolled account (`index`): the dashboard shows the not-enrolled card with its address,
 * and nothing else happens to it for 5 s while blocks arrive — no loading state, no skeleton, no
 * error, the card never leaves — and none of the page's RPC calls returns an error.
 */
export async function unenrolledDashboardIsStable(c: StatesContext, index: number): Promise<void> {
  const address = HARDHAT_ACCOUNTS[index] as Address;
  assert.equal(await c.client.readContract({ address: c.addresses.Registry!, abi: c.abi("Registry"), functionName: "enrolledAt", args: [address] }), 0n, "the account was never enrolled");
  const { page, close, pageErrors } = await connectAs(c, index);
  const rpcErrors: string[] = [];
  page.on("response", async (r) => {
    if (!r.url().startsWith(c.rpcUrl) || r.request().method() !== "POST") return;
    const body = (await r.json().catch(() => undefined)) as { error?: { message?: string } } | { error?: { message?: string } }[] | undefined;
    for (const item of Array.isArray(body) ? body : body ? [body] : []) if (item.error) rpcErrors.push(item.error.message ?? "error");
  });
  try {
    const card = page.getByTestId("not-enrolled");
    await card.waitFor({ timeout: TIMEOUT });
    assert.equal(await page.getByTestId("not-enrolled-address").textContent(), address);
    assert.equal(await card.locator(".state-title").textContent(), msg("states.notEnrolled.title"));
    // Watch the page: every DOM change, and a read every 100 ms. (A string: tsx would wrap named
    // functions of a callback in a helper that does not exist in the page.)
    await page.evaluate(`(() => {
      window.__statesViolations = [];
      const loading = ${JSON.stringify(en["common.loading"])};
      const check = (why) => {
        const text = document.querySelector("main")?.textContent ?? "";
        if (!document.querySelector('[data-testid="not-enrolled"]')) window.__statesViolations.push(why + ": the not-enrolled card left");
        if (document.querySelector('[data-testid="skeleton"], [data-testid="page-error"]')) window.__statesViolations.push(why + ": a skeleton or an error appeared");
        if (text.includes(loading) || /revert/i.test(text)) window.__statesViolations.push(why + ": " + text.slice(0, 120));
      };
      new MutationObserver(() => check("mutation")).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      setInterval(() => check("read"), 100);
    })()`);
    for (let i = 0; i < 3; i++) {
      await rpc(c, "evm_mine", []);
      await page.waitForTimeout(1_700);
    }
    const violations = await page.evaluate(() => (window as unknown as { __statesViolations: string[] }).__statesViolations);
    assert.deepEqual(violations.slice(0, 5), [], "the not-enrolled dashboard stays as it is");
    assert.deepEqual(rpcErrors, [], "no call of the page reverts for a never-enrolled account");
    assert.deepEqual(pageErrors, [], "no page error");
    c.log(`never-enrolled account ${shortAddress(address)}: the not-enrolled card stayed for 5 s and 3 blocks, no RPC error`);
  } finally {
    await close();
  }
}

/**
 * On /offset: Max fills the whole balance; "Retire" asks for a confirmation that names the amount
 * and the beneficiary and says it cannot be undone, and sends nothing; confirming retires, says
 * what it did, and clears the form, so clicking again retires nothing. Leaves the page with the
 * certificate link.
 */
export async function retireWithConfirmation(page: Page, c: StatesContext, a: { account: Address; amount: string; name: string }): Promise<void> {
  const token = { address: c.addresses.CarbonCredit!, abi: c.abi("CarbonCredit") };
  const count = () => c.client.readContract({ ...token, functionName: "retirementCount" }) as Promise<bigint>;
  const balance = (await c.client.readContract({ ...token, functionName: "balanceOf", args: [a.account] })) as bigint;
  await page.goto(`${c.appUrl}/offset`);
  await page.getByTestId("retire-max").click();
  assert.equal(await page.getByTestId("retire-amount").inputValue(), kgInput(balance), "Max fills in the whole balance, every digit");
  await page.getByTestId("retire-amount").fill(a.amount);
  await page.getByTestId("retire-name").fill(a.name);
  const before = await count();
  await page.getByTestId("retire").click();
  const confirmation = page.getByTestId("retire-confirmation");
  await confirmation.waitFor({ timeout: TIMEOUT });
  const amountKg = kg(BigInt(Math.round(Number(a.amount) * 1000)) * 10n ** 15n, "en");
  assert.equal(
    await page.getByTestId("retire-confirm-text").textContent(),
    msg("offset.confirm", { amount: amountKg, beneficiary: msg("offset.confirmNamed", { name: a.name, address: shortAddress(a.account) }) }),
  );
  assert.ok((await confirmation.textContent())?.includes(msg("offset.irreversible")), "the confirmation says it cannot be undone");
  assert.equal(await count(), before, "nothing is retired before the confirmation");
  await page.getByTestId("retire-confirm").click();
  await page.locator('[data-testid="tx-status"][data-status="confirmed"]').waitFor({ timeout: TIMEOUT });
  const id = await count();
  assert.equal(id, before + 1n, "one retirement");
  assert.equal(await page.getByTestId("tx-summary").textContent(), msg("tx.done.retired", { amount: amountKg, beneficiary: a.name, id: String(id) }));
  assert.match((await page.getByTestId("tx-link").getAttribute("href")) ?? "", /^\/explorer\/tx\/0x[0-9a-f]{64}$/);
  for (const field of ["retire-amount", "retire-name", "retire-reason", "retire-jurisdiction", "retire-beneficiary"]) {
    assert.equal(await page.getByTestId(field).inputValue(), "", `${field} is cleared`);
  }
  // A second click retires nothing: the cleared form asks for an amount.
  await page.getByTestId("retire").click();
  await page.locator('[data-testid="tx-status"][data-status="failed"]').waitFor({ timeout: TIMEOUT });
  assert.equal(await page.getByTestId("tx-error").textContent(), msg("form.invalidAmount"));
  assert.equal(await count(), id, "the second click retired nothing");
  await page.getByTestId("certificate-link").waitFor({ timeout: TIMEOUT });
  c.log(`retire: confirmation "${await Promise.resolve(msg("offset.confirm", { amount: amountKg, beneficiary: a.name }))}", certificate #${id}, form cleared`);
}

/**
 * An open deficit paid with "pay all": `index` (a market maker, not enrolled yet) is enrolled by
 * the registrar with a required electricity meter it never binds, 60 s before a period ends; the
 * period is settled after its grace window, booking a gap estimate its empty wallet cannot cover.
 * `funder` sends it enough credits; on its dashboard "pay all" pays the deficit to exactly zero,
 * says so, and no Pay button is left. (Chain time moves forward by up to two periods.)
 */
export async function payAllClearsDeficit(c: StatesContext, index: number, funder: number): Promise<void> {
  const account = HARDHAT_ACCOUNTS[index] as Address;
  const budget = { address: c.addresses.CarbonBudget!, abi: c.abi("CarbonBudget") };
  const registry = c.addresses.Registry!;
  const cal = await readCalendar(c);
  const now = await chainNow(c.client);
  let period = periodOf(cal, now)!;
  if (periodEnd(cal, period) - now < 70n) period += 1;
  await rpc(c, "evm_setNextBlockTimestamp", [Number(periodEnd(cal, period) - 60n)]);
  await send(c, 0, registry, c.abi("Registry"), "enroll", [account]);
  await send(c, 0, registry, c.abi("Registry"), "setRequiredMeters", [account, 1]); // electricity
  await rpc(c, "evm_setNextBlockTimestamp", [Number(settleableAt(cal, period) + 1n)]);
  await send(c, 0, budget.address, budget.abi, "settle", [account, period]);
  const deficit = (await c.client.readContract({ ...budget, functionName: "deficitOf", args: [account] })) as bigint;
  assert.ok(deficit > 0n, "the unpaid gap estimate is a deficit");
  const pcc = c.addresses.CarbonCredit!;
  const funderBalance = (await c.client.readContract({ address: pcc, abi: c.abi("CarbonCredit"), functionName: "balanceOf", args: [HARDHAT_ACCOUNTS[funder]] })) as bigint;
  const gift = deficit + 10n ** 18n;
  assert.ok(funderBalance >= gift, `the funder holds ${kg(funderBalance, "en")}, enough to give ${kg(gift, "en")}`);
  await send(c, funder, pcc, c.abi("CarbonCredit"), "transfer", [account, gift]);

  const { page, close, pageErrors } = await connectAs(c, index);
  try {
    const payAll = page.getByTestId("pay-all");
    await payAll.waitFor({ timeout: TIMEOUT });
    assert.equal(await payAll.textContent(), msg("states.payAll", { amount: kg(deficit, "en") }));
    assert.equal(await page.getByTestId("deficit").textContent(), kg(deficit, "en"));
    await page.locator('[data-testid="pay-all"]:enabled').click();
    await page.locator('[data-testid="tx-status"][data-status="confirmed"]').waitFor({ timeout: TIMEOUT });
    assert.equal(await c.client.readContract({ ...budget, functionName: "deficitOf", args: [account] }), 0n, "the deficit is exactly zero");
    assert.equal(await page.getByTestId("tx-summary").textContent(), msg("tx.done.deficitCleared", { amount: kg(deficit, "en") }));
    await page.waitForFunction(() => document.querySelector('[data-testid="deficit"]')?.textContent === "0 kg", undefined, { timeout: TIMEOUT });
    assert.equal(await page.getByTestId("pay-all").count(), 0, "no Pay button once the deficit is 0");
    assert.equal(await page.getByTestId("deficit-notice").count(), 0);
    assert.deepEqual(pageErrors, []);
    c.log(`pay all: ${kg(deficit, "en")} of deficit (${deficit} wei) paid to exactly 0; no Pay button left`);
  } finally {
    await close();
  }
}

/** Raw wei, revert text, decoded error dumps and bare period numbers: none may be on a page. */
const FORBIDDEN: [RegExp, string][] = [
  [/\b\d{12,}\b/, "a 12+ digit integer (raw wei)"],
  [/revert/i, "revert text"],
  [/\b0x[0-9a-fA-F]{8}\b/, "a bare 4-byte error selector"],
  [/\b[A-Z][A-Za-z0-9]+\((0x|\d|\))/, "a decoded error or call, like RewardWindowOpen(96290, …)"],
  [/\b[A-Z]\w+\.[a-z]\w*\(/, "a contract call, like CarbonCredit.retirement(id)"],
  [/\bPeriod \d+\b|第 \d+ 期/, "a period as a bare number"],
];

/**
 * Walks `routes` with `page` (connected as a household) and checks each page's visible text
 * once it has loaded: none of FORBIDDEN appears.
 */
export async function noRawNumbersOnAnyPage(page: Page, c: StatesContext, pages: string[]): Promise<void> {
  const seen: string[] = [];
  const routes = [...pages];
  for (let i = 0; i < routes.length; i++) {
    const route = routes[i]!;
    await page.goto(`${c.appUrl}${route}`);
    await page.locator("main h1, main .certificate").first().waitFor({ timeout: TIMEOUT });
    await page.waitForFunction(() => !document.querySelector('[data-testid="skeleton"], [aria-busy="true"]'), undefined, { timeout: TIMEOUT });
    await page.waitForTimeout(1_500); // histories from the indexer
    const text = await page.evaluate(() => document.body.innerText);
    for (const [re, what] of FORBIDDEN) {
      const m = re.exec(text);
      assert.equal(m, null, `${route} shows ${what}: "${m ? text.slice(Math.max(0, m.index - 60), m.index + 60) : ""}"`);
    }
    seen.push(route);
    // A certificate links its retirement's transaction on the app's explorer: check that page too.
    if (route.startsWith("/certificate/")) {
      const link = page.getByTestId("certificate-tx");
      await link.waitFor({ timeout: TIMEOUT });
      const href = (await link.getAttribute("href")) ?? "";
      assert.match(href, /^\/explorer\/tx\/0x[0-9a-f]{64}$/, "the certificate links its transaction");
      routes.push(href);
    }
  }
  c.log(`no raw wei, revert text or bare period on ${seen.length} pages: ${seen.join(", ")}`);
}
