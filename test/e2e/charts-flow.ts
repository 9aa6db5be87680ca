/**
 * The e2e's chart checks, run after the market's first trade (one resting ask, partly taken):
 *   1. the price chart draws the trade as one candle on its canvas, whose close is the trade's
 *      price on chain, in every interval (1 m, 5 m, 1 h, 1 d); hovering it shows the candle's
 *      OHLC and volume in the tooltip;
 *   2. the depth chart's best ask is the resting order's price and hovering it names the size
 *      resting there, as the book's levelState says;
 *   3. the dashboard's emissions per period are the chain's emissionsOf, period by period, and
 *      this period's cumulative line adds up to what the oracle booked;
 *   4. on a 390 px wide screen every chart stays inside the viewport.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { erc20Abi, formatUnits, type Abi, type Address, type PublicClient } from "viem";
import type { BookUnits } from "../../app/src/lib/price.js";
import { priceDecimal, priceDecimals } from "../../app/src/lib/charts/units.js";

const TIMEOUT = 30_000;

export interface ChartsFlowArgs {
  /** A page of the seller (the resting ask's owner), connected. */
  page: Page;
  appUrl: string;
  client: PublicClient;
  book: { address: Address; abi: Abi };
  oracle: { address: Address; abi: Abi };
  calendar: { address: Address; abi: Abi };
  units: BookUnits;
  account: Address;
  log: (msg: string) => void;
}

/** What the app shows for a price and a size, computed here independently of the app's formatters. */
const fixed = (value: string, digits: number) => new Intl.NumberFormat("en", { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Number(value));
const kgText = (wei: bigint) => `${new Intl.NumberFormat("en", { maximumFractionDigits: 3 }).format(Number(formatUnits(wei, 18)))} kg`;

async function hover(page: Page, canvasTestId: string, xAttribute: string): Promise<void> {
  const host = page.getByTestId(canvasTestId);
  await host.scrollIntoViewIfNeeded();
  await page.waitForFunction(([id, attr]) => Boolean(document.querySelector(`[data-testid="${id}"]`)?.getAttribute(attr)), [canvasTestId, xAttribute] as const, { timeout: TIMEOUT });
  const box = (await host.boundingBox())!;
  const x = Number(await host.getAttribute(xAttribute));
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await page.mouse.move(box.x + x, box.y + box.height * 0.6, { steps: 6 });
}

const tooltipValue = (page: Page, tooltip: string, key: string) => page.locator(`[data-testid="${tooltip}"] dd[data-key="${key}"]`).textContent();

export async function chartsFlow(a: ChartsFlowArgs): Promise<void> {
  const { page, client, units } = a;
  const symbol = await client.readContract({ address: (await client.readContract({ ...a.book, functionName: "quote" })) as Address, abi: erc20Abi, functionName: "symbol" });
  const trades = await client.getContractEvents({ ...a.book, eventName: "Trade", fromBlock: 0n });
  assert.equal(trades.length, 1, "the market has had exactly one trade");
  const trade = trades[0]!.args as { tick: number; lots: bigint };
  const close = priceDecimal(trade.tick, units);
  const decimals = priceDecimals(units);

  // 1. One candle, its close the trade's price, in every interval; the tooltip reads it out.
  await page.goto(`${a.appUrl}/market`);
  for (const interval of ["1h", "1m", "5m", "1d"]) {
    await page.getByTestId(`candles-${interval}`).click();
    const chart = page.locator(`[data-testid="price-chart"][data-interval="${interval}"][data-state="ready"]`);
    await chart.waitFor({ timeout: TIMEOUT });
    assert.equal(await chart.getAttribute("data-candles"), "1", `one candle at ${interval}`);
    assert.equal(await chart.getAttribute("data-last-close"), close, `the ${interval} candle closes at the trade's price`);
    assert.equal(Number(await chart.getAttribute("data-last-volume")), Number(formatUnits(trade.lots * units.lotSize, 18)), `the ${interval} candle's volume is the trade's size`);
  }
  const canvases = await page.locator('[data-testid="price-chart-canvas"] canvas').evaluateAll((els) => els.map((c) => (c as HTMLCanvasElement).width));
  assert.ok(canvases.length > 0 && canvases.every((w) => w > 0), "the price chart draws on a canvas");
  await hover(page, "price-chart-canvas", "data-last-x");
  await page.getByTestId("price-tooltip").waitFor({ timeout: TIMEOUT });
  assert.equal(await tooltipValue(page, "price-tooltip", "close"), `${fixed(close, decimals)} ${symbol}`, "the tooltip's close is the trade's price");
  for (const k of ["open", "high", "low"]) assert.equal(await tooltipValue(page, "price-tooltip", k), fixed(close, decimals), `one trade: ${k} = close`);
  assert.equal(await tooltipValue(page, "price-tooltip", "volume"), kgText(trade.lots * units.lotSize), "the tooltip's volume is the trade's size");
  a.log(`price chart: one candle at ${close} ${symbol} per kg in 1m, 5m, 1h and 1d; tooltip ${await page.getByTestId("price-tooltip").textContent()}`);

  // 2. The depth chart's best ask is the resting order, and its tooltip names the size resting there.
  const [hasAsk, askTick] = (await client.readContract({ ...a.book, functionName: "bestAsk" })) as readonly [boolean, number];
  assert.ok(hasAsk, "the rest of the sell order rests on the book");
  // levelState → (epoch, orders, queued, filled, cancelled, live lots)
  const live = ((await client.readContract({ ...a.book, functionName: "levelState", args: [1, askTick] })) as readonly [number, number, bigint, bigint, bigint, bigint])[5];
  const depth = page.locator('[data-testid="depth-chart"][data-state="ready"]');
  await depth.waitFor({ timeout: TIMEOUT });
  await page.waitForFunction((want) => document.querySelector('[data-testid="depth-chart"]')?.getAttribute("data-best-ask") === want, priceDecimal(askTick, units), { timeout: TIMEOUT });
  await hover(page, "depth-chart-canvas", "data-best-ask-x");
  await page.getByTestId("depth-tooltip").waitFor({ timeout: TIMEOUT });
  assert.equal(await tooltipValue(page, "depth-tooltip", "level"), kgText(live * units.lotSize), "the depth tooltip shows the resting order's size at its price");
  assert.equal(await tooltipValue(page, "depth-tooltip", "ask"), kgText(live * units.lotSize), "the best ask is where the asks' cumulative size starts");
  a.log(`depth chart: best ask ${priceDecimal(askTick, units)} ${symbol} with ${kgText(live * units.lotSize)} resting, as levelState says`);

  // 3. The dashboard's emissions per period and this period's line are the chain's figures.
  await page.goto(`${a.appUrl}/`);
  const periods = page.locator('[data-testid="emissions-chart"][data-state="ready"]');
  await periods.waitFor({ timeout: TIMEOUT });
  const shown = ((await periods.getAttribute("data-periods")) ?? "").split(",").map(Number);
  const kg = ((await periods.getAttribute("data-kg")) ?? "").split(",");
  assert.ok(shown.length > 0, "the periods chart shows the household's periods");
  for (const [i, p] of shown.entries()) {
    const booked = (await client.readContract({ ...a.oracle, functionName: "emissionsOf", args: [a.account, p] })) as bigint;
    assert.equal(kg[i], formatUnits(booked, 18), `period ${p}'s bar is emissionsOf on chain`);
  }
  const current = (await client.readContract({ ...a.calendar, functionName: "currentPeriod" })) as number;
  const thisPeriod = ((await client.readContract({ ...a.oracle, functionName: "emissionsOf", args: [a.account, current] })) as bigint) - ((await client.readContract({ ...a.oracle, functionName: "estimatedOf", args: [a.account, current] })) as bigint);
  if (thisPeriod === 0n) {
    await page.getByTestId("budget-chart-empty").waitFor({ timeout: TIMEOUT });
  } else {
    await page.waitForFunction((want) => document.querySelector('[data-testid="budget-chart"]')?.getAttribute("data-total-kg") === want, formatUnits(thisPeriod, 18), { timeout: TIMEOUT });
  }
  a.log(`dashboard: ${shown.length} periods as emissionsOf on chain (${shown.map((p, i) => `${p}: ${kg[i]} kg`).join(", ")}); this period's line ${formatUnits(thisPeriod, 18)} kg`);

  // 4. A 390 px wide phone: the charts fit the screen (no horizontal scroll of their own).
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    for (const [route, ids] of [["/", ["budget-chart", "source-chart", "emissions-chart"]], ["/market", ["depth-chart", "price-chart"]]] as const) {
      await page.goto(`${a.appUrl}${route}`);
      for (const id of ids) {
        const frame = page.getByTestId(id);
        await frame.waitFor({ timeout: TIMEOUT });
        const box = (await frame.boundingBox())!;
        assert.ok(box.x >= 0 && box.x + box.width <= 390, `${id} fits a 390 px screen (${box.x}–${box.x + box.width})`);
        const canvas = page.locator(`[data-testid="${id}-canvas"]`);
        if (await canvas.count()) {
          await page.waitForFunction((cid) => (document.querySelector(`[data-testid="${cid}"]`)?.scrollWidth ?? 999) <= (document.querySelector(`[data-testid="${cid}"]`)?.clientWidth ?? 0), `${id}-canvas`, { timeout: TIMEOUT });
          assert.ok((await canvas.boundingBox())!.width <= box.width, `${id}'s canvas is no wider than its card`);
        }
      }
    }
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
  a.log("charts fit a 390 px wide screen");
}
