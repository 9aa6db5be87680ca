/**
 * End-to-end test of the production dApp in Debian's Chromium against a real local node with the
 * PCX contracts deployed by Ignition (`npm run test:e2e`):
 *   connect with a test account → claim the allowance → place a sell → a second account buys →
 *   balances and the ladder update → the seller withdraws → retire and open the certificate →
 *   switch to Chinese. Also: pages render with no wallet connected; a device binding pasted on the
 *   Meters page is bound, readings the oracle operator books for it show on Meters and Dashboard;
 *   with an EIP-6963 browser wallet, wrong network, bad input and a refused signature each get a
 *   clear message (wallet-errors.ts).
 */
import assert from "node:assert/strict";
import { chromium, type Browser, type Page } from "playwright-core";
import { createPublicClient, createWalletClient, erc20Abi, http, type Abi, type Address, type PublicClient } from "viem";
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { parseSignature, signatureToCompactSignature } from "viem";
import { hardhat } from "viem/chains";
import { loadAbi, loadAddresses } from "../../sdk/deployment.js";
import { HARDHAT_ACCOUNTS, HARDHAT_MNEMONIC, LOCAL_ROLES } from "../../sdk/local-chain.js";
import { DEVICE_BINDING_TYPES, READING_TYPES, emissionOracleDomain, registryDomain } from "../../sdk/typed-data.js";
import { CHROMIUM_ARGS, CHROMIUM_PATH, startAppStack } from "../../scripts/lib/app-stack.js";
import { tickToPrice, type BookUnits } from "../../app/src/lib/price.js";
import { walletErrorFlow } from "./wallet-errors.js";

const SELLER = 2; // demo household (enrolled by PCXLocal)
const BUYER = 3; // another household
const WALLET_HOUSEHOLD = 4; // a household driven through an injected EIP-6963 wallet (wallet-errors.ts)
const TIMEOUT = 30_000;

const log = (msg: string) => console.log(`[e2e] ${msg}`);

async function expectConfirmed(page: Page, scope = "body") {
  const status = page.locator(`${scope} [data-testid="tx-status"]`).first();
  await status.waitFor({ timeout: TIMEOUT });
  await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(`${sel} [data-testid="tx-status"]`);
      const s = el?.getAttribute("data-status");
      return s === "confirmed" || s === "failed";
    },
    scope,
    { timeout: TIMEOUT },
  );
  const state = await status.getAttribute("data-status");
  if (state !== "confirmed") throw new Error(`transaction failed: ${await status.textContent()}`);
}

async function connect(page: Page, appUrl: string, index: number) {
  await page.goto(`${appUrl}/connect`);
  await page.getByTestId(`connect-hardhat-${index}`).click();
  await page.waitForURL(`${appUrl}/`, { timeout: TIMEOUT });
  await page.getByTestId("account").waitFor({ timeout: TIMEOUT });
}

const stack = await startAppStack({ quiet: process.env.E2E_VERBOSE !== "1" });
log(`stack up: ${JSON.stringify(stack.timings)}`);
let browser: Browser | undefined;
let failed = false;
try {
  const addresses = loadAddresses(31337);
  const client = createPublicClient({ chain: hardhat, transport: http(stack.rpcUrl) });
  const buyer = HARDHAT_ACCOUNTS[BUYER] as Address;
  if (!addresses.OrderBook) log("SKIP market steps: the deployment has no OrderBook");
  const market = addresses.OrderBook
    ? await (async () => {
        const bookAbi = loadAbi("OrderBook") as Abi;
        const read = <T>(functionName: string, args: unknown[] = []) =>
          client.readContract({ address: addresses.OrderBook!, abi: bookAbi, functionName, args }) as Promise<T>;
        const quote = await read<Address>("quote");
        const units: BookUnits = {
          lotSize: await read<bigint>("lotSize"),
          quotePerTickLot: await read<bigint>("quotePerTickLot"),
          quoteDecimals: await client.readContract({ address: quote, abi: erc20Abi, functionName: "decimals" }),
        };
        // Test setup outside the UI: the buyer draws test USD from the faucet if it has none.
        if ((await client.readContract({ address: quote, abi: erc20Abi, functionName: "balanceOf", args: [buyer] })) === 0n) {
          const wallet = createWalletClient({ chain: hardhat, transport: http(stack.rpcUrl), account: mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: BUYER }) });
          const hash = await wallet.writeContract({ address: quote, abi: loadAbi("TestUSD") as Abi, functionName: "faucet", args: [] });
          await client.waitForTransactionReceipt({ hash });
        }
        const band = await read<readonly [bigint, bigint, bigint]>("band");
        const bestBid = (await read<readonly [boolean, number]>("bestBid"))[1];
        // A price above every bid (so the sell rests) and inside the band.
        const tick = BigInt(Math.max(Number(band[1]), bestBid + 1, 1000));
        assert.ok(tick <= band[2], "the chosen tick lies inside the band");
        const price = tickToPrice(tick, units).replace(/,/g, "");
        const lots = 10n;
        const amount = ((lots * units.lotSize * 1000n) / 10n ** 18n).toString(); // in milli-PCC
        const amountText = (Number(amount) / 1000).toString();
        log(`trading at tick ${tick} (price ${price}), ${lots} lots = ${amountText} PCC`);
      return { quote, units, tick, price, lots, amountText };
    })()
    : undefined;

  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

  // Disconnected: every page renders without a wallet.
  const anon = await browser.newPage();
  const pageErrors: string[] = [];
  anon.on("pageerror", (e) => pageErrors.push(e.message));
  for (const route of ["/", "/market", "/meters", "/offset", "/explorer", "/admin", "/certificate/999"]) {
    await anon.goto(`${stack.appUrl}${route}`);
    await anon.locator("main h1, main .card, main .certificate, main p").first().waitFor({ timeout: TIMEOUT });
  }
  if (market) {
    await anon.goto(`${stack.appUrl}/market`);
    await anon.getByTestId("ladder").waitFor({ timeout: TIMEOUT });
  }
  assert.equal(pageErrors.length, 0, `no page error without a wallet: ${pageErrors.join("; ")}`);
  log("pages render without a wallet");

  // Seller: connect, claim the allowance, place a sell.
  const sellerCtx = await browser.newContext();
  const seller = await sellerCtx.newPage();
  seller.on("pageerror", (e) => pageErrors.push(e.message));
  await connect(seller, stack.appUrl, SELLER);
  await seller.getByTestId("claim-allowance").click();
  await expectConfirmed(seller);
  await seller.waitForFunction(() => document.querySelector('[data-testid="pcc-balance"]')?.textContent !== "0 kg", undefined, { timeout: TIMEOUT });
  log(`seller claimed the allowance: ${await seller.getByTestId("pcc-balance").textContent()}`);

  // Meters: bind a fresh device from the JSON `device new` prints, then the oracle operator books readings.
  const sellerAddr = HARDHAT_ACCOUNTS[SELLER] as Address;
  const deviceKey = privateKeyToAccount(generatePrivateKey());
  const bindingMessage = { device: deviceKey.address, owner: sellerAddr, kind: 0, factorId: 1, operatorAttested: false };
  const bindingSignature = await deviceKey.signTypedData({
    domain: registryDomain(31337, addresses.Registry!),
    types: DEVICE_BINDING_TYPES,
    primaryType: "DeviceBinding",
    message: bindingMessage,
  });
  await seller.goto(`${stack.appUrl}/meters`);
  await seller.getByTestId("binding-json").fill(JSON.stringify({ device: deviceKey.address, kind: 0, factorId: 1, operatorAttested: false, signature: bindingSignature }));
  await seller.getByTestId("bind-device").click();
  await expectConfirmed(seller);
  await seller.getByTestId("device-row").filter({ hasText: deviceKey.address.slice(0, 6) }).waitFor({ timeout: TIMEOUT });
  const operator = createWalletClient({ chain: hardhat, transport: http(stack.rpcUrl), account: mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: LOCAL_ROLES.oracleOperator }) });
  const now = (await client.getBlock()).timestamp;
  const readings = [
    { device: deviceKey.address, seq: 1n, timestamp: now - 2n, cumulative: 1_000_000n },
    { device: deviceKey.address, seq: 2n, timestamp: now - 1n, cumulative: 1_010_000n }, // +10 kWh
  ];
  const signatures = await Promise.all(
    readings.map(async (r) => {
      const sig = await deviceKey.signTypedData({ domain: emissionOracleDomain(31337, addresses.EmissionOracle!), types: READING_TYPES, primaryType: "Reading", message: r });
      const compact = signatureToCompactSignature(parseSignature(sig));
      return { r: compact.r, vs: compact.yParityAndS };
    }),
  );
  const submit = await operator.writeContract({ address: addresses.EmissionOracle!, abi: loadAbi("EmissionOracle") as Abi, functionName: "submitReadings", args: [readings, signatures] });
  assert.equal((await client.waitForTransactionReceipt({ hash: submit })).status, "success");
  await seller.getByTestId("device-row").filter({ hasText: "1010000 Wh" }).waitFor({ timeout: TIMEOUT });
  await seller.goto(`${stack.appUrl}/`);
  await seller.getByTestId("emissions-chart").waitFor({ timeout: TIMEOUT });
  // 10 kWh × 0.5366 kg/kWh (elec.cn.grid) = 5.366 kg on top of whatever the seed booked.
  await seller.waitForFunction(() => document.querySelector('[data-testid="emissions"]')?.textContent !== "0 kg", undefined, { timeout: TIMEOUT });
  log(`device bound, readings booked: emissions ${await seller.getByTestId("emissions").textContent()}`);

  if (market) {
    const { quote, units, tick, price, lots, amountText } = market;
    await seller.goto(`${stack.appUrl}/market`);
    await seller.getByTestId("side-sell").click();
    await seller.getByTestId("order-price").fill(price);
    await seller.getByTestId("order-amount").fill(amountText);
    await seller.getByTestId("place-order").click();
    await expectConfirmed(seller, '[data-testid="order-form"]');
    const askRow = seller.locator(`[data-testid="ladder-ask"][data-tick="${tick}"]`);
    await askRow.waitFor({ timeout: TIMEOUT });
    await seller.getByTestId("my-order").first().waitFor({ timeout: TIMEOUT });
    const askBefore = await askRow.locator("td").nth(1).textContent();
    log(`sell rests on the ladder: ${askBefore} kg at ${price}`);

    // Buyer: a second account takes part of it.
    const buyerCtx = await browser.newContext();
    const buyerPage = await buyerCtx.newPage();
    buyerPage.on("pageerror", (e) => pageErrors.push(e.message));
    await connect(buyerPage, stack.appUrl, BUYER);
    await buyerPage.goto(`${stack.appUrl}/market`);
    await buyerPage.getByTestId("side-buy").click();
    const buyLots = 4n;
    const buyText = (Number((buyLots * units.lotSize * 1000n) / 10n ** 18n) / 1000).toString();
    await buyerPage.getByTestId("order-price").fill(price);
    await buyerPage.getByTestId("order-amount").fill(buyText);
    await buyerPage.getByTestId("order-kind").selectOption("1"); // immediate or cancel
    const buyerPccBefore = await client.readContract({ address: addresses.CarbonCredit!, abi: erc20Abi, functionName: "balanceOf", args: [buyer] });
    await buyerPage.getByTestId("place-order").click();
    await expectConfirmed(buyerPage, '[data-testid="order-form"]');
    await buyerPage.getByTestId("my-trade").first().waitFor({ timeout: TIMEOUT });
    const pcc = { address: addresses.CarbonCredit!, abi: erc20Abi } as const;
    const buyerPcc = await client.readContract({ ...pcc, functionName: "balanceOf", args: [buyer] });
    assert.equal(buyerPcc - buyerPccBefore, buyLots * units.lotSize, "the buyer received the PCC it bought");
    log(`buyer bought ${buyText} PCC`);

    // The seller's ladder updates live: the remaining size at the tick.
    const remaining = ((lots - buyLots) * units.lotSize * 1000n) / 10n ** 18n;
    await seller.waitForFunction(
      ([t, want]) => {
        const cell = document.querySelector(`[data-testid="ladder-ask"][data-tick="${t}"] td:nth-child(2)`);
        return cell?.textContent === want;
      },
      [tick.toString(), (Number(remaining) / 1000).toString()] as const,
      { timeout: TIMEOUT },
    );
    log("seller's ladder shows the remaining size");

    // The seller withdraws the proceeds.
    const quoteBefore = await client.readContract({ address: quote, abi: erc20Abi, functionName: "balanceOf", args: [sellerAddr] });
    await seller.waitForFunction(() => !(document.querySelector('[data-testid="withdraw"]') as HTMLButtonElement | null)?.disabled, undefined, { timeout: TIMEOUT });
    await seller.getByTestId("withdraw").click();
    await expectConfirmed(seller, '[data-testid="my-orders"]');
    const quoteAfter = await client.readContract({ address: quote, abi: erc20Abi, functionName: "balanceOf", args: [sellerAddr] });
    assert.equal(quoteAfter - quoteBefore, buyLots * tick * units.quotePerTickLot, "the seller withdrew exactly the trade's quote amount");
    await seller.getByTestId("my-fill").first().waitFor({ timeout: TIMEOUT });
    log("seller withdrew the proceeds");
  }

  // Retire and open the certificate.
  await seller.goto(`${stack.appUrl}/offset`);
  await seller.getByTestId("retire-amount").fill("1.5");
  await seller.getByTestId("retire-name").fill("E2E Household");
  await seller.getByTestId("retire").click();
  await expectConfirmed(seller);
  await seller.getByTestId("certificate-link").click();
  await seller.getByTestId("certificate").waitFor({ timeout: TIMEOUT });
  assert.match((await seller.getByTestId("certificate-amount").textContent()) ?? "", /^1\.5 kg/);
  assert.match((await seller.getByTestId("certificate-name").textContent()) ?? "", /E2E Household/);
  log(`certificate opened at ${seller.url()}`);

  // Admin: the registrar sees the admin page; enrolling an enrolled account fails before any
  // transaction, with the contract's custom error decoded.
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  admin.on("pageerror", (e) => pageErrors.push(e.message));
  await connect(admin, stack.appUrl, LOCAL_ROLES.deployer);
  await admin.goto(`${stack.appUrl}/admin`);
  await admin.getByTestId("enroll-address").fill(sellerAddr);
  await admin.getByTestId("enroll").click();
  await admin.locator('[data-testid="tx-status"][data-status="failed"]').waitFor({ timeout: TIMEOUT });
  assert.equal(await admin.getByTestId("tx-error").textContent(), `AlreadyEnrolled(${sellerAddr})`);
  log("admin: revert reason decoded before signing (AlreadyEnrolled)");
  await adminCtx.close();

  // Settle: move the chain past the period's end and grace window, then settle from the dashboard.
  const calendarAbi = loadAbi("PeriodCalendar") as Abi;
  const budgetAbi = loadAbi("CarbonBudget") as Abi;
  const settleFrom = (await client.readContract({ address: addresses.CarbonBudget!, abi: budgetAbi, functionName: "nextSettlementPeriod", args: [sellerAddr] })) as number;
  const settleableAt =
    ((await client.readContract({ address: addresses.PeriodCalendar!, abi: calendarAbi, functionName: "periodEnd", args: [settleFrom] })) as bigint) +
    ((await client.readContract({ address: addresses.PeriodCalendar!, abi: calendarAbi, functionName: "gracePeriod" })) as bigint);
  const chainNow = (await client.getBlock()).timestamp;
  if (settleableAt > chainNow) await client.request({ method: "evm_increaseTime" as never, params: [Number(settleableAt - chainNow + 1n)] as never });
  await client.request({ method: "evm_mine" as never, params: [] as never });
  await seller.goto(`${stack.appUrl}/`);
  await seller.locator('[data-testid="settle"]:enabled').waitFor({ timeout: TIMEOUT });
  await seller.getByTestId("settle").click();
  await expectConfirmed(seller);
  const settled = (await client.readContract({ address: addresses.CarbonBudget!, abi: budgetAbi, functionName: "settlement", args: [sellerAddr, settleFrom] })) as { settled: boolean; emissions: bigint };
  assert.ok(settled.settled, "the period is settled");
  const booked = (await client.readContract({ address: addresses.EmissionOracle!, abi: loadAbi("EmissionOracle") as Abi, functionName: "emissionsOf", args: [sellerAddr, settleFrom] })) as bigint;
  assert.equal(settled.emissions, booked, "the settlement took the period's booked emissions");
  log(`settled period ${settleFrom} from the dashboard`);
  await seller.goBack();
  await seller.getByTestId("certificate").waitFor({ timeout: TIMEOUT });

  // Wallet errors with an EIP-6963 browser wallet: wrong network, bad input, a refused signature.
  let inBandPrice: string | undefined;
  if (market) {
    const band = (await client.readContract({ address: addresses.OrderBook!, abi: loadAbi("OrderBook") as Abi, functionName: "band" })) as readonly [bigint, bigint, bigint];
    inBandPrice = tickToPrice(band[1] > 1000n ? band[1] : band[2] < 1000n ? band[2] : 1000n, market.units).replace(/,/g, "");
  }
  await walletErrorFlow({
    browser,
    appUrl: stack.appUrl,
    rpcUrl: stack.rpcUrl,
    client: client as PublicClient,
    account: HARDHAT_ACCOUNTS[WALLET_HOUSEHOLD] as Address,
    pcc: addresses.CarbonCredit!,
    pccAbi: loadAbi("CarbonCredit") as Abi,
    price: inBandPrice,
    log,
  });

  // Switch to Chinese.
  await seller.getByTestId("lang-toggle").click();
  await seller.getByText("碳信用注销证书").waitFor({ timeout: TIMEOUT });
  await seller.getByRole("link", { name: "市场" }).waitFor({ timeout: TIMEOUT });
  log("switched to Chinese");

  assert.equal(pageErrors.length, 0, `no uncaught page errors: ${pageErrors.join("; ")}`);
  log("PASS");
} catch (error) {
  failed = true;
  console.error("[e2e] FAIL", error);
} finally {
  await browser?.close();
  await stack.stop();
}
process.exit(failed ? 1 : 0);
