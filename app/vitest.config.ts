import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: {
      "@sdk": path.resolve(import.meta.dirname, "../sdk"),
      "@": path.resolve(import.meta.dirname, "src"),
    },
  },
  test: {
    root: import.meta.dirname,
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
