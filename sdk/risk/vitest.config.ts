import { defineConfig } from "vitest/config";

/** The market risk rules' unit tests: synthetic event lists, no chain (sdk/risk/test). */
export default defineConfig({
  test: {
    include: ["sdk/risk/test/**/*.test.ts"],
  },
});
