import { defineConfig } from "vitest/config";

/** The oracle suite: unit tests, then the integration and fault tests against real brokers and a Hardhat node. */
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    globalSetup: ["oracle/test/global-setup.ts"],
    include: ["oracle/test/**/*.test.ts", "sdk/**/*.test.ts"],
    // sdk/risk has its own suite (npm run test:risk, in npm test): not run twice.
    exclude: ["**/node_modules/**", "sdk/risk/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: "forks",
  },
});
