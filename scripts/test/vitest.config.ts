import { defineConfig } from "vitest/config";

/**
 * `npm run test:dev`: the dev stack's log filters and supervisor (small real child processes), then
 * the real `npm run dev` on free ports, started and stopped four times.
 */
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["scripts/test/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: "forks",
  },
});
