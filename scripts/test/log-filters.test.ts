/**
 * The dev stack's quiet output (scripts/lib/log-filters.ts), on lines as the children really print
 * them: `hardhat node` (EDR colours a call's method green, or red when it failed), the oracle's
 * pino records, `next dev` and Ponder.
 */
import { describe, expect, it } from "vitest";
import { everything, formatPino, hardhatNodeErrors, jsonLogs, severityOf, warningsAndErrors } from "../lib/log-filters.js";
import type { LineFilter } from "../lib/processes.js";

const G = (s: string) => `\x1b[32m${s}\x1b[0m`;
const R = (s: string) => `\x1b[31m${s}\x1b[0m`;

/** What `filter` prints of `lines` (all on stdout unless marked "stderr:"). */
function shown(filter: LineFilter, lines: string[]): string[] {
  return lines.flatMap((line) => {
    const stderr = line.startsWith("stderr:");
    const out = filter(stderr ? line.slice(7) : line, stderr ? "stderr" : "stdout");
    return out === undefined ? [] : [out.replace(/\x1b\[[0-9;]*m/g, "")];
  });
}

describe("hardhat node", () => {
  const output = [
    G("Started HTTP and WebSocket JSON-RPC server at http://0.0.0.0:8545/"),
    "",
    "Accounts",
    "========",
    "WARNING: These accounts, and their private keys, are publicly known.",
    "Account #0: 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 (10000 ETH)",
    "Private Key: 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    G("eth_chainId"),
    G("eth_blockNumber (2)"),
    G("eth_sendTransaction"),
    "  Transaction: 0x0da9e0b9ede9b780554f62432d41e2d4df3540fb1fe37264b5ceff45f4d0d4e6",
    "  From:        0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
    "  Gas used:    21000 of 21001",
    "",
    R("eth_estimateGas"),
    "  Contract deployment: <UnrecognizedContract>",
    "  From:                0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
    "",
    "  Error: Transaction reverted without a reason",
    "",
    G("eth_getLogs"),
    R("eth_fillTransaction - Method not supported"),
    R("eth_call"),
    "  Contract call:       CarbonBudget#nextSettlementPeriod",
    "  Error: VM Exception while processing transaction: reverted with an unrecognized custom error",
    "",
    R("eth_sendRawTransaction"),
    "  Contract call:       OrderBook#placeOrder",
    "  Transaction:         0x5974f1c9e7541d9289d179ce33be90e39c9c084bfa55f2166ee2f97bbf2539e6",
    "  Error: reverted with custom error 'OutsideBand()'",
    "",
    R("eth_sendRawTransaction"),
    "",
    "  Nonce too low. Expected nonce to be 7 but got 5.",
    "",
    R("eth_chainIdd - Method not supported"),
    G("eth_call"),
    "  Contract call: EmissionOracle#deviceState",
    "",
    "stderr:HardhatError: HHE100: An internal invariant was violated",
  ];

  it("prints failed transactions with their details and stderr; not successes, start-up, reverting simulations or method probes", () => {
    expect(shown(hardhatNodeErrors(), output)).toEqual([
      "eth_sendRawTransaction",
      "  Contract call:       OrderBook#placeOrder",
      "  Transaction:         0x5974f1c9e7541d9289d179ce33be90e39c9c084bfa55f2166ee2f97bbf2539e6",
      "  Error: reverted with custom error 'OutsideBand()'",
      "eth_sendRawTransaction",
      "  Nonce too low. Expected nonce to be 7 but got 5.",
      "HardhatError: HHE100: An internal invariant was violated",
    ]);
  });

  it("prints every line when verbose", () => {
    expect(shown(everything(), output)).toHaveLength(output.length);
  });
});

describe("pino JSON lines (oracle, simulator)", () => {
  const info = '{"level":30,"time":1796128189094,"pid":27175,"name":"pcx-oracle","batchId":1,"nonce":0,"readings":1,"msg":"batch submitted"}';
  const warn = '{"level":40,"time":1796128189094,"pid":27175,"name":"pcx-oracle","reason":"anonymous","clientId":"x y","msg":"mqtt refused"}';
  const error = '{"level":50,"time":1,"pid":2,"name":"pcx-oracle","err":"connect ECONNREFUSED 127.0.0.1:8545","msg":"step failed"}';
  const simulating = '{"msg":"simulating","households":5,"devices":15}';

  it("prints warnings and errors as readable lines, hides info and level-less status lines", () => {
    expect(shown(jsonLogs(40), [info, warn, simulating, error])).toEqual([
      'WARN mqtt refused reason=anonymous clientId="x y"',
      'ERROR step failed err="connect ECONNREFUSED 127.0.0.1:8545"',
    ]);
  });

  it("prints everything at level 0, still readable", () => {
    expect(shown(jsonLogs(0), [info, simulating])).toEqual(["INFO batch submitted batchId=1 nonce=0 readings=1", "INFO simulating households=5 devices=15"]);
  });

  it("falls back to the text rules for a crash that is not JSON", () => {
    expect(shown(jsonLogs(40), ["stderr:Error: Cannot find module './x.js'", "stderr:    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)"])).toEqual([
      "Error: Cannot find module './x.js'",
      "    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)",
    ]);
  });

  it("truncates a long field", () => {
    const line = formatPino({ level: 40, msg: "m", detail: "x".repeat(500) });
    expect(line.length).toBeLessThan(230);
    expect(line.endsWith("…")).toBe(true);
  });
});

describe("plain text (next dev, Ponder, Hardhat tasks)", () => {
  it("hides the routine start-up and request lines of next dev", () => {
    const lines = [
      "▲ Next.js 16.4.6 (Turbopack)",
      "- Local:         http://localhost:3000",
      "- Network:       http://192.0.2.2:3000",
      "✓ Ready in 1365ms",
      "- Experiments (use with caution):",
      "  ✓ externalDir",
      " ○ Compiling / ...",
      " GET / 200 in 5.2s (compile: 4.9s, render: 300ms)",
      " GET /favicon.ico 404 in 20ms",
      "\x1b[?25h",
    ];
    expect(shown(warningsAndErrors(), lines)).toEqual([]);
  });

  it("prints warnings, errors with their stack and code frame, and 5xx responses", () => {
    const lines = [
      " ⚠ Warning: Next.js inferred your workspace root",
      " ⨯ ./src/app/page.tsx:3:1",
      "Module not found: Can't resolve '@/missing'",
      "  1 | import x from '@/missing';",
      "Error: boom",
      "    at Page (src/app/page.tsx:10:9)",
      "    at renderWithHooks (react-dom.js:1:1)",
      " GET / 500 in 312ms",
      "✓ Compiled in 200ms",
      "[seed] ok",
    ];
    expect(shown(warningsAndErrors(), lines)).toEqual([
      " ⚠ Warning: Next.js inferred your workspace root",
      " ⨯ ./src/app/page.tsx:3:1",
      "Module not found: Can't resolve '@/missing'",
      "  1 | import x from '@/missing';",
      "Error: boom",
      "    at Page (src/app/page.tsx:10:9)",
      "    at renderWithHooks (react-dom.js:1:1)",
      " GET / 500 in 312ms",
    ]);
  });

  it("prints Ponder's warnings and errors, not its info lines", () => {
    const lines = [
      "12:29:34.843 INFO  Connected to database type=pglite database=.ponder/pglite (6s)",
      "12:29:40.856 INFO  Started backfill indexing chain=pcx block_range=[1,76]",
      "12:30:35.796 WARN  Fetch failed; retrying chain=pcx",
      "12:30:36.001 ERROR Indexing function failed event=Transfer",
    ];
    expect(shown(warningsAndErrors(), lines)).toEqual(lines.slice(2));
  });

  it("prints whatever a child writes to stderr (Node's warnings and crashes go there)", () => {
    expect(shown(warningsAndErrors(), ["stderr:(node:123) ExperimentalWarning: VM Modules", "stderr:", "done"])).toEqual([
      "(node:123) ExperimentalWarning: VM Modules",
    ]);
  });

  it("classifies severities", () => {
    expect(severityOf("listen EADDRINUSE: address already in use :::3000")).toBe("error");
    expect(severityOf("Executed PCX#CarbonCredit")).toBeUndefined();
    expect(severityOf("every reading booked")).toBeUndefined();
    expect(severityOf("WARNING: hre.network.connect() is deprecated")).toBe("warn");
    expect(severityOf(" POST /api 503 in 2ms")).toBe("error");
    expect(severityOf(" GET /market 200 in 2ms")).toBeUndefined();
  });
});
