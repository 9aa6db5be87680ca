/**
 * What `npm run dev` prints once the whole stack is ready, as the last thing on screen: where each
 * service answers, which local account plays which role (from sdk/local-chain.ts and sdk/demo.ts),
 * where to start, and how to stop.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { DEMO_DEVICE_KINDS } from "../../sdk/demo.js";
import { HARDHAT_ACCOUNTS, LOCAL_CHAIN_ID, LOCAL_ROLES } from "../../sdk/local-chain.js";
import { DeviceKind } from "../../sdk/contracts.js";
import type { DevPorts } from "./dev-ports.js";

/** Progress lines dev.ts prints (after "[dev] "), which `npm run bench:dev` times. */
export const DEV_STAGES = {
  chain: "chain up",
  deployed: "contracts deployed and seeded",
  up: "PCX is up",
} as const;

/** The banner's last line starts with this, after two spaces (the dev-stack test waits for it). */
export const BANNER_LAST_LINE = "Ctrl-C stops everything";

/** The stack's URLs on `ports`: the dApp on localhost (the oracle API's CORS origin), the rest on 127.0.0.1. */
export function devUrls(ports: DevPorts) {
  const local = (port: number) => `http://127.0.0.1:${port}`;
  return {
    app: `http://localhost:${ports.app}`,
    rpc: local(ports.rpc),
    indexer: local(ports.indexer),
    indexerRest: `${local(ports.indexer)}/api/events`,
    indexerGraphql: `${local(ports.indexer)}/graphql`,
    oracle: local(ports.oracle),
    oracleHealth: `${local(ports.oracle)}/healthz`,
    oracleMetrics: `${local(ports.oracle)}/metrics`,
    mqtt: `mqtt://127.0.0.1:${ports.mqtt}`,
  };
}

const KIND_WORD: Record<DeviceKind, string> = {
  [DeviceKind.Electricity]: "electricity",
  [DeviceKind.NaturalGas]: "gas",
  [DeviceKind.VehicleDistance]: "car",
  [DeviceKind.VehicleFuel]: "fuel",
  [DeviceKind.Water]: "water",
  [DeviceKind.Heat]: "heat",
  [DeviceKind.Spend]: "spending",
};

function list(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** "5-minute periods" from the local deployment's parameters. */
function periodWords(): string {
  const params = JSON.parse(readFileSync(path.join(REPO_ROOT, "ignition", "parameters", "local.json"), "utf8")) as {
    PCX: { periodLength: number };
  };
  const s = params.PCX.periodLength;
  return s % 60 === 0 ? `${s / 60}-minute periods` : `${s}-second periods`;
}

export interface BannerInput {
  ports: DevPorts;
  /** Time from the command to ready. */
  elapsedMs: number;
  /** How many demo households the simulator feeds (PCX_HOUSEHOLDS). */
  simulatedHouseholds: number;
  /** Colour and bold (on a terminal). */
  colour: boolean;
}

/** The banner, line by line; its last line starts with BANNER_LAST_LINE. */
export function devBanner({ ports, elapsedMs, simulatedHouseholds, colour }: BannerInput): string[] {
  const style = (code: string) => (text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const bold = style("1");
  const dim = style("2");
  const cyan = style("36");
  const green = style("1;32");
  const u = devUrls(ports);
  const row = (label: string, url: string, hint = "") => `  ${label.padEnd(16)} ${cyan(url.padEnd(35))} ${dim(hint)}`.trimEnd();
  const account = (index: number, role: string) => `  #${String(index).padEnd(2)} ${HARDHAT_ACCOUNTS[index]}  ${role}`;
  const households = LOCAL_ROLES.households;
  const meters = list(DEMO_DEVICE_KINDS.map((k) => KIND_WORD[k.kind]));
  const simulated = Math.min(simulatedHouseholds, households.length);
  const rule = dim("─".repeat(84));
  const [firstHousehold] = households;
  const [firstMaker] = LOCAL_ROLES.marketMakers;
  return [
    rule,
    `  ${green(`${DEV_STAGES.up} (${(elapsedMs / 1000).toFixed(1)} s)`)}  ${dim(`local chain ${LOCAL_CHAIN_ID}, ${periodWords()}`)}`,
    "",
    row("dApp", u.app, "start at /connect"),
    row("chain RPC", u.rpc, "JSON-RPC (hardhat node)"),
    row("indexer REST", u.indexerRest, "also /api/book, /api/accounts/…"),
    row("indexer GraphQL", u.indexerGraphql),
    row("oracle API", u.oracleHealth, "raw readings /v1/…, /anomalies"),
    row("oracle metrics", u.oracleMetrics, "Prometheus"),
    row("MQTT broker", u.mqtt, `Aedes; ${simulated * DEMO_DEVICE_KINDS.length} simulated meters`),
    "",
    `  ${bold("Local accounts")}  ${dim("in the dApp: Connect → Local test accounts → Use")}`,
    account(LOCAL_ROLES.deployer, "admin and registrar (Admin page)"),
    account(LOCAL_ROLES.oracleOperator, "oracle operator (posts readings)"),
    ...households.map((index, h) => account(index, `household ${h + 1}${h < simulated ? "" : " (no simulated readings)"}`)),
    ...LOCAL_ROLES.marketMakers.map((index, m) => account(index, `market maker ${m + 1}`)),
    account(LOCAL_ROLES.guardian, "guardian (pauses trading)"),
    dim(`  Households: ${meters} meters; allowance claimed; one ask each.`),
    dim("  Market makers: bids below the opening price."),
    `  First trade: as #${firstHousehold} sell into the best bid on Market; as #${firstMaker} buy the best ask.`,
    "",
    rule,
    `  ${BANNER_LAST_LINE} ${dim("(twice: at once) · PCX_DEV_VERBOSE=1 shows every log line")}`,
  ];
}
