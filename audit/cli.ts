/**
 * PCX audit CLI.
 *   npm run audit -- --rpc <url> [--from-block N] [--to-block N] [--json] [--deployment <id>] [--<Contract> <address>]…
 *                    [--compare-indexer <indexer url>]   also compare the PCX indexer's rows with the rebuild
 *   npm run audit -- certificate <id> --rpc <url>
 *   npm run audit -- device <address> --rpc <url>
 *   npm run audit -- risk [--json] [--from-block N] [--window 1h] [--burst-window 10m] [--vwap-window 1d] --rpc <url>
 *   npm run audit -- reading <device> <seq> --proof <file> --rpc <url>
 * Exits 1 when any figure rebuilt from events differs from the chain (or the raw reading does not
 * verify against its on-chain commitment), 2 on a usage or RPC error.
 */
import { parseArgs } from "node:util";
import { isAddress } from "ethers";
import { CORE_CONTRACTS, openTarget } from "./context.js";
import { runAudit } from "./audit.js";
import { formatReport, reportJson } from "./report.js";
import { certificate } from "./certificate.js";
import { deviceHistory } from "./device.js";
import { formatRisk, riskJson, runRisk } from "./risk.js";
import { verifyRawReading } from "./raw-reading.js";
import type { PcxAddresses } from "../sdk/deployment.js";
import { JsonRpcProvider } from "ethers";
import { indexerHead } from "./indexer-compare.js";

/** min(chain head, the indexer's last indexed block), or the chain head if the indexer has none yet. */
async function indexerToBlock(indexerUrl: string, rpc: string): Promise<number> {
  const provider = new JsonRpcProvider(rpc, undefined, { staticNetwork: true, batchMaxCount: 1 });
  try {
    const [chainId, chainHead] = await Promise.all([provider.getNetwork().then((n) => n.chainId), provider.send("eth_blockNumber", []).then(Number)]);
    const head = await indexerHead(indexerUrl, chainId);
    return head >= 0 ? Math.min(head, chainHead) : chainHead;
  } finally {
    provider.destroy();
  }
}

const contractFlags = [...CORE_CONTRACTS, "OrderBook"] as const;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      rpc: { type: "string", default: process.env.PCX_RPC_URL ?? "http://127.0.0.1:8545" },
      "from-block": { type: "string" },
      "to-block": { type: "string" },
      json: { type: "boolean", default: false },
      proof: { type: "string" },
      deployment: { type: "string" },
      "compare-indexer": { type: "string" },
      help: { type: "boolean", default: false },
      window: { type: "string" },
      "burst-window": { type: "string" },
      "vwap-window": { type: "string" },
      ...Object.fromEntries(contractFlags.map((c) => [c, { type: "string" as const }])),
    },
  });
  if (values.help) {
    process.stdout.write(
      "usage: audit [--rpc URL] [--from-block N] [--to-block N] [--json] [--deployment ID] [--CarbonCredit 0x…]… [--compare-indexer URL]\n" +
        "       audit certificate <id> [--rpc URL]\n       audit device <address> [--rpc URL]\n" +
        "       audit reading <device> <seq> --proof <file from the oracle's raw readings API> [--rpc URL]\n" +
        "       audit risk [--json] [--from-block N] [--to-block N] [--window 1h|all] [--burst-window 10m] [--vwap-window 1d] [--rpc URL]\n",
    );
    return 0;
  }
  // Parsed before any RPC call, so a bad duration is a usage error at once.
  const riskWindows = {
    concentration: values.window !== undefined ? { windowSec: seconds(values.window, "--window") } : {},
    spoofing: values["burst-window"] !== undefined ? { windowSec: seconds(values["burst-window"], "--burst-window") } : {},
    offReference: values["vwap-window"] !== undefined ? { vwapWindowSec: seconds(values["vwap-window"], "--vwap-window") } : {},
  };
  const addresses: PcxAddresses = {};
  for (const c of contractFlags) {
    const v = (values as Record<string, unknown>)[c];
    if (typeof v === "string") addresses[c] = v as `0x${string}`;
  }
  const target = await openTarget({
    rpc: values.rpc!,
    fromBlock: values["from-block"] !== undefined ? Number(values["from-block"]) : undefined,
    // Comparing with the indexer: audit up to the block it has indexed (the chain may be ahead).
    toBlock:
      values["to-block"] !== undefined
        ? Number(values["to-block"])
        : values["compare-indexer"]
          ? await indexerToBlock(values["compare-indexer"], values.rpc!)
          : undefined,
    deploymentId: values.deployment,
    addresses: Object.keys(addresses).length ? addresses : undefined,
  });
  const [command, arg, arg2] = positionals;
  if (command === "reading") {
    if (!arg || !isAddress(arg)) throw new Error("reading needs a device address (0x…)");
    if (!arg2 || !/^\d+$/.test(arg2)) throw new Error("reading needs the raw reading's seq");
    if (!values.proof) throw new Error("reading needs --proof <file> (the raw readings API's JSON)");
    const verdict = await verifyRawReading(target, arg, BigInt(arg2), values.proof);
    process.stdout.write(verdict.text + "\n");
    return verdict.ok ? 0 : 1;
  }
  if (command === "certificate") {
    if (!arg) throw new Error("certificate needs a retirement id");
    process.stdout.write((await certificate(target, BigInt(arg))) + "\n");
    return 0;
  }
  if (command === "device") {
    if (!arg || !isAddress(arg)) throw new Error("device needs an address (0x…)");
    process.stdout.write((await deviceHistory(target, arg)) + "\n");
    return 0;
  }
  if (command === "risk") {
    const report = await runRisk(target, riskWindows);
    process.stdout.write((values.json ? riskJson(report, 2) : formatRisk(report)) + "\n");
    return 0; // signals are observations, not mismatches
  }
  if (command !== undefined) throw new Error(`unknown command ${command}`);
  const report = await runAudit(target, { compareIndexer: values["compare-indexer"] });
  process.stdout.write((values.json ? reportJson(report) : formatReport(report)) + "\n");
  return report.mismatches.length === 0 ? 0 : 1;
}

/** "90", "90s", "15m", "1h", "2d" → seconds; "all" → the whole range. */
function seconds(text: string, flag: string): number {
  if (text === "all") return Number.POSITIVE_INFINITY;
  const m = /^(\d+)([smhd]?)$/.exec(text);
  if (!m || Number(m[1]) === 0) throw new Error(`${flag} takes a duration like 600, 10m, 1h, 1d or all`);
  return Number(m[1]) * { "": 1, s: 1, m: 60, h: 3_600, d: 86_400 }[m[2] as "" | "s" | "m" | "h" | "d"];
}

// exitCode, not exit(): a large report written to a pipe must be flushed before the process ends.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`audit: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
