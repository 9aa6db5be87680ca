import { defineConfig } from "vitest/config";

/** The indexer's tests: a Hardhat node, an Ignition deploy, a simulated history, Ponder on PGlite and on Postgres. */
export default defineConfig({
  test: {
    include: ["indexer/test/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 420_000,
    fileParallelism: false,
  },
});
