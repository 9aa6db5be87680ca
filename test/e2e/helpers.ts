/**
 * What the e2e's specs share: the local accounts they play, message lookup in the app's own
 * dictionaries, the installer's real CLI, and the page steps every journey repeats (connect with
 * a local test account, wait for a transaction line to confirm or fail).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Page } from "@playwright/test";
import type { Address, PublicClient } from "viem";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { en } from "../../app/src/i18n/en.js";
import { translate } from "../../app/src/i18n/index.js";

export const SELLER = 2; // demo household (enrolled by PCXLocal)
export const BUYER = 3; // another household
export const WALLET_HOUSEHOLD = 4; // a household driven through an injected EIP-6963 wallet (wallet-errors.ts)
export const TIMEOUT = 30_000;

export const log = (msg: string) => console.log(`[e2e] ${msg}`);
export const msg = (key: keyof typeof en, vars?: Record<string, string | number>) => translate(en, key, vars);
export const kindList = (kinds: readonly number[]) => kinds.map((k) => en[`kind.${k}` as keyof typeof en]).join(", ");

/** What the installer's CLI prints: `oracle device new --demo-certifier`, run as a child process. */
export async function deviceNew(owner: Address, kind: number, keyFile: string, rpcUrl: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "oracle/cli.ts", "device", "new", "--owner", owner, "--demo-certifier", "--kind", String(kind), "--key-file", keyFile, "--rpc-url", rpcUrl],
    { cwd: REPO_ROOT, env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "PCX_CERTIFIER_KEY")) },
  );
  return stdout;
}

export async function expectConfirmed(page: Page, scope = "body") {
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

/** The failed transaction line's reason (data-error) and text. */
export async function failure(page: Page): Promise<{ name: string | null; text: string | null }> {
  await page.locator('[data-testid="tx-status"][data-status="failed"]').first().waitFor({ timeout: TIMEOUT });
  const error = page.getByTestId("tx-error").first();
  return { name: await error.getAttribute("data-error"), text: await error.textContent() };
}

export async function connect(page: Page, appUrl: string, index: number) {
  await page.goto(`${appUrl}/connect`);
  await page.getByTestId(`connect-hardhat-${index}`).click();
  await page.waitForURL(`${appUrl}/`, { timeout: TIMEOUT });
  await page.getByTestId("account").waitFor({ timeout: TIMEOUT });
}

/**
 * The chain's time now. The stack's node mines only when something is sent, so the latest block
 * can be minutes old; an empty block first makes the answer "now" (a journey that waited out a
 * period end once signed its readings with the old period's time and booked them there).
 */
export async function chainNow(client: Pick<PublicClient, "request" | "getBlock">): Promise<bigint> {
  await client.request({ method: "evm_mine" as never, params: [] as never });
  return (await client.getBlock()).timestamp;
}
