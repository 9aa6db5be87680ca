/**
 * The e2e's period-statement step (issue #12), run after the seller's first period is settled and
 * the next allowance has paid its deficit: the household opens its statement from the dashboard
 * (the last settled period by default), downloads the CSV through the real button (Playwright's
 * download event) and every figure in it is compared with the chain, read with viem:
 * emissionsOf / estimatedOf, the settlement, the allowance claimed, the deficit opened, paid and
 * still open (deficitOf), the trade done earlier (the seller's resting ask the buyer took) and the
 * retirement, each in the statement of the period its block falls in (picked in the period
 * picker), with their transactions and blocks. Then: a statement transaction opens in the
 * explorer; the printable view (print media) hides the app's chrome and prints as an A4 PDF; the
 * zh-CN statement renders Chinese headings and a CSV with the same records labelled in Chinese.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { erc20Abi, type Abi, type Address, type PublicClient } from "viem";
import { loadAbi, type PcxAddresses } from "../../sdk/deployment.js";
import { isoTime, parseCsv, parseFixed } from "../../sdk/statement.js";
import { zh } from "../../app/src/i18n/zh.js";

const TIMEOUT = 30_000;

export interface StatementFlowArgs {
  browser: Browser;
  appUrl: string;
  indexerUrl: string;
  client: PublicClient;
  addresses: PcxAddresses;
  /** The household (a Hardhat test account) and its index on the connect page. */
  account: Address;
  accountIndex: number;
  /** Its settled period. */
  period: number;
  log: (msg: string) => void;
}

type Csv = Record<string, string>[];

async function connected(browser: Browser, appUrl: string, index: number, errors: string[], lang?: "zh"): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ acceptDownloads: true });
  if (lang) await ctx.addInitScript((l) => localStorage.setItem("pcx.lang", l), lang);
  const page = await ctx.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${appUrl}/connect`);
  await page.getByTestId(`connect-hardhat-${index}`).click();
  await page.waitForURL(`${appUrl}/`, { timeout: TIMEOUT });
  await page.getByTestId("account").waitFor({ timeout: TIMEOUT });
  return { ctx, page };
}

async function statementShown(page: Page, period: number) {
  await page.locator(`[data-testid="statement"][data-period="${period}"]`).waitFor({ timeout: TIMEOUT });
  await page.locator('[data-testid="statement-csv"]:enabled').waitFor({ timeout: TIMEOUT });
}

/** The CSV the statement's own button saves. */
async function downloadCsv(page: Page): Promise<{ name: string; csv: Csv; text: string }> {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: TIMEOUT }), page.getByTestId("statement-csv").click()]);
  const file = await download.path();
  assert.ok(file, "the download was saved");
  const text = readFileSync(file, "utf8");
  return { name: download.suggestedFilename(), csv: parseCsv(text), text };
}

const kgOf = (r: Record<string, string> | undefined) => parseFixed(r?.kg_co2e ?? "", 18);
const one = (csv: Csv, record: string) => {
  const rows = csv.filter((r) => r.record === record);
  assert.equal(rows.length, 1, `one ${record} row`);
  return rows[0]!;
};

export async function statementFlow(a: StatementFlowArgs): Promise<void> {
  const { client, addresses, account, period } = a;
  const read = <T>(contract: keyof PcxAddresses, functionName: string, args: unknown[] = []) =>
    client.readContract({ address: addresses[contract]!, abi: loadAbi(contract) as Abi, functionName, args }) as Promise<T>;
  const genesis = await read<bigint>("PeriodCalendar", "genesis");
  const length = await read<bigint>("PeriodCalendar", "periodLength");
  const periodAt = (ts: bigint) => Number((ts - genesis) / length);
  const blockTime = async (n: bigint) => (await client.getBlock({ blockNumber: n })).timestamp;

  // The chain's records of this household, as viem reads them.
  const logs = async (contract: keyof PcxAddresses, eventName: string, args?: Record<string, unknown>) =>
    client.getContractEvents({ address: addresses[contract]!, abi: loadAbi(contract) as Abi, eventName, args, fromBlock: 0n }) as Promise<{ args: Record<string, unknown>; transactionHash: `0x${string}`; blockNumber: bigint }[]>;
  const claims = await logs("CarbonBudget", "AllowanceClaimed", { account });
  const payments = await logs("CarbonBudget", "DeficitPaid", { account });
  const retired = await logs("CarbonCredit", "Retired", { retiree: account });
  const placed = addresses.OrderBook ? await logs("OrderBook", "OrderPlaced", { owner: account }) : [];
  const mineAt = new Set(placed.map((o) => { const id = o.args.orderId as bigint; return `${(id >> 88n) & 0xffn}:${(id >> 64n) & 0xffffffn}:${(id >> 32n) & 0xffffffffn}`; }));
  // The household's trades: as taker, or the level of one of its resting orders taken (one maker per level in this run).
  const trades = (addresses.OrderBook ? await logs("OrderBook", "Trade") : []).filter(
    (t) => String(t.args.taker).toLowerCase() === account.toLowerCase() || mineAt.has(`${1 - Number(t.args.takerSide)}:${t.args.tick}:${t.args.epoch}`),
  );
  assert.ok(trades.length > 0, "the household traded earlier in the run");
  const lotSize = addresses.OrderBook ? await read<bigint>("OrderBook", "lotSize") : 0n;
  const quoteDecimals = addresses.OrderBook ? await client.readContract({ address: await read<Address>("OrderBook", "quote"), abi: erc20Abi, functionName: "decimals" }) : 0;

  // Every figure of one period's CSV against the chain.
  const check = async (p: number, csv: Csv) => {
    const [start, end] = [genesis + BigInt(p) * length, genesis + BigInt(p + 1) * length];
    assert.equal(one(csv, "period.start").date, isoTime(Number(start)));
    assert.equal(one(csv, "period.end").date, isoTime(Number(end)));
    const total = kgOf(one(csv, "emissions.total"));
    assert.equal(total, await read<bigint>("EmissionOracle", "emissionsOf", [account, p]), `period ${p}: emissions = emissionsOf`);
    const estimated = kgOf(one(csv, "emissions.estimated"));
    assert.equal(estimated, await read<bigint>("EmissionOracle", "estimatedOf", [account, p]), `period ${p}: estimated = estimatedOf`);
    const sum = (record: string) => csv.filter((r) => r.record === record).reduce((s, r) => s + kgOf(r), 0n);
    assert.equal(sum("emissions.source"), total, "the sources add up to the total");
    assert.equal(sum("emissions.day") + estimated, total, "the days and the estimate add up to the total");
    const claimed = claims.filter((c) => Number(c.args.period) === p);
    if (claimed.length) {
      const row = one(csv, "allowance.claimed");
      assert.deepEqual([kgOf(row), row.tx, row.block], [claimed[0]!.args.amount as bigint, claimed[0]!.transactionHash, claimed[0]!.blockNumber.toString()]);
      const viaClaim = payments.filter((x) => x.transactionHash === claimed[0]!.transactionHash).reduce((s, x) => s + (x.args.amount as bigint), 0n);
      assert.equal(kgOf(one(csv, "allowance.to_deficit")), viaClaim, "the allowance's part that paid an earlier deficit");
    } else assert.equal(csv.filter((r) => r.record === "allowance.claimed").length, 0);
    const s = await read<{ settled: boolean; emissions: bigint; surrendered: bigint; shortfall: bigint }>("CarbonBudget", "settlement", [account, p]);
    if (s.settled) {
      assert.deepEqual(
        [kgOf(one(csv, "settlement.emissions")), kgOf(one(csv, "settlement.surrendered")), kgOf(one(csv, "settlement.shortfall")), kgOf(one(csv, "deficit.opened"))],
        [s.emissions, s.surrendered, s.shortfall, s.shortfall],
        `period ${p}: the settlement`,
      );
    }
    const inWindow = async (rows: { blockNumber: bigint }[]) => {
      const out = [];
      for (const r of rows) if (periodAt(await blockTime(r.blockNumber)) === p) out.push(r);
      return out as typeof rows;
    };
    const tradesHere = (await inWindow(trades)) as typeof trades;
    assert.deepEqual(
      csv.filter((r) => r.record === "trade").map((r) => [r.tx, r.block, r.side, r.role, kgOf(r), parseFixed(r.quote_amount!, quoteDecimals)]),
      tradesHere.map((t) => {
        const taker = String(t.args.taker).toLowerCase() === account.toLowerCase();
        const bought = taker ? Number(t.args.takerSide) === 0 : Number(t.args.takerSide) === 1;
        return [t.transactionHash, t.blockNumber.toString(), bought ? "buy" : "sell", taker ? "taker" : "maker", (t.args.lots as bigint) * lotSize, t.args.quoteAmount as bigint];
      }),
      `period ${p}: the trades`,
    );
    const retiredHere = (await inWindow(retired)) as typeof retired;
    assert.deepEqual(
      csv.filter((r) => r.record === "retirement").map((r) => [r.reference, kgOf(r), r.tx]),
      retiredHere.map((x) => [String(x.args.id), x.args.amount as bigint, x.transactionHash]),
      `period ${p}: the retirements`,
    );
    const allowanceRow = csv.find((r) => r.record === "allowance.claimed");
    const toDeficitRow = csv.find((r) => r.record === "allowance.to_deficit");
    return { total, trades: tradesHere.length, retirements: retiredHere.length, allowance: allowanceRow?.kg_co2e ?? "none", toDeficit: toDeficitRow?.kg_co2e ?? "0" };
  };

  // The indexer has every event so far: the statement is complete when the page loads.
  const head = await client.getBlockNumber();
  for (const deadline = Date.now() + TIMEOUT; ; ) {
    const status = (await (await fetch(`${a.indexerUrl}/status`)).json()) as Record<string, { block: { number: number } | null }>;
    if ((Object.values(status)[0]?.block?.number ?? -1) >= Number(head)) break;
    assert.ok(Date.now() < deadline, "the indexer caught up with the chain");
    await new Promise((r) => setTimeout(r, 200));
  }

  const errors: string[] = [];
  let enCsv: Csv = [];
  // Without a wallet the page asks to connect one.
  {
    const ctx = await a.browser.newContext();
    const anon = await ctx.newPage();
    anon.on("pageerror", (e) => errors.push(e.message));
    await anon.goto(`${a.appUrl}/statement`);
    await anon.getByTestId("need-connect").waitFor({ timeout: TIMEOUT });
    await ctx.close();
  }
  const { ctx, page } = await connected(a.browser, a.appUrl, a.accountIndex, errors);
  try {
    assert.equal(await page.locator('nav a[href="/statement"]').count(), 1, "the nav links to the statement");
    await page.getByTestId("statement-link").click();
    await page.waitForURL(/\/statement/, { timeout: TIMEOUT });
    await statementShown(page, period);
    assert.equal(await page.getByTestId("statement").getAttribute("data-status"), "settled");
    // A period with nothing booked (the deployment fell into its last seconds: no reading, no gap
    // estimate) shows the section's empty line; otherwise its sources and days add up.
    if ((await read<bigint>("EmissionOracle", "emissionsOf", [account, period])) === 0n) {
      await page.getByTestId("statement-emissions-section-empty").waitFor({ timeout: TIMEOUT });
      assert.equal(await page.getByTestId("statement-reconciled").count(), 0, "no reconciliation line without emissions");
    } else {
      assert.equal(await page.getByTestId("statement-reconciled").getAttribute("data-reconciled"), "true", "the page's sources and days add up");
    }
    const first = await downloadCsv(page);
    enCsv = first.csv;
    assert.match(first.name, /^pcx-statement-[0-9a-f]{6}-\d{4}-\d\d-\d\dT\d{6}Z\.csv$/);
    const settled = await check(period, first.csv);
    // The deficit: opened by this settlement, paid since (the next allowance paid it first), the rest still open.
    const paid = first.csv.filter((r) => r.record === "deficit.payment");
    assert.equal(paid.reduce((s, r) => s + kgOf(r), 0n), payments.reduce((s, x) => s + (x.args.amount as bigint), 0n), "every deficit payment went to this period's deficit");
    assert.deepEqual(paid.map((r) => r.tx), payments.map((x) => x.transactionHash));
    assert.equal(kgOf(one(first.csv, "deficit.outstanding")), await read<bigint>("CarbonBudget", "deficitOf", [account]), "what is still open = deficitOf");
    a.log(`statement of period ${period}: CSV ${first.name}, ${first.csv.length} records, emissions ${settled.total} wei = emissionsOf; settlement, allowance and deficit (${paid.length} payment(s)) as on chain`);

    // The trade and the retirement, each in the statement of its period, and the period whose
    // allowance paid the deficit first: each picked in the period picker.
    const periods = new Set<number>();
    for (const x of [...trades, ...retired]) periods.add(periodAt(await blockTime(x.blockNumber)));
    for (const c of claims) if (payments.some((x) => x.transactionHash === c.transactionHash)) periods.add(Number(c.args.period));
    let seenTrades = settled.trades, seenRetirements = settled.retirements;
    for (const p of [...periods].filter((x) => x !== period)) {
      await page.getByTestId("statement-period").selectOption(String(p));
      await statementShown(page, p);
      const other = await check(p, (await downloadCsv(page)).csv);
      seenTrades += other.trades;
      seenRetirements += other.retirements;
      a.log(`statement of period ${p} (picked): ${other.trades} trade(s), ${other.retirements} retirement(s), allowance ${other.allowance} of which ${other.toDeficit} paid the earlier deficit, as on chain`);
    }
    assert.equal(seenTrades, trades.length, "every trade of the household is on one statement");
    assert.equal(seenRetirements, retired.length, "every retirement of the household is on one statement");

    // A statement's transaction opens in the app's explorer.
    await page.goto(`${a.appUrl}/statement?period=${period}`);
    await statementShown(page, period);
    const settleTx = one(first.csv, "settlement.emissions");
    await page.locator(`[data-testid="statement-settlement"] [data-testid="statement-tx"][data-tx="${settleTx.tx}"]`).click();
    await page.getByTestId("tx-page").waitFor({ timeout: TIMEOUT });
    assert.equal(await page.getByTestId("tx-page").getAttribute("data-status"), "success");
    assert.equal(await page.getByTestId("tx-block").getAttribute("data-block"), settleTx.block);
    await page.locator('[data-testid="tx-event"][data-event="CarbonBudget.Settled"]').first().waitFor({ timeout: TIMEOUT });
    a.log(`the settlement's transaction opens in the explorer (block ${settleTx.block})`);

    // The printable view: print media hides the app's chrome and the controls; an A4 PDF comes out.
    await page.goBack();
    await statementShown(page, period);
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator("nav.top").isVisible(), false, "no navigation in print");
    assert.equal(await page.getByTestId("statement-csv").isVisible(), false, "no buttons in print");
    assert.ok(await page.getByTestId("statement-emissions-section").isVisible(), "the statement prints");
    const fullHash = page.locator(`[data-testid="statement-settlement"] [data-tx="${settleTx.tx}"]`).getByText(settleTx.tx!, { exact: true });
    assert.ok(await fullHash.isVisible(), "print shows the settlement's full transaction hash");
    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString("latin1");
    assert.ok(pdf.startsWith("%PDF-"), "a PDF");
    const pages = pdf.match(/\/Type\s*\/Page\b/g)?.length ?? 0;
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf);
    assert.ok(box && Math.abs(Number(box[1]) - 595.3) < 2 && Math.abs(Number(box[2]) - 841.9) < 2, `A4 pages (MediaBox ${box?.[1]} × ${box?.[2]})`);
    await page.emulateMedia({ media: "screen" });
    a.log(`printable statement: chrome hidden, A4 PDF of ${pages} page(s), ${pdf.length} bytes`);
  } finally {
    await ctx.close();
  }

  // The Chinese statement: headings in Chinese, the same CSV records labelled in Chinese.
  const cn = await connected(a.browser, a.appUrl, a.accountIndex, errors, "zh");
  try {
    await cn.page.goto(`${a.appUrl}/statement?period=${period}`);
    await statementShown(cn.page, period);
    assert.equal(await cn.page.evaluate(() => document.documentElement.lang), "zh-CN");
    for (const key of ["statement.heading", "statement.emissions.title", "statement.allowance.title", "statement.trades.title", "statement.references.title"] as const) {
      await cn.page.getByText(zh[key], { exact: true }).first().waitFor({ timeout: TIMEOUT });
    }
    await cn.page.getByRole("heading", { name: zh["statement.title"] }).waitFor({ timeout: TIMEOUT });
    const zhCsv = await downloadCsv(cn.page);
    assert.equal(one(zhCsv.csv, "emissions.total").label, zh["statement.csv.emissions.total"]);
    const values = (csv: Csv) => csv.map((r) => [r.record, r.kg_co2e, r.tx, r.block]);
    assert.deepEqual(values(zhCsv.csv), values(enCsv), "the Chinese CSV has the same records and figures");
    a.log(`zh-CN statement: "${zh["statement.heading"]}", sections in Chinese, CSV labelled in Chinese with the same figures`);
  } finally {
    await cn.ctx.close();
  }
  assert.deepEqual(errors, [], "no page error on the statement pages");
}
