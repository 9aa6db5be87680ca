/**
 * The e2e's phone flow (issue #12), on the stack and accounts the main flow leaves behind:
 *   1. a 390×844 touch phone (isMobile, hasTouch) connects the household; the top bar is one row,
 *      its menu opens, navigates and closes;
 *   2. every page, in English and then in Chinese (chosen with the top bar's toggle, kept in the
 *      cookie and rendered by the server), fits the phone: no sideways scroll of the page (the
 *      layout viewport stays 390 px wide, the document no wider) and no element sticking out past
 *      the screen's edge unless it is inside a box that scrolls on its own; a full-page screenshot
 *      of each goes to E2E_ARTIFACTS (default test-results/screenshots);
 *   3. a browser in zh-CN (Accept-Language) gets Chinese in the very first HTML, with
 *      <html lang="zh-CN"> and a Chinese title, before any script runs; an explicit English
 *      choice (the cookie) wins over the browser's language.
 */
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import type { Address } from "viem";
import { en } from "../../app/src/i18n/en.js";
import { zh } from "../../app/src/i18n/zh.js";
import { LANG_COOKIE } from "../../app/src/i18n/negotiate.js";
import { REPO_ROOT } from "../../sdk/deployment.js";

const TIMEOUT = 30_000;
const PHONE = { width: 390, height: 844 };
/** The top bar's height when it is one row (brand, language, account, menu). */
const ONE_ROW_NAV = 64;

/** Where the screenshots go (git-ignored by default). */
export const artifactsDir = () => path.resolve(REPO_ROOT, process.env.E2E_ARTIFACTS ?? path.join("test-results", "screenshots"));

export interface PhoneFlowArgs {
  browser: Browser;
  appUrl: string;
  /** A connected household's Hardhat account index, and its address. */
  account: number;
  address: Address;
  /** Collects uncaught page errors for the main flow's final check. */
  pageErrors: string[];
  log: (msg: string) => void;
}

interface Overflow {
  innerWidth: number;
  scrollWidth: number;
  lang: string;
  navHeight: number;
  offenders: string[];
}

/** What sticks out of the screen sideways, outside any box that scrolls (or clips) on its own. */
function measure(page: Page): Promise<Overflow> {
  return page.evaluate((width) => {
    const offenders: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right <= width + 0.5 && r.left >= -0.5) continue;
      let contained = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== "visible") {
          contained = true;
          break;
        }
      }
      if (contained) continue;
      const cls = typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
      offenders.push(`${el.tagName.toLowerCase()}${cls} [${Math.round(r.left)}…${Math.round(r.right)}] "${(el.textContent ?? "").trim().slice(0, 40)}"`);
    }
    return {
      innerWidth: window.innerWidth,
      scrollWidth: document.documentElement.scrollWidth,
      lang: document.documentElement.lang,
      navHeight: document.querySelector("nav.top")?.getBoundingClientRect().height ?? 0,
      offenders: offenders.slice(0, 10),
    };
  }, PHONE.width);
}

interface PhonePage {
  name: string;
  path: string;
  /** Shown once the page has its real content (not a loading line). */
  ready: string;
}

export async function phoneFlow(a: PhoneFlowArgs): Promise<void> {
  const dir = artifactsDir();
  mkdirSync(dir, { recursive: true });
  const ctx = await a.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: "en-US" });
  try {
    const page = await ctx.newPage();
    page.on("pageerror", (e) => a.pageErrors.push(`phone: ${e.message}`));

    // 1. Connect; the bar is one row and its menu works by touch.
    await page.goto(`${a.appUrl}/connect`);
    await page.getByTestId(`connect-hardhat-${a.account}`).tap();
    await page.waitForURL(`${a.appUrl}/`, { timeout: TIMEOUT });
    await page.getByTestId("account").waitFor({ timeout: TIMEOUT });
    const links = page.locator("#nav-links");
    assert.equal(await links.isVisible(), false, "the page links are folded into the menu on a phone");
    await page.getByTestId("nav-menu").tap();
    await links.waitFor({ state: "visible", timeout: TIMEOUT });
    assert.equal(await page.getByTestId("nav-menu").getAttribute("aria-expanded"), "true");
    await links.getByRole("link", { name: en["nav.offset"] }).tap();
    await page.waitForURL(`${a.appUrl}/offset`, { timeout: TIMEOUT });
    await links.waitFor({ state: "hidden", timeout: TIMEOUT });
    a.log("phone: one-row top bar; its menu opened, went to Offset and closed");

    // The household's newest certificate, from its list of retirements.
    const certificate = page.locator('main a[href^="/certificate/"]').first();
    await certificate.waitFor({ timeout: TIMEOUT });
    const certificatePath = (await certificate.getAttribute("href"))!;

    const pages: PhonePage[] = [
      { name: "dashboard", path: "/", ready: '[data-testid="allowance"]' },
      { name: "market", path: "/market", ready: '[data-testid="order-form"]' },
      { name: "meters", path: "/meters", ready: '[data-testid="device-row"]' },
      { name: "offset", path: "/offset", ready: 'main a[href^="/certificate/"]' },
      { name: "community", path: "/community", ready: '[data-testid="community-board"], [data-testid="community-empty"]' },
      { name: "explorer", path: "/explorer", ready: '[data-testid="event-row"]' },
      { name: "address", path: `/explorer/address/${a.address}`, ready: '[data-testid="address-emitted"]' },
      { name: "admin", path: "/admin", ready: "main .card" },
      { name: "connect", path: "/connect", ready: `[data-testid="connect-hardhat-${a.account}"]` },
      { name: "certificate", path: certificatePath, ready: '[data-testid="certificate"]' },
    ];

    // 2. Every page fits the phone, in English, then in Chinese.
    const check = async (lang: "en" | "zh") => {
      for (const p of pages) {
        const response = await page.goto(`${a.appUrl}${p.path}`);
        const html = (await response?.text()) ?? "";
        assert.ok(html.includes(`<html lang="${lang === "zh" ? "zh-CN" : "en"}"`), `${p.path}: the server rendered it in ${lang}`);
        await page.locator(p.ready).first().waitFor({ timeout: TIMEOUT });
        await page.waitForTimeout(300); // late rows and fonts
        const m = await measure(page);
        const where = `${lang} ${p.path}`;
        assert.equal(m.innerWidth, PHONE.width, `${where}: the layout viewport stays ${PHONE.width} px (it widens when content overflows)`);
        assert.ok(m.scrollWidth <= m.innerWidth, `${where}: no sideways scroll (document ${m.scrollWidth} px wide)`);
        assert.deepEqual(m.offenders, [], `${where}: nothing sticks out past the screen's edge`);
        assert.ok(m.navHeight > 0 && m.navHeight <= ONE_ROW_NAV, `${where}: the top bar is one row (${m.navHeight} px)`);
        assert.equal(m.lang, lang === "zh" ? "zh-CN" : "en");
        await page.screenshot({ path: path.join(dir, `phone-${lang}-${p.name}.png`), fullPage: true });
      }
      a.log(`phone (${lang}): ${pages.length} pages fit ${PHONE.width} px with no sideways scroll; screenshots in ${path.relative(REPO_ROOT, dir)}`);
    };
    await check("en");
    // The toggle in the bar: the choice goes into the cookie, and the server renders it from then on.
    await page.getByTestId("lang-toggle").tap();
    await page.getByRole("heading", { name: zh["certificate.title"] }).waitFor({ timeout: TIMEOUT });
    assert.equal((await ctx.cookies(a.appUrl)).find((c) => c.name === LANG_COOKIE)?.value, "zh", "the choice is kept in the cookie");
    await check("zh");

    // 3. First HTML for a browser in Chinese, no script run; the cookie's choice wins.
    await firstHtml(a);
  } finally {
    await ctx.close();
  }
}

async function firstHtml(a: PhoneFlowArgs): Promise<void> {
  const ctx = await a.browser.newContext({ locale: "zh-CN", javaScriptEnabled: false, viewport: PHONE, isMobile: true, hasTouch: true });
  try {
    const page = await ctx.newPage();
    const response = (await page.goto(`${a.appUrl}/`))!;
    assert.match((await response.request().allHeaders())["accept-language"] ?? "", /^zh-CN\b/, "the browser asks for zh-CN");
    const html = await response.text();
    assert.ok(html.includes('<html lang="zh-CN"'), "<html lang> is zh-CN in the first response");
    assert.ok(html.includes(`<title>${zh["meta.title"]}</title>`), "the title is Chinese");
    for (const key of ["dashboard.title", "nav.market", "nav.meters"] as const) {
      assert.ok(html.includes(zh[key]), `the first HTML has "${zh[key]}"`);
    }
    assert.ok(!html.includes(en["dashboard.title"]), "and no English page text");
    await page.screenshot({ path: path.join(artifactsDir(), "first-html-zh-CN.png") });
    // An explicit English choice is kept over the browser's Chinese.
    await ctx.addCookies([{ name: LANG_COOKIE, value: "en", url: a.appUrl }]);
    const chosen = await (await page.goto(`${a.appUrl}/market`))!.text();
    assert.ok(chosen.includes('<html lang="en"') && chosen.includes(en["market.title"]) && !chosen.includes(zh["nav.market"]), "the cookie's English wins over Accept-Language");
    a.log(`first HTML for Accept-Language "${(await response.request().allHeaders())["accept-language"]}": <html lang="zh-CN">, "${zh["dashboard.title"]}"; with the pcx.lang=en cookie: English`);
  } finally {
    await ctx.close();
  }
}
