/**
 * The browser e2e (`npm run test:e2e`): @playwright/test against one real local stack
 * (global-setup.ts: hardhat node → Ignition deploy → indexer → `next build` + `next start`).
 *
 * Projects run in order, one worker, on the same chain:
 *   desktop   journey.spec.ts     a household's whole journey at 1280 px (CLI → page, oracle → chain → indexer → app)
 *   community community.spec.ts   the opt-in community board: join, a settlement, the sdk's reduction on the page,
 *                                 a taken name refused, rename/leave, read-only without a wallet
 *   desktop-pages pages.spec.ts   every page at 1280 px in English and Chinese: no sideways scroll, screenshots
 *   phone     pages.spec.ts       every page at 390 px in English and Chinese: one-row bar, nothing past the
 *                                 edge, screenshots; zh-CN opens in Chinese from the server (phone-flow.ts)
 *   resilience indexer-down.spec.ts  the indexer stops: designed line, chain reads still work
 * Screenshots of every page (desktop and phone, en and zh) go to test-results/screenshots (E2E_ARTIFACTS),
 * traces of failures to test-results/e2e; neither is committed.
 */
import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../scripts/lib/app-stack.js";

export default defineConfig({
  testDir: ".",
  globalSetup: "./global-setup.ts",
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  timeout: 20 * 60_000,
  expect: { timeout: 30_000 },
  outputDir: "../../test-results/e2e",
  reporter: [["list"], ["html", { open: "never", outputFolder: "../../test-results/e2e-report" }]],
  use: {
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "desktop", testMatch: /journey\.spec\.ts$/, use: { viewport: { width: 1280, height: 900 } } },
    { name: "community", testMatch: /community\.spec\.ts$/, dependencies: ["desktop"], use: { viewport: { width: 1280, height: 900 } } },
    { name: "desktop-pages", testMatch: /pages\.spec\.ts$/, dependencies: ["community"], use: { viewport: { width: 1280, height: 900 } } },
    {
      name: "phone",
      testMatch: /pages\.spec\.ts$/,
      dependencies: ["desktop-pages"],
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    },
    { name: "resilience", testMatch: /indexer-down\.spec\.ts$/, dependencies: ["phone"], use: { viewport: { width: 1280, height: 900 } } },
  ],
});
