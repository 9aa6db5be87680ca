/**
 * The dashboard's "Latest readings" in the real browser against the stack's real oracle: a
 * household's bound meter publishes signed readings over MQTT to the oracle (its own broker
 * login, issued into the stack's credentials file); on the dashboard, with an EIP-6963 browser
 * wallet (injected-wallet.ts):
 *   1. before sign-in the panel says why a signature is asked, and nothing was asked of the wallet;
 *   2. a declined signature is said so; accepted, the panel signs in (personal_sign) and lists the
 *      household's meters, with no readings yet;
 *   3. the meter's first reading shows "on chain" once its checkpoint confirms; the next one, sent
 *      right after it, shows "signed, not yet on chain" with its rise in kWh until the interval
 *      checkpoint (E2E_CHECKPOINT_INTERVAL_S after the first);
 *   4. new blocks do not refetch the oracle (it polls on its own, every 15 s);
 *   5. after the interval checkpoint confirms, the same reading shows "on chain";
 *   6. in Chinese, and at 390 px with nothing past the edge.
 * Screenshots of the panel (intro, pending, phone in Chinese) go to E2E_ARTIFACTS like the pages'.
 */
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Wallet } from "ethers";
import mqtt from "mqtt";
import type { Browser, Page } from "playwright-core";
import type { Address, PublicClient } from "viem";
import { CredentialStore } from "../../oracle/broker-auth.js";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { encodePcxReading, pcxTopic } from "../../oracle/payload.js";
import { signReading } from "../../sdk/readings.js";
import { emissionOracleDomain } from "../../sdk/typed-data.js";
import { zh } from "../../app/src/i18n/zh.js";
import { installInjectedWallet, type InjectedWalletState } from "./injected-wallet.js";
import { TIMEOUT, chainNow, msg } from "./helpers.js";
import { artifactsDir } from "./phone-flow.js";
import { E2E_CHECKPOINT_INTERVAL_S, localCalendar } from "./stack.js";

const WALLET_NAME = "PCX E2E Wallet";
const POLL_S = 15;

export interface SignedReadingsFlowArgs {
  browser: Browser;
  appUrl: string;
  rpcUrl: string;
  client: PublicClient;
  oracle: { apiUrl: string; mqttUrl: string; credentials: string };
  emissionOracle: Address;
  /** An enrolled household whose electricity meter (`meter`, its key) is bound and has sent nothing yet. */
  account: Address;
  meter: Wallet;
  log: (msg: string) => void;
}

const walletState = (page: Page) => page.evaluate(() => ({ ...(window as unknown as { __pcxE2eWallet: InjectedWalletState }).__pcxE2eWallet }));

export async function signedReadingsFlow(a: SignedReadingsFlowArgs): Promise<void> {
  const device = a.meter.address.toLowerCase() as Address;
  const topic = pcxTopic(device);
  const username = "e2e-signed-meter";
  const password = await new CredentialStore(a.oracle.credentials).issue({ username, role: "device", topics: [topic] });
  const broker = await mqtt.connectAsync(a.oracle.mqttUrl, { clientId: username, username, password });
  const domain = emissionOracleDomain(31337, a.emissionOracle);
  const publish = async (seq: bigint, cumulative: bigint) => {
    const signed = await signReading(a.meter, domain, { device, seq, timestamp: BigInt(Math.floor(Date.now() / 1000)), cumulative });
    await broker.publishAsync(topic, encodePcxReading(signed.reading, signed.signature), { qos: 1 });
  };
  const ctx = await a.browser.newContext();
  await installInjectedWallet(ctx, { rpcUrl: a.rpcUrl, account: a.account, chainId: 31337, name: WALLET_NAME });
  const page = await ctx.newPage();
  const shots = artifactsDir();
  mkdirSync(shots, { recursive: true });
  const shoot = (name: string) => page.getByTestId("signed-readings").screenshot({ path: path.join(shots, `latest-readings-${name}.png`) });
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  try {
    await page.goto(`${a.appUrl}/connect`);
    await page.getByRole("button", { name: WALLET_NAME }).click();
    await page.waitForURL(`${a.appUrl}/`, { timeout: TIMEOUT });
    const panel = page.getByTestId("signed-readings");
    const inState = (state: string, timeout = TIMEOUT) => page.locator(`[data-testid="signed-readings"][data-state="${state}"]`).waitFor({ timeout });

    // 1. Why a signature is asked; no prompt on page load.
    await inState("intro");
    assert.equal(await panel.locator("p").first().textContent(), msg("signed.why"));
    assert.equal(await panel.getByTestId("signed-show").textContent(), msg("signed.show"));
    assert.deepEqual((await walletState(page)).prompts, [], "the page asked the wallet for nothing on load");
    await shoot("desktop-en-intro");

    // 2. Declined, then accepted.
    await page.evaluate(() => {
      (window as unknown as { __pcxE2eWallet: InjectedWalletState }).__pcxE2eWallet.rejectNext = true;
    });
    await panel.getByTestId("signed-show").click();
    await inState("declined");
    assert.equal(await panel.getByTestId("signed-problem").textContent(), msg("signed.declined"));
    await panel.getByTestId("signed-show").click();
    await inState("ready");
    assert.deepEqual((await walletState(page)).prompts, ["personal_sign", "personal_sign"], "one signature declined, one given: nothing else");
    const meterRow = panel.locator(`[data-testid="signed-device"][data-device="${a.meter.address}"]`);
    await meterRow.getByTestId("signed-none").waitFor({ timeout: TIMEOUT });
    assert.match((await meterRow.locator("div").first().textContent()) ?? "", new RegExp(`^${msg("kind.0")} `));
    a.log(`latest readings: declined, then signed in through the injected wallet; ${await panel.getByTestId("signed-device").count()} meters, no readings yet`);

    // Readings clear of a period's close (the close would checkpoint the pending one early) and of
    // its grace window on chain (chain time runs ahead of the wall clock the meter signs with).
    const { genesis, periodLength } = localCalendar();
    const wall = Math.floor(Date.now() / 1000);
    const left = periodLength - ((wall - genesis) % periodLength);
    if (left < E2E_CHECKPOINT_INTERVAL_S + 40) {
      a.log(`waiting ${left + 1} s for the next period before the meter sends`);
      await new Promise((r) => setTimeout(r, (left + 1) * 1000));
    }
    a.log(`chain time is ${Number(await chainNow(a.client)) - Math.floor(Date.now() / 1000)} s ahead of the wall clock`);

    // 3. The meter's first reading goes on chain at once (the oracle's "first" checkpoint); the
    //    next one waits for the interval checkpoint, signed, not yet on chain.
    await publish(1n, 500_000n); // 500 kWh on the register
    await new Promise((r) => setTimeout(r, 2_000));
    await publish(2n, 500_250n); // +0.25 kWh
    const sent = Date.now();
    const reading = (seq: number, status: "on-chain" | "pending") => meterRow.locator(`[data-testid="signed-reading"][data-seq="${seq}"][data-status="${status}"]`);
    await page.waitForFunction(
      (device) => {
        const row = document.querySelector(`[data-testid="signed-device"][data-device="${device}"]`);
        return Boolean(row?.querySelector('[data-seq="1"][data-status="on-chain"]') && row.querySelector('[data-seq="2"][data-status="pending"]'));
      },
      a.meter.address,
      { timeout: (POLL_S + 45) * 1000 },
    );
    const pending = reading(2, "pending");
    assert.equal(await pending.getByTestId("signed-badge").textContent(), msg("signed.notOnChain"));
    assert.equal(await pending.getByTestId("signed-amount").textContent(), msg("signed.delta", { amount: "0.25", unit: msg("unit.0") }));
    assert.ok(((await pending.locator("time").getAttribute("title")) ?? "").length > 0, "the reading's time in full on hover");
    assert.equal(await reading(1, "on-chain").getByTestId("signed-badge").textContent(), msg("signed.onChain"));
    assert.equal(await reading(1, "on-chain").getByTestId("signed-amount").textContent(), msg("signed.register", { amount: "500", unit: msg("unit.0") }));
    assert.equal(await meterRow.getByTestId("signed-unverified").count(), 0);
    await shoot("desktop-en-pending");
    a.log(`${Math.round((Date.now() - sent) / 1000)} s after the meter sent them: reading 1 "${msg("signed.onChain")}", reading 2 "${msg("signed.notOnChain")}" (${await pending.getByTestId("signed-amount").textContent()})`);

    // 4. New blocks do not refetch the oracle: at most one poll in a few seconds.
    {
      const asked: string[] = [];
      const onRequest = (r: { url(): string; method(): string }) => {
        if (r.url().startsWith(a.oracle.apiUrl) && r.method() === "GET") asked.push(new URL(r.url()).pathname);
      };
      page.on("request", onRequest);
      for (let i = 0; i < 4; i++) {
        await a.client.request({ method: "evm_mine" as never, params: [] as never });
        await new Promise((r) => setTimeout(r, 1_500));
      }
      page.off("request", onRequest);
      const meters = await panel.getByTestId("signed-device").count();
      assert.ok(asked.length <= meters, `4 blocks, ${asked.length} oracle reads (at most one poll of ${meters} meters)`);
      a.log(`4 empty blocks: ${asked.length} oracle reads`);
    }

    // 5. The interval checkpoint confirms: the same reading is on chain, the older one no longer listed.
    await reading(2, "on-chain").waitFor({ timeout: (E2E_CHECKPOINT_INTERVAL_S + POLL_S + 60) * 1000 });
    assert.equal(await reading(2, "on-chain").getByTestId("signed-badge").textContent(), msg("signed.onChain"));
    assert.equal(await meterRow.locator('[data-testid="signed-reading"]').count(), 1, "only the newest reading on chain is left");
    a.log(`reading 2 "${msg("signed.onChain")}" ${Math.round((Date.now() - sent) / 1000)} s after the meter sent it`);

    // 6. In Chinese, and on a phone.
    await page.getByTestId("lang-toggle").click();
    await reading(2, "on-chain").getByTestId("signed-badge").filter({ hasText: zh["signed.onChain"] }).waitFor({ timeout: TIMEOUT });
    assert.equal(await panel.locator("h3").textContent(), zh["signed.title"]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => {
      const box = document.querySelector('[data-testid="signed-readings"]')!.getBoundingClientRect();
      return { page: document.documentElement.scrollWidth, right: box.right };
    });
    assert.ok(overflow.page <= 390 && overflow.right <= 390, `the panel fits 390 px: ${JSON.stringify(overflow)}`);
    await shoot("phone-zh-on-chain");
    a.log(`the panel in Chinese at 390 px; screenshots in ${path.relative(REPO_ROOT, shots)}`);
    assert.deepEqual(pageErrors, [], "no uncaught page errors in the latest-readings flow");
  } finally {
    await ctx.close();
    await broker.endAsync();
  }
}
