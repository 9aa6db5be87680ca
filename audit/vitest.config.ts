import { defineConfig } from "vitest/config";

/** The audit CLI's end-to-end tests: a Hardhat node, an Ignition deploy, a simulated history. */
export default defineConfig({
  test: {
    include: ["audit/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
