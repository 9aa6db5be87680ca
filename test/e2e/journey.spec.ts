/**
 * The desktop project of the browser e2e (`npm run test:e2e`, playwright.config.ts): one household's
 * whole journey in Debian's Chromium against the real local stack global-setup.ts started:
 *   connect with a test account → claim the allowance → place a sell → a second account buys →
 *   balances and the ladder update → the seller withdraws → retire and open the certificate →
 *   settle → the period statement → the explorer → switch to Chinese. Also: pages render with no
 *   wallet connected; a household without its required meters cannot claim (the dashboard says
 *   why); the binding documents the real CLI (`oracle device new --demo-certifier`) prints are
 *   pasted on the Meters page and bound, readings signed with the meter key from its key file
 *   (relayed by the household itself) show on Meters and Dashboard; a demo household's seeded
 *   meter shows its certifier and "required"; the wallet household's dashboard signs in to the
 *   oracle through an EIP-6963 wallet and shows its meter's readings "signed, not yet on chain",
 *   then "on chain" once their checkpoint confirms (signed-readings-flow.ts); settlement books gap estimates for silent required
 *   meters (shown "estimated") and a deficit is announced as paid first by the next allowance;
 *   with an EIP-6963 browser wallet, wrong network, bad input, a self-made meter binding and a
 *   refused signature each get a clear message (wallet-errors.ts).
 * The later projects (pages.spec.ts on a desktop and a phone, indexer-down.spec.ts) run on the
 * chain this journey leaves behind.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Wallet } from "ethers";
import { test } from "@playwright/test";
import { createPublicClient, createWalletClient, erc20Abi, http, type Abi, type Address, type PublicClient } from "viem";
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { parseSignature, signatureToCompactSignature } from "viem";
import { hardhat } from "viem/chains";
import { REPO_ROOT, loadAbi, loadAddresses } from "../../sdk/deployment.js";
import { HARDHAT_ACCOUNTS, HARDHAT_MNEMONIC, LOCAL_ROLES } from "../../sdk/local-chain.js";
import { READING_TYPES, emissionOracleDomain, registryDomain } from "../../sdk/typed-data.js";
import { certifiedBinding } from "../../sdk/certificates.js";
import { toBindingDocument } from "../../sdk/binding-document.js";
import { DEMO_CERTIFIER_NAME, DEMO_DEVICE_KINDS, DEMO_REQUIRED_KINDS, demoDeviceWallet, localCertifiedBinding } from "../../sdk/demo.js";
import { formatKg, formatTimestamp, shortAddress } from "../../app/src/lib/format.js";
import { tickToPrice, type BookUnits } from "../../app/src/lib/price.js";
import { walletErrorFlow } from "./wallet-errors.js";
import { signedReadingsFlow } from "./signed-readings-flow.js";
import { statementFlow } from "./statement-flow.js";
import { noRawNumbersOnAnyPage, payAllClearsDeficit, periodText, retireWithConfirmation, unenrolledDashboardIsStable, type StatesContext } from "./states-flow.js";
import { dateTime } from "../../app/src/lib/time.js";
import { chartsFlow } from "./charts-flow.js";
import { formatTimings, measureDashboardQueries } from "../../scripts/lib/indexer-bench.js";

import { BUYER, SELLER, TIMEOUT, WALLET_HOUSEHOLD, chainNow, connect, deviceNew, expectConfirmed, failure, kindList, log, msg } from "./helpers.js";
import { e2eStack } from "./stack.js";
import type { en } from "../../app/src/i18n/en.js";


test("a household's journey: meters, allowance, trade, retirement, settlement, statement, explorer", async ({ browser }) => {
  const stack = e2eStack();
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


  // Disconnected: every page renders without a wallet.
  const anon = await browser.newPage();
  const pageErrors: string[] = [];
  anon.on("pageerror", (e) => pageErrors.push(e.message));
  for (const route of ["/", "/market", "/meters", "/offset", "/community", "/explorer", "/admin", "/certificate/999"]) {
    await anon.goto(`${stack.appUrl}${route}`);
    await anon.locator("main h1, main .card, main .certificate, main p").first().waitFor({ timeout: TIMEOUT });
  }
  // A certificate number that does not exist: a sentence saying so, not the contract's error name.
  await anon.goto(`${stack.appUrl}/certificate/999`);
  const notFound = anon.getByTestId("certificate-error");
  await notFound.waitFor({ timeout: TIMEOUT });
  const notFoundText = await notFound.innerText();
  assert.match(notFoundText, /No retirement #999\./, "an unknown certificate says there is no such retirement");
  assert.doesNotMatch(notFoundText, /UnknownRetirement/, "no error name on the certificate page");
  if (market) {
    await anon.goto(`${stack.appUrl}/market`);
    await anon.getByTestId("ladder").waitFor({ timeout: TIMEOUT });
  }
  assert.equal(pageErrors.length, 0, `no page error without a wallet: ${pageErrors.join("; ")}`);
  log("pages render without a wallet");
  const states: StatesContext = { browser, appUrl: stack.appUrl, rpcUrl: stack.rpcUrl, client: client as PublicClient, addresses, abi: (n) => loadAbi(n) as Abi, log };
  await unenrolledDashboardIsStable(states, LOCAL_ROLES.marketMakers[0]);

  // Test setup outside the UI, as scripts/seed-local.ts does: the demo certifier's electricity and
  // gas meters (the required ones) for the buyer and the wallet household, so they can claim.
  const registryAbi = loadAbi("Registry") as Abi;
  const oracleAbi = loadAbi("EmissionOracle") as Abi;
  const budgetAbi = loadAbi("CarbonBudget") as Abi;
  const factorsAbi = loadAbi("EmissionFactors") as Abi;
  const householdOf = (account: number) => LOCAL_ROLES.households.indexOf(account as (typeof LOCAL_ROLES.households)[number]);
  for (const account of [BUYER, WALLET_HOUSEHOLD]) {
    const owner = HARDHAT_ACCOUNTS[account] as Address;
    const wallet = createWalletClient({ chain: hardhat, transport: http(stack.rpcUrl), account: mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: account }) });
    for (const { kind, factorKey } of DEMO_DEVICE_KINDS.filter((d) => DEMO_REQUIRED_KINDS.includes(d.kind))) {
      const factorId = Number(await client.readContract({ address: addresses.EmissionFactors!, abi: factorsAbi, functionName: "factorIdOf", args: [factorKey] }));
      const args = await localCertifiedBinding(demoDeviceWallet(householdOf(account), kind), owner, kind, factorId, 31337, addresses.Registry!);
      const hash = await wallet.writeContract({ address: addresses.Registry!, abi: registryAbi, functionName: "bindDevice", args: [...args] });
      assert.equal((await client.waitForTransactionReceipt({ hash })).status, "success");
    }
  }
  log("seeded the demo meters of the buyer and the wallet household");

  // The wallet household's dashboard: its electricity meter's signed readings from the oracle,
  // "signed, not yet on chain" until their checkpoint confirms, then "on chain".
  await signedReadingsFlow({
    browser,
    appUrl: stack.appUrl,
    rpcUrl: stack.rpcUrl,
    client: client as PublicClient,
    oracle: stack.oracle,
    emissionOracle: addresses.EmissionOracle!,
    account: HARDHAT_ACCOUNTS[WALLET_HOUSEHOLD] as Address,
    meter: demoDeviceWallet(householdOf(WALLET_HOUSEHOLD), 0),
    log,
  });

  // Seller: connect; no allowance while its required meters are missing, and the dashboard says why.
  const sellerCtx = await browser.newContext();
  const seller = await sellerCtx.newPage();
  seller.on("pageerror", (e) => pageErrors.push(e.message));
  await connect(seller, stack.appUrl, SELLER);
  const sellerAddr = HARDHAT_ACCOUNTS[SELLER] as Address;
  const blocked = seller.getByTestId("claim-blocked");
  await blocked.waitFor({ timeout: TIMEOUT });
  assert.ok(await seller.getByTestId("claim-allowance").isDisabled(), "no claim while required meters are missing");
  assert.ok(((await blocked.textContent()) ?? "").startsWith(msg("dashboard.claimBlockedMissing", { kinds: kindList(DEMO_REQUIRED_KINDS) })), "the dashboard says which required meters are missing");
  log(`claim blocked: ${await blocked.textContent()}`);

  // Meters: the installer's CLI certifies two meters (electricity, gas) and prints binding documents;
  // the household pastes each one as printed. The page names the certifier; both fill required kinds.
  await seller.goto(`${stack.appUrl}/meters`);
  await seller.getByTestId("missing-meters").waitFor({ timeout: TIMEOUT });
  assert.equal(await seller.getByTestId("missing-meters").textContent(), msg("meters.missingExplain", { kinds: kindList(DEMO_REQUIRED_KINDS) }));
  const keyDir = mkdtempSync(path.join(tmpdir(), "pcx-e2e-meter-"));
  const meters: { kind: number; key: `0x${string}`; address: Address }[] = [];
  try {
    for (const kind of DEMO_REQUIRED_KINDS) {
      const keyFile = path.join(keyDir, `meter-${kind}.key`);
      const printed = await deviceNew(sellerAddr, kind, keyFile, stack.rpcUrl);
      const key = readFileSync(keyFile, "utf8").trim() as `0x${string}`;
      assert.ok(!printed.includes(key.slice(2)), "the CLI never prints the meter key");
      if (meters.length === 0) {
        // Pasting the key file instead of the document is refused, with a sentence, before any transaction.
        await seller.getByTestId("binding-json").fill(readFileSync(keyFile, "utf8"));
        await seller.getByTestId("bind-device").click();
        assert.deepEqual(await failure(seller), { name: "binding.privateKey", text: msg("meters.error.privateKey") });
      }
      const address = privateKeyToAccount(key).address;
      meters.push({ kind, key, address });
      await seller.getByTestId("binding-json").fill(printed);
      await seller.getByTestId("bind-device").click();
      await expectConfirmed(seller);
      assert.equal(await seller.getByTestId("binding-checked").textContent(), msg("meters.checked", { tier: msg("meters.tier.certified", { name: DEMO_CERTIFIER_NAME }) }));
      const row = seller.locator(`[data-testid="device-row"][data-device="${address}"]`);
      await row.waitFor({ timeout: TIMEOUT });
      assert.equal(await row.getByTestId("device-tier").textContent(), msg("meters.tier.certified", { name: DEMO_CERTIFIER_NAME }));
      assert.equal(await row.getByTestId("device-role").textContent(), msg("meters.required"));
      assert.ok(await row.getByTestId("revoke-device").isDisabled(), "a required meter cannot be revoked by its owner");
      assert.equal(await row.getByTestId("revoke-locked").textContent(), msg("meters.revokeLocked"));
      if (meters.length === 1) {
        // The same document again: the simulation reverts and the custom error reads as a sentence.
        await seller.getByTestId("binding-json").fill(printed);
        await seller.getByTestId("bind-device").click();
        assert.deepEqual(await failure(seller), { name: "DeviceAlreadyBound", text: msg("revert.DeviceAlreadyBound", { device: shortAddress(address) }) });
      }
    }
  } finally {
    rmSync(keyDir, { recursive: true, force: true });
  }
  await seller.waitForFunction(() => !document.querySelector('[data-testid="missing-meters"]'), undefined, { timeout: TIMEOUT });
  log(`bound the CLI's binding documents: ${meters.map((m) => shortAddress(m.address)).join(", ")}; required meters complete`);

  // An optional meter (vehicle distance): revocable by its owner after a confirmation, effective at
  // the end of the period's grace window, and shown as pending until then.
  {
    const optionalDir = mkdtempSync(path.join(tmpdir(), "pcx-e2e-meter-"));
    let optional: Address;
    try {
      const keyFile = path.join(optionalDir, "car.key");
      const printed = await deviceNew(sellerAddr, 2, keyFile, stack.rpcUrl);
      optional = privateKeyToAccount(readFileSync(keyFile, "utf8").trim() as `0x${string}`).address;
      await seller.getByTestId("binding-json").fill(printed);
      await seller.getByTestId("bind-device").click();
      await expectConfirmed(seller);
    } finally {
      rmSync(optionalDir, { recursive: true, force: true });
    }
    const row = seller.locator(`[data-testid="device-row"][data-device="${optional}"]`);
    await row.waitFor({ timeout: TIMEOUT });
    assert.equal(await row.getByTestId("device-role").textContent(), msg("meters.optional"));
    await row.locator('[data-testid="revoke-device"]:enabled').click();
    const confirmText = (await row.getByTestId("revoke-confirm").locator("small").textContent()) ?? "";
    const [before, after] = msg("meters.revokeConfirm").split("{at}");
    assert.ok(confirmText.startsWith(before!) && confirmText.endsWith(after!), `the confirmation explains the grace window: ${confirmText}`);
    await row.getByTestId("revoke-yes").click();
    await expectConfirmed(seller);
    const [revoked] = await client.getContractEvents({ address: addresses.Registry!, abi: registryAbi, eventName: "DeviceRevoked", args: { device: optional }, fromBlock: 0n });
    const effectiveAt = (revoked!.args as { effectiveAt: bigint }).effectiveAt;
    assert.ok(confirmText.includes(dateTime(effectiveAt, "en")), "the confirmation named the revocation's effective time");
    await row.getByTestId("device-status").filter({ hasText: dateTime(effectiveAt, "en") }).waitFor({ timeout: TIMEOUT });
    assert.equal(await row.getByTestId("device-status").textContent(), msg("meters.status.pending", { at: dateTime(effectiveAt, "en") }));
    assert.equal(await row.getByTestId("revoke-device").count(), 0, "no second revocation while one is pending");
    log(`optional meter ${shortAddress(optional)}: revocation confirmed, pending until ${formatTimestamp(effectiveAt)}`);
  }

  // Now the allowance can be claimed.
  await seller.goto(`${stack.appUrl}/`);
  await seller.locator('[data-testid="claim-allowance"]:enabled').click();
  await expectConfirmed(seller);
  await seller.waitForFunction(() => document.querySelector('[data-testid="pcc-balance"]')?.textContent !== "0 kg", undefined, { timeout: TIMEOUT });
  log(`seller claimed the allowance: ${await seller.getByTestId("pcc-balance").textContent()}`);

  // The dashboard shows the current period: keep the readings and the check inside one period
  // (five minutes locally) by waiting out a period that is about to end.
  {
    const calendarAbi = loadAbi("PeriodCalendar") as Abi;
    const period = (await client.readContract({ address: addresses.PeriodCalendar!, abi: calendarAbi, functionName: "currentPeriod" })) as number;
    const end = (await client.readContract({ address: addresses.PeriodCalendar!, abi: calendarAbi, functionName: "periodEnd", args: [period] })) as bigint;
    const left = end - BigInt(Math.floor(Date.now() / 1000));
    if (left < 60n) {
      log(`waiting ${left + 2n} s for the next period before booking readings`);
      await new Promise((r) => setTimeout(r, Number(left + 2n) * 1000));
    }
  }

  // Readings signed with the electricity meter's key (from its key file), relayed by the household itself.
  const elec = meters.find((m) => m.kind === 0)!;
  const meterKey = privateKeyToAccount(elec.key);
  const relay = createWalletClient({ chain: hardhat, transport: http(stack.rpcUrl), account: mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: SELLER }) });
  const now = await chainNow(client);
  const readings = [
    { device: meterKey.address, seq: 1n, timestamp: now - 2n, cumulative: 1_000_000n },
    { device: meterKey.address, seq: 2n, timestamp: now - 1n, cumulative: 1_010_000n }, // +10 kWh
  ];
  const signatures = await Promise.all(
    readings.map(async (r) => {
      const sig = await meterKey.signTypedData({ domain: emissionOracleDomain(31337, addresses.EmissionOracle!), types: READING_TYPES, primaryType: "Reading", message: r });
      const compact = signatureToCompactSignature(parseSignature(sig));
      return { r: compact.r, vs: compact.yParityAndS };
    }),
  );
  const submit = await relay.writeContract({ address: addresses.EmissionOracle!, abi: oracleAbi, functionName: "submitReadings", args: [readings, signatures] });
  const submitted = await client.waitForTransactionReceipt({ hash: submit });
  assert.equal(submitted.status, "success");
  const accepted = (await client.getContractEvents({ address: addresses.EmissionOracle!, abi: oracleAbi, eventName: "ReadingAccepted", args: { device: meterKey.address }, fromBlock: submitted.blockNumber })).length;
  assert.equal(accepted, 2, "both readings relayed by the household were accepted");
  await seller.goto(`${stack.appUrl}/meters`);
  await seller.getByTestId("device-row").filter({ hasText: "1,010,000 Wh" }).waitFor({ timeout: TIMEOUT });
  await seller.goto(`${stack.appUrl}/`);
  await seller.getByTestId("emissions-chart").waitFor({ timeout: TIMEOUT });
  // 10 kWh × 0.5366 kg/kWh (elec.cn.grid) = 5.366 kg.
  await seller.waitForFunction(() => document.querySelector('[data-testid="emissions"]')?.textContent !== "0 kg", undefined, { timeout: TIMEOUT });
  log(`readings signed by the meter key, relayed by the household: emissions ${await seller.getByTestId("emissions").textContent()}`);
  // The dashboard's emission figure comes from the indexer and equals EmissionOracle.emissionsOf on chain.
  {
    const period = (await client.readContract({ address: addresses.PeriodCalendar!, abi: loadAbi("PeriodCalendar") as Abi, functionName: "currentPeriod" })) as number;
    const onChain = (await client.readContract({ address: addresses.EmissionOracle!, abi: oracleAbi, functionName: "emissionsOf", args: [sellerAddr, period] })) as bigint;
    assert.ok(onChain > 0n, "the readings booked emissions");
    await seller.waitForFunction(
      (want) => {
        const el = document.querySelector('[data-testid="emissions"]');
        return el?.textContent === want && el.getAttribute("data-source") === "indexer";
      },
      `${formatKg(onChain)} kg`,
      { timeout: TIMEOUT },
    );
    log(`dashboard emissions (from the indexer) = emissionsOf(seller, ${period}) on chain = ${formatKg(onChain)} kg`);
  }
  // Blocks without a PCX event: the page keeps probing the indexer's progress and reading the
  // chain, but asks the indexer for no history.
  {
    const asked: string[] = [];
    const onRequest = (r: { url(): string }) => {
      if (r.url().startsWith(stack.indexerUrl)) asked.push(new URL(r.url()).pathname);
    };
    seller.on("request", onRequest);
    for (let i = 0; i < 3; i++) {
      await client.request({ method: "evm_mine" as never, params: [] as never });
      await new Promise((r) => setTimeout(r, 1_500));
    }
    await new Promise((r) => setTimeout(r, 2_000));
    seller.off("request", onRequest);
    const history = asked.filter((p) => p !== "/status" && p !== "/api/progress");
    assert.ok(asked.includes("/api/progress"), "the page probed the indexer's progress");
    assert.deepEqual(history, [], "no history query re-ran for blocks without a PCX event");
    log(`3 empty blocks: ${asked.length} indexer probes (/status, /api/progress), no history refetch`);
  }

  // A demo household's seeded electricity meter: certified by the demo certifier, required.
  {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await connect(page, stack.appUrl, BUYER);
    await page.goto(`${stack.appUrl}/meters`);
    const seeded = demoDeviceWallet(householdOf(BUYER), 0).address;
    const row = page.locator(`[data-testid="device-row"][data-device="${seeded}"]`);
    await row.waitFor({ timeout: TIMEOUT });
    assert.equal(await row.getByTestId("device-tier").textContent(), msg("meters.tier.certified", { name: DEMO_CERTIFIER_NAME }));
    assert.equal(await row.getByTestId("device-role").textContent(), msg("meters.required"));
    assert.equal(await row.getByTestId("device-status").textContent(), msg("meters.status.1"));
    assert.equal(await page.locator('[data-testid="required-kind"][data-filled="true"]').count(), DEMO_REQUIRED_KINDS.length);
    assert.equal(await page.getByTestId("missing-meters").count(), 0);
    await ctx.close();
    log(`buyer's seeded electricity meter: "${await Promise.resolve(msg("meters.tier.certified", { name: DEMO_CERTIFIER_NAME }))}", required`);
  }

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

    // The market's risk summary line is the indexer's /api/risk/summary, in words.
    const risk = (await (await fetch(`${stack.indexerUrl}/api/risk/summary`)).json()) as { window: number; trades: number; accounts: number; flags: Record<string, number> };
    const riskLine = msg("market.riskSummary", { days: Math.round(risk.window / 86_400), trades: risk.trades, accounts: risk.accounts, ...risk.flags });
    await seller.waitForFunction((want) => document.querySelector('[data-testid="risk-summary"]')?.textContent === want, riskLine, { timeout: TIMEOUT });
    log(`market risk line: ${riskLine}`);
    await chartsFlow({ page: seller, appUrl: stack.appUrl, client: client as PublicClient, book: { address: addresses.OrderBook!, abi: loadAbi("OrderBook") as Abi }, oracle: { address: addresses.EmissionOracle!, abi: oracleAbi }, calendar: { address: addresses.PeriodCalendar!, abi: loadAbi("PeriodCalendar") as Abi }, units, account: sellerAddr, log });
  }

  // Retire and open the certificate.
  await retireWithConfirmation(seller, states, { account: sellerAddr, amount: "1.5", name: "E2E Household" });
  await seller.getByTestId("certificate-link").click();
  await seller.getByTestId("certificate").waitFor({ timeout: TIMEOUT });
  assert.match((await seller.getByTestId("certificate-amount").textContent()) ?? "", /^1\.5 kg/);
  assert.match((await seller.getByTestId("certificate-name").textContent()) ?? "", /E2E Household/);
  log(`certificate opened at ${seller.url()}`);
  const certificateRoute = new URL(seller.url()).pathname;

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
  assert.equal(await admin.getByTestId("tx-error").getAttribute("data-error"), "AlreadyEnrolled");
  assert.equal(await admin.getByTestId("tx-error").textContent(), msg("revert.AlreadyEnrolled", { account: sellerAddr }));
  log("admin: revert reason decoded before signing, as a sentence (AlreadyEnrolled)");
  await adminCtx.close();

  // Settle: move the chain past the period's end and grace window, then settle from the dashboard.
  const calendarAbi = loadAbi("PeriodCalendar") as Abi;
  const settleFrom = (await client.readContract({ address: addresses.CarbonBudget!, abi: budgetAbi, functionName: "nextSettlementPeriod", args: [sellerAddr] })) as number;
  const settleableAt =
    ((await client.readContract({ address: addresses.PeriodCalendar!, abi: calendarAbi, functionName: "periodEnd", args: [settleFrom] })) as bigint) +
    ((await client.readContract({ address: addresses.PeriodCalendar!, abi: calendarAbi, functionName: "gracePeriod" })) as bigint);
  const nowOnChain = await chainNow(client);
  if (settleableAt > nowOnChain) await client.request({ method: "evm_increaseTime" as never, params: [Number(settleableAt - nowOnChain + 1n)] as never });
  await client.request({ method: "evm_mine" as never, params: [] as never });
  await seller.goto(`${stack.appUrl}/`);
  await seller.locator('[data-testid="settle"]:enabled').waitFor({ timeout: TIMEOUT });
  await seller.getByTestId("settle").click();
  await expectConfirmed(seller);
  const settled = (await client.readContract({ address: addresses.CarbonBudget!, abi: budgetAbi, functionName: "settlement", args: [sellerAddr, settleFrom] })) as { settled: boolean; emissions: bigint; surrendered: bigint };
  assert.ok(settled.settled, "the period is settled");
  const booked = (await client.readContract({ address: addresses.EmissionOracle!, abi: oracleAbi, functionName: "emissionsOf", args: [sellerAddr, settleFrom] })) as bigint;
  assert.equal(settled.emissions, booked, "the settlement took the period's booked emissions");
  // The required meters did not cover the period (bound late, the gas meter silent): settlement
  // booked conservative gap estimates, shown on the dashboard as estimated.
  const estimated = (await client.readContract({ address: addresses.EmissionOracle!, abi: oracleAbi, functionName: "estimatedOf", args: [sellerAddr, settleFrom] })) as bigint;
  // The rule (IEmissionOracle.bookGapEstimates), recomputed from the chain for the gas meter, which
  // never reports: it misses the period from the requirement (set at deployment) to its end, and
  // an estimate is booked only past GAP_TOLERANCE_BPS of the period.
  const [, requiredSince] = (await client.readContract({ address: addresses.Registry!, abi: registryAbi, functionName: "requiredMeters", args: [sellerAddr] })) as readonly [number, bigint];
  const periodStart = (await client.readContract({ address: addresses.PeriodCalendar!, abi: calendarAbi, functionName: "periodStart", args: [settleFrom] })) as bigint;
  const periodEnd = (await client.readContract({ address: addresses.PeriodCalendar!, abi: calendarAbi, functionName: "periodEnd", args: [settleFrom] })) as bigint;
  const tolerance = (await client.readContract({ address: addresses.EmissionOracle!, abi: oracleAbi, functionName: "GAP_TOLERANCE_BPS" })) as bigint;
  const silentGap = periodEnd - (requiredSince > periodStart ? requiredSince : periodStart);
  const gapExpected = silentGap * 10_000n > (periodEnd - periodStart) * tolerance;
  assert.equal(estimated > 0n, gapExpected, `a gap estimate exactly when the silent gas meter missed more than the tolerance (${silentGap} s of ${periodEnd - periodStart} s)`);
  if (!gapExpected) log(`the deployment fell into period ${settleFrom}'s last ${silentGap} s: no gap estimate is due, the dashboard's estimate line is not checked`);
  if (estimated > 0n) {
    const gapStat = seller.getByTestId("gap-estimate");
    await gapStat.waitFor({ timeout: TIMEOUT });
    assert.equal(await gapStat.textContent(), msg("dashboard.estimated", { kg: formatKg(estimated) }));
    assert.equal(await seller.getByTestId("gap-explain").textContent(), msg("states.gapExplain", { period: await periodText(states, settleFrom), kg: formatKg(estimated) }));
  }
  // Whatever the balance could not cover is a deficit: the next allowance pays it first.
  const deficit = (await client.readContract({ address: addresses.CarbonBudget!, abi: budgetAbi, functionName: "deficitOf", args: [sellerAddr] })) as bigint;
  assert.equal(deficit, settled.emissions - settled.surrendered, "the uncovered emissions are the deficit");
  if (deficit > 0n) {
    const current = (await client.readContract({ address: addresses.PeriodCalendar!, abi: calendarAbi, functionName: "currentPeriod" })) as number;
    const allowance = ((await client.readContract({ address: addresses.CarbonBudget!, abi: budgetAbi, functionName: "parametersAt", args: [current] })) as { allowance: bigint }).allowance;
    const toDeficit = deficit < allowance ? deficit : allowance;
    await seller.getByTestId("deficit-notice").waitFor({ timeout: TIMEOUT });
    assert.equal(await seller.getByTestId("deficit-notice").textContent(), msg("dashboard.deficitOpen", { kg: formatKg(deficit), paid: formatKg(toDeficit), net: formatKg(allowance - toDeficit) }));
  } else {
    assert.equal(await seller.getByTestId("deficit-notice").count(), 0, "no deficit notice without a deficit");
  }
  // The electricity meter's estimate for the time it was silent is owed by the meter.
  const owed = (await client.readContract({ address: addresses.EmissionOracle!, abi: oracleAbi, functionName: "outstandingEstimate", args: [elec.address] })) as bigint;
  log(`settled period ${settleFrom} from the dashboard: ${formatKg(settled.emissions)} kg booked, of which ${formatKg(estimated)} kg estimated; deficit ${formatKg(deficit)} kg; electricity meter owes ${formatKg(owed)} kg`);
  if (owed > 0n) {
    await seller.goto(`${stack.appUrl}/meters`);
    const row = seller.locator(`[data-testid="device-row"][data-device="${elec.address}"]`);
    await row.getByTestId("device-gap").filter({ hasText: formatKg(owed) }).waitFor({ timeout: TIMEOUT });
    assert.equal(await row.getByTestId("device-gap").textContent(), msg("meters.gapOwed", { kg: formatKg(owed) }));
    await seller.goBack();
  }

  // The next allowance pays the deficit first: the wallet receives only the rest.
  const pccOf = (a: Address) => client.readContract({ address: addresses.CarbonCredit!, abi: erc20Abi, functionName: "balanceOf", args: [a] });
  {
    let current = (await client.readContract({ address: addresses.PeriodCalendar!, abi: calendarAbi, functionName: "currentPeriod" })) as number;
    if (await client.readContract({ address: addresses.CarbonBudget!, abi: budgetAbi, functionName: "allowanceClaimed", args: [sellerAddr, current] })) {
      // The seller claimed in this period already (the run crossed a period boundary): move to the next one.
      const end = (await client.readContract({ address: addresses.PeriodCalendar!, abi: calendarAbi, functionName: "periodEnd", args: [current] })) as bigint;
      await client.request({ method: "evm_increaseTime" as never, params: [Number(end - (await chainNow(client)) + 1n)] as never });
      await client.request({ method: "evm_mine" as never, params: [] as never });
      current = (await client.readContract({ address: addresses.PeriodCalendar!, abi: calendarAbi, functionName: "currentPeriod" })) as number;
    }
    const allowance = ((await client.readContract({ address: addresses.CarbonBudget!, abi: budgetAbi, functionName: "parametersAt", args: [current] })) as { allowance: bigint }).allowance;
    const toDeficit = deficit < allowance ? deficit : allowance;
    const before = await pccOf(sellerAddr);
    await seller.locator('[data-testid="claim-allowance"]:enabled').click();
    await expectConfirmed(seller);
    assert.equal((await pccOf(sellerAddr)) - before, allowance - toDeficit, "the wallet received the allowance net of the deficit");
    const deficitAfter = (await client.readContract({ address: addresses.CarbonBudget!, abi: budgetAbi, functionName: "deficitOf", args: [sellerAddr] })) as bigint;
    assert.equal(deficitAfter, deficit - toDeficit, "the allowance paid the deficit first");
    await seller.waitForFunction((want) => document.querySelector('[data-testid="deficit"]')?.textContent === want, `${formatKg(deficitAfter)} kg`, { timeout: TIMEOUT });
    if (deficitAfter === 0n) await seller.getByTestId("deficit-notice").waitFor({ state: "detached", timeout: TIMEOUT });
    log(`allowance of period ${current}: ${formatKg(toDeficit)} kg paid the deficit, ${formatKg(allowance - toDeficit)} kg reached the wallet; deficit now ${formatKg(deficitAfter)} kg`);
  }

  await statementFlow({ browser, appUrl: stack.appUrl, indexerUrl: stack.indexerUrl, client: client as PublicClient, addresses, account: sellerAddr, accountIndex: SELLER, period: settleFrom, log });

  // The explorer shows the new events readably: gap estimates and deficit payments in kg.
  {
    const gaps = await client.getContractEvents({ address: addresses.EmissionOracle!, abi: oracleAbi, eventName: "GapEstimated", args: { account: sellerAddr }, fromBlock: 0n });
    assert.equal(gaps.length > 0, estimated > 0n, "settlement emitted GapEstimated exactly when it booked an estimate");
    const gap = gaps[0]?.args as { kind: number; kgCO2e: bigint } | undefined;
    await anon.goto(`${stack.appUrl}/explorer`);
    // The indexer's paged event list: a first page, then "load more" appends the next one, in chain order.
    const ords = () => anon.locator('[data-testid="event-row"]').evaluateAll((rows) => rows.map((r) => BigInt(r.getAttribute("data-ord")!).toString()));
    await anon.waitForFunction(() => document.querySelectorAll('[data-testid="event-row"]').length === 25, undefined, { timeout: TIMEOUT });
    const first = await ords();
    await anon.getByTestId("events-more").click();
    await anon.waitForFunction(() => document.querySelectorAll('[data-testid="event-row"]').length > 25, undefined, { timeout: TIMEOUT });
    const both = await ords();
    assert.deepEqual(both.slice(0, 25), first, "the first page stays as it was");
    assert.equal(new Set(both).size, both.length, "no event twice");
    for (let i = 1; i < both.length; i++) assert.ok(BigInt(both[i]!) < BigInt(both[i - 1]!), "newest first, across the page boundary");
    log(`explorer: first page of ${first.length} events, "load more" appended ${both.length - first.length}`);
    const gapLine = gap && `${formatKg(gap.kgCO2e)} kg estimated for a silent ${msg(`kind.${gap.kind}` as keyof typeof en)} meter`;
    if (gapLine) await anon.locator('[data-testid="event-row"][data-event="GapEstimated"]').filter({ hasText: gapLine }).first().waitFor({ timeout: TIMEOUT });
    // The address page totals booked emissions as emissionsOf does (measured − paid off + estimated).
    const readingPeriods = (await client.getContractEvents({ address: addresses.EmissionOracle!, abi: oracleAbi, eventName: "ReadingAccepted", args: { owner: sellerAddr }, fromBlock: 0n })).map((l) => (l.args as { period: number }).period);
    let total = 0n;
    for (const p of new Set([settleFrom, ...readingPeriods])) {
      total += (await client.readContract({ address: addresses.EmissionOracle!, abi: oracleAbi, functionName: "emissionsOf", args: [sellerAddr, p] })) as bigint;
    }
    await anon.goto(`${stack.appUrl}/explorer/address/${sellerAddr}`);
    await anon.getByTestId("address-emitted").filter({ hasText: `${formatKg(total)} kg` }).waitFor({ timeout: TIMEOUT });
    if (estimated > 0n) assert.equal(await anon.getByTestId("address-emitted").textContent(), `${formatKg(total)} kg (${msg("explorer.ofWhichEstimated", { kg: formatKg(estimated) })})`);
    // The account's risk flags from the indexer, in plain words (none for this household).
    const risk = (await (await fetch(`${stack.indexerUrl}/api/risk/accounts/${sellerAddr}`)).json()) as { flags: unknown[] };
    if (risk.flags.length === 0) await anon.getByTestId("risk-none").waitFor({ timeout: TIMEOUT });
    else await anon.waitForFunction((n) => document.querySelectorAll('[data-testid="risk-flag"]').length === n, risk.flags.length, { timeout: TIMEOUT });
    log(`explorer address page: ${risk.flags.length} risk flags for the seller, as the indexer says`);
    log(`explorer: "${gapLine ?? "no gap estimate"}"; the seller's page books ${formatKg(total)} kg, of which ${formatKg(estimated)} kg estimated`);
  }

  await seller.goBack();
  await seller.getByTestId("certificate").waitFor({ timeout: TIMEOUT });

  // Wallet errors with an EIP-6963 browser wallet: wrong network, bad input, a refused signature.
  let inBandPrice: string | undefined;
  if (market) {
    const band = (await client.readContract({ address: addresses.OrderBook!, abi: loadAbi("OrderBook") as Abi, functionName: "band" })) as readonly [bigint, bigint, bigint];
    inBandPrice = tickToPrice(band[1] > 1000n ? band[1] : band[2] < 1000n ? band[2] : 1000n, market.units).replace(/,/g, "");
  }
  // A household-made meter: a binding document whose "certifier" is a random key.
  const selfCertifier = Wallet.createRandom();
  const selfDevice = Wallet.createRandom();
  const selfMade = await certifiedBinding({
    device: selfDevice,
    certifier: selfCertifier,
    domain: registryDomain(31337, addresses.Registry!),
    owner: HARDHAT_ACCOUNTS[WALLET_HOUSEHOLD]!,
    kind: 0,
    factorId: 1,
  });
  const selfMadeDocument = JSON.stringify(
    toBindingDocument(selfMade, { chainId: 31337, registry: addresses.Registry!, owner: HARDHAT_ACCOUNTS[WALLET_HOUSEHOLD]!, certifier: selfCertifier.address }),
    null,
    2,
  );
  await walletErrorFlow({
    selfMadeBinding: { document: selfMadeDocument, message: msg("meters.error.unknownCertifier", { certifier: selfCertifier.address }) },
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
  await seller.getByRole("link", { name: "计量设备" }).click();
  await seller.getByText("本户必需的计量表").waitFor({ timeout: TIMEOUT });
  await seller.locator(`[data-testid="device-row"][data-device="${elec.address}"] [data-testid="device-role"]`).filter({ hasText: "必需" }).waitFor({ timeout: TIMEOUT });
  assert.equal(await seller.locator(`[data-testid="device-row"][data-device="${elec.address}"] [data-testid="device-tier"]`).textContent(), `由 ${DEMO_CERTIFIER_NAME} 认证的计量表`);
  log("switched to Chinese (meters page included)");
  // The choice is kept in a cookie: the server renders the next page in Chinese from the first byte.
  assert.match(await (await seller.reload())!.text(), /<html lang="zh-CN"/, "the server renders the chosen language after a reload");


  // The dashboard's indexer queries for one household, timed (README "Indexer").
  {
    const period = (await client.readContract({ address: addresses.PeriodCalendar!, abi: calendarAbi, functionName: "currentPeriod" })) as number;
    log(formatTimings(await measureDashboardQueries(stack.indexerUrl, sellerAddr, period, 100)));
  }

  // Designed states at the end: pay-all clears a deficit to exactly 0; no page shows raw wei or revert text.
  await payAllClearsDeficit(states, LOCAL_ROLES.marketMakers[1], WALLET_HOUSEHOLD);
  await noRawNumbersOnAnyPage(seller, states, ["/", "/market", "/meters", "/offset", "/community", "/explorer", `/explorer/address/${sellerAddr}`, "/admin", certificateRoute]);

  assert.equal(pageErrors.length, 0, `no uncaught page errors: ${pageErrors.join("; ")}`);
});
