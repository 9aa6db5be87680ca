import { defineConfig } from "vitest/config";

/** The sdk's pure rules (sdk/test): the community ranking and pseudonym rules; no chain. */
export default defineConfig({
  test: {
    include: ["sdk/test/**/*.test.ts"],
  },
});
