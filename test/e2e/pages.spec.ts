/**
 * Every page on the chain the journey left behind, as its household sees it, in English and
 * Chinese, once per screen project (playwright.config.ts):
 *   desktop-pages  1280 px: each page renders its content with no sideways scroll; a full-page
 *                  screenshot of each, per language;
 *   phone          390 × 844 touch phone (phone-flow.ts): one-row top bar and its menu, no element
 *                  past the screen's edge, screenshots, and zh-CN opening in Chinese from the server.
 * Screenshots go to E2E_ARTIFACTS (default test-results/screenshots), not committed.
 */
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { test, type Browser } from "@playwright/test";
import type { Address } from "viem";
import { HARDHAT_ACCOUNTS } from "../../sdk/local-chain.js";
import { LANG_COOKIE } from "../../app/src/i18n/negotiate.js";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { SELLER, TIMEOUT, connect, log } from "./helpers.js";
import { artifactsDir, phoneFlow } from "./phone-flow.js";
import { e2eStack } from "./stack.js";

const sellerAddr = HARDHAT_ACCOUNTS[SELLER] as Address;

/** The household's pages, each with what shows once its real content is there (not a loading line). */
function pagesOf(certificatePath: string) {
  return [
    { name: "dashboard", path: "/", ready: '[data-testid="allowance"]' },
    { name: "market", path: "/market", ready: '[data-testid="order-form"]' },
    { name: "meters", path: "/meters", ready: '[data-testid="device-row"]' },
    { name: "offset", path: "/offset", ready: 'main a[href^="/certificate/"]' },
    { name: "community", path: "/community", ready: '[data-testid="community-board"], [data-testid="community-empty"]' },
    { name: "statement", path: "/statement", ready: '[data-testid="statement-emissions-section"]' },
    { name: "explorer", path: "/explorer", ready: '[data-testid="event-row"]' },
    { name: "address", path: `/explorer/address/${sellerAddr}`, ready: '[data-testid="address-emitted"]' },
    { name: "admin", path: "/admin", ready: "main .card" },
    { name: "connect", path: "/connect", ready: `[data-testid="connect-hardhat-${SELLER}"]` },
    { name: "certificate", path: certificatePath, ready: '[data-testid="certificate"]' },
  ];
}

async function desktopScreens(browser: Browser, appUrl: string, pageErrors: string[]) {
  const dir = artifactsDir();
  mkdirSync(dir, { recursive: true });
  for (const lang of ["en", "zh"] as const) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.addCookies([{ name: LANG_COOKIE, value: lang, url: appUrl }]);
    try {
      const page = await ctx.newPage();
      page.on("pageerror", (e) => pageErrors.push(`desktop ${lang}: ${e.message}`));
      await connect(page, appUrl, SELLER);
      await page.goto(`${appUrl}/offset`);
      const certificate = page.locator('main a[href^="/certificate/"]').first();
      await certificate.waitFor({ timeout: TIMEOUT });
      for (const p of pagesOf((await certificate.getAttribute("href"))!)) {
        const response = await page.goto(`${appUrl}${p.path}`);
        assert.ok(((await response?.text()) ?? "").includes(`<html lang="${lang === "zh" ? "zh-CN" : "en"}"`), `${p.path}: the server rendered it in ${lang}`);
        await page.locator(p.ready).first().waitFor({ timeout: TIMEOUT });
        await page.waitForTimeout(300); // late rows and chart canvases
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
        assert.ok(scrollWidth <= innerWidth, `${lang} ${p.path}: no sideways scroll at 1280 px (document ${scrollWidth} px wide)`);
        await page.screenshot({ path: path.join(dir, `desktop-${lang}-${p.name}.png`), fullPage: true });
      }
    } finally {
      await ctx.close();
    }
  }
  log(`desktop: ${pagesOf("").length} pages in en and zh, no sideways scroll; screenshots in ${path.relative(REPO_ROOT, dir)}`);
}

test("every page, in English and Chinese, fits the screen (screenshots as artifacts)", async ({ browser }, info) => {
  const stack = e2eStack();
  const pageErrors: string[] = [];
  if (info.project.name === "phone") await phoneFlow({ browser, appUrl: stack.appUrl, account: SELLER, address: sellerAddr, pageErrors, log });
  else await desktopScreens(browser, stack.appUrl, pageErrors);
  assert.equal(pageErrors.length, 0, `no uncaught page errors: ${pageErrors.join("; ")}`);
});
