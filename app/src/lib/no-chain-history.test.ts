/**
 * Every history read in the app comes from the indexer (lib/indexer.ts, hooks/useIndexer.ts):
 * no source file scans the chain's logs (getContractEvents / getLogs / createEventFilter /
 * watchContractEvent) or reads from block 0, which works on a fresh local chain and fails on any
 * real one after a few weeks. Current state is read with contract calls.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(import.meta.dirname, "..");
const FORBIDDEN: [RegExp, string][] = [
  [/fromBlock\s*:\s*0n/, "fromBlock: 0n"],
  [/\bfromBlock\s*:/, "fromBlock:"],
  [/\bgetContractEvents\s*\(/, "getContractEvents("],
  [/\bgetLogs\s*\(/, "getLogs("],
  [/\bgetFilterLogs\s*\(/, "getFilterLogs("],
  [/\bcreateEventFilter\s*\(/, "createEventFilter("],
  [/\bcreateContractEventFilter\s*\(/, "createContractEventFilter("],
  [/\buseWatchContractEvent\b/, "useWatchContractEvent"],
  [/\bwatchContractEvent\s*\(/, "watchContractEvent("],
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === "generated" ? [] : sources(p);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [p] : [];
  });
}

describe("history comes from the indexer", () => {
  const files = sources(SRC);
  it("finds the app's sources", () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.some((f) => f.endsWith(path.join("hooks", "useDashboard.ts")))).toBe(true);
  });
  it("no app source scans chain logs or reads from block 0", () => {
    const hits: string[] = [];
    for (const file of files) {
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          for (const [re, what] of FORBIDDEN) if (re.test(line)) hits.push(`${path.relative(SRC, file)}:${i + 1}: ${what}`);
        });
    }
    expect(hits).toEqual([]);
  });
  it("the app's sdk imports stay free of ethers (Turbopack cannot bundle it through .js specifiers)", () => {
    const sdkImports = new Set<string>();
    for (const file of files) for (const m of readFileSync(file, "utf8").matchAll(/from "@sdk\/([\w/-]+)"/g)) sdkImports.add(m[1]!);
    expect(sdkImports.has("indexer-client")).toBe(true);
    for (const mod of sdkImports) {
      const text = readFileSync(path.resolve(SRC, "..", "..", "sdk", `${mod}.ts`), "utf8");
      expect(text, mod).not.toMatch(/from "ethers"/);
      // A value import of a sibling through its Node ESM `./x.js` specifier does not resolve in
      // Turbopack (vercel/next.js#82945); type-only imports are erased and fine.
      const valueImports = [...text.matchAll(/^import (?!type )[^;]*from "(\.{1,2}\/[^"]+\.js)"/gm)].map((m) => m[1]);
      expect(valueImports, `${mod}: value imports through .js specifiers`).toEqual([]);
    }
  });
});
