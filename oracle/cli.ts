/**
 * PCX oracle CLI.
 *   run                 the oracle service (config: env or flags, see oracle/config.ts)
 *   simulate            N households publishing signed readings (sdk/demo.ts device keys)
 *   device new          a certified meter key (key file) and the binding document the household pastes
 *   status              outbox depth, outcomes, last confirmed block and anomaly-flagged devices of a data dir
 *   broker              a standalone embedded (Aedes) broker with the same authentication
 *   broker-user         issue / remove / list the embedded broker's MQTT credentials
 * Usage: node --import tsx oracle/cli.ts <command> [--flags]   (npm run oracle -- <command> …)
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Contract, type InterfaceAbi } from "ethers";
import { DEFAULT_FACTORS } from "../sdk/emission-factors.js";
import { loadAddresses } from "../sdk/deployment.js";
import { pcxAbis } from "../sdk/contracts.js";
import { DEMO_DEVICE_KINDS, demoDevices } from "../sdk/demo.js";
import { emissionOracleDomain } from "../sdk/typed-data.js";
import { factorToWeiPerBaseUnit } from "../sdk/units.js";
import { deviceNew } from "./device-new.js";
import { JsonRpcProvider } from "ethers";
import { fetchChainId } from "./chain.js";
import { ConfigError, loadConfig, type OracleConfig } from "./config.js";
import { startEmbeddedBroker } from "./broker.js";
import { AnomalyDetector } from "./anomaly.js";
import { CredentialStore } from "./broker-auth.js";
import { brokerUser } from "./broker-user-cli.js";
import { createLogger } from "./log.js";
import { OracleMetrics } from "./metrics.js";
import { Outbox } from "./outbox.js";
import { OracleService } from "./service.js";
import { maxSpeed } from "./simulator/load-curves.js";
import { Simulator, type SimDevice } from "./simulator/simulator.js";

const RUN_FLAGS: Record<string, keyof OracleConfig> = {
  "rpc-url": "rpcUrl",
  deployment: "deployment",
  "oracle-address": "oracleAddress",
  "registry-address": "registryAddress",
  "oracle-key": "oracleKey",
  "oracle-account": "oracleAccount",
  "mqtt-url": "mqttUrl",
  "mqtt-port": "mqttPort",
  "mqtt-host": "mqttHost",
  "mqtt-credentials": "mqttCredentials",
  "mqtt-username": "mqttUsername",
  "mqtt-password": "mqttPassword",
  "mqtt-tls-cert": "mqttTlsCert",
  "mqtt-tls-key": "mqttTlsKey",
  "mqtt-tls-ca": "mqttTlsCa",
  "mqtt-protocol": "mqttProtocol",
  "client-id": "clientId",
  "share-group": "shareGroup",
  "http-port": "httpPort",
  "data-dir": "dataDir",
  adapters: "adapters",
  "batch-size": "batchSize",
  "batch-wait-ms": "batchWaitMs",
  "max-in-flight": "maxInFlight",
  "mqtt-max-in-flight": "mqttMaxInFlight",
  "verify-workers": "verifyWorkers",
  confirmations: "confirmations",
  "max-clock-skew": "maxClockSkewS",
  "fee-bump-after-ms": "feeBumpAfterMs",
  "sqlite-sync": "sqliteSync",
  "log-level": "logLevel",
  "device-cache-size": "deviceCacheSize",
  "checkpoint-interval": "checkpointIntervalS",
  "siwe-domain": "siweDomain",
  "api-cors-origin": "apiCorsOrigin",
};

function runFlags(argv: string[]): Partial<Record<keyof OracleConfig, string>> {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.keys(RUN_FLAGS).map((k) => [k, { type: "string" as const }])),
    strict: true,
  });
  const out: Partial<Record<keyof OracleConfig, string>> = {};
  for (const [flag, key] of Object.entries(RUN_FLAGS)) {
    const v = values[flag];
    if (typeof v === "string") out[key] = v;
  }
  return out;
}

async function run(argv: string[]): Promise<void> {
  const config = loadConfig(runFlags(argv));
  const service = await OracleService.start(config);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    service.log.info({ signal }, "shutdown requested");
    await service.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

/** Chain id and an address of the deployment, from flags / env / Ignition's deployment. */
async function chainContext(values: Record<string, string | boolean | undefined>, contract: "EmissionOracle" | "Registry") {
  const rpcUrl = (values["rpc-url"] as string | undefined) ?? process.env.PCX_RPC_URL ?? "http://127.0.0.1:8545";
  const chainId = values["chain-id"] ? BigInt(values["chain-id"] as string) : await fetchChainId(rpcUrl);
  const flag = contract === "EmissionOracle" ? "oracle-address" : "registry-address";
  const address =
    (values[flag] as string | undefined) ??
    loadAddresses((values.deployment as string | undefined) ?? process.env.PCX_DEPLOYMENT ?? chainId)[contract];
  if (!address) throw new Error(`${contract} address not found: pass --${flag}`);
  return { rpcUrl, chainId, address };
}

async function simulate(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      households: { type: "string", default: "5" },
      rate: { type: "string" },
      speed: { type: "string", default: "1" },
      rounds: { type: "string" },
      "mqtt-url": { type: "string" },
      "mqtt-username": { type: "string" },
      "mqtt-password": { type: "string" },
      "mqtt-tls-ca": { type: "string" },
      "rpc-url": { type: "string" },
      "chain-id": { type: "string" },
      "oracle-address": { type: "string" },
      deployment: { type: "string" },
    },
    strict: true,
  });
  const households = Number(values.households);
  const speed = Number(values.speed);
  const limit = maxSpeed(DEMO_DEVICE_KINDS.map((k) => k.kind));
  if (!(speed > 0 && speed <= limit)) throw new Error(`--speed must be in (0, ${limit.toFixed(2)}] to stay plausible`);
  const { rpcUrl, chainId, address } = await chainContext(values, "EmissionOracle");
  const factorValue = (key: string) => {
    const f = DEFAULT_FACTORS.find((x) => x.key === key)!;
    return factorToWeiPerBaseUnit(f.value, f.kind);
  };
  const devices: SimDevice[] = demoDevices(households).map((d) => ({
    household: d.household,
    kind: d.kind,
    wallet: d.wallet,
    factorValue: factorValue(d.factorKey),
  }));
  // Continue from the chain's registers so a restarted simulator stays monotonic.
  const initial = new Map<string, { seq: bigint; cumulative: bigint }>();
  try {
    const oracle = new Contract(address, pcxAbis.EmissionOracle, new JsonRpcProvider(rpcUrl));
    for (const d of devices) {
      const s = await oracle.deviceState(d.wallet.address);
      if (BigInt(s.lastSeq) > 0n) initial.set(d.wallet.address.toLowerCase(), { seq: BigInt(s.lastSeq), cumulative: BigInt(s.lastCumulative) });
    }
  } catch {
    /* no chain access: start registers at zero */
  }
  const url = values["mqtt-url"] ?? process.env.MQTT_URL ?? `mqtt://127.0.0.1:${process.env.PCX_MQTT_PORT ?? 1883}`;
  // The simulator's own broker credential (a device user whose topics cover the demo meters).
  const username = values["mqtt-username"] ?? process.env.PCX_SIM_MQTT_USERNAME;
  const password = values["mqtt-password"] ?? process.env.PCX_SIM_MQTT_PASSWORD;
  const ca = values["mqtt-tls-ca"] ?? process.env.PCX_MQTT_TLS_CA;
  const sim = new Simulator({
    url,
    domain: emissionOracleDomain(chainId, address),
    devices,
    speed,
    initial,
    ...(username && password ? { username, password } : {}),
    ...(ca ? { ca: readFileSync(ca) } : {}),
  });
  await sim.connect();
  const rate = values.rate ? Number(values.rate) : devices.length / 5; // each device every 5 s
  const controller = new AbortController();
  process.on("SIGINT", () => controller.abort());
  process.on("SIGTERM", () => controller.abort());
  console.log(JSON.stringify({ msg: "simulating", households, devices: devices.length, ratePerSecond: rate, speed, url }));
  await sim.run(rate, values.rounds ? Number(values.rounds) : Infinity, controller.signal);
  await sim.close();
  console.log(
    JSON.stringify({ msg: "done", published: sim.published, expectedKgWei: sim.expectedWei().toString() }),
  );
}

function status(argv: string[]): void {
  const { values } = parseArgs({ args: argv, options: { "data-dir": { type: "string" } }, strict: true });
  const config = loadConfig(values["data-dir"] ? { dataDir: values["data-dir"] } : {});
  const outbox = new Outbox(config.dataDir);
  const counts = outbox.counts();
  console.log(
    JSON.stringify(
      {
        dataDir: config.dataDir,
        chain: outbox.getMeta("chain") ?? null,
        outboxDepth: counts.queued + counts.sent,
        readings: counts,
        outcomes: outbox.outcomes(),
        openTransactions: outbox.openBatches().length,
        lastConfirmedBlock: outbox.lastConfirmedBlock() ?? null,
        flaggedDevices: new AnomalyDetector(outbox.db).flagged().map(({ recent, ...d }) => ({ ...d, recent: recent.slice(-5) })),
      },
      null,
      2,
    ),
  );
  outbox.close();
}

/**
 * A standalone embedded (Aedes) broker, for setups that run the broker apart from the oracle:
 * same rules as the oracle's (credentials file, loopback default, TLS). The oracle then needs an
 * oracle credential from that file (broker-user add <name> --role oracle).
 */
async function broker(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "1883" },
      host: { type: "string" },
      credentials: { type: "string" },
      "tls-cert": { type: "string" },
      "tls-key": { type: "string" },
      "oracle-client-id": { type: "string", multiple: true },
    },
    strict: true,
  });
  const config = loadConfig({
    mqttHost: values.host,
    mqttCredentials: values.credentials,
    mqttTlsCert: values["tls-cert"],
    mqttTlsKey: values["tls-key"],
  });
  const b = await startEmbeddedBroker({
    port: Number(values.port),
    host: config.mqttHost,
    credentials: new CredentialStore(config.mqttCredentials),
    reservedClientIds: values["oracle-client-id"] ?? [config.clientId],
    tls: config.mqttTlsCert ? { cert: config.mqttTlsCert, key: config.mqttTlsKey! } : undefined,
    log: createLogger(config.logLevel, "pcx-broker"),
    refusals: new OracleMetrics().authRefusals,
  });
  console.log(JSON.stringify({ msg: "aedes broker listening", address: b.address, tls: b.tls, credentials: config.mqttCredentials }));
  const stop = () => void b.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

const USAGE = `usage: oracle/cli.ts <run|simulate|device new|status|broker|broker-user> [flags]
  run        [--rpc-url] [--deployment] [--oracle-key|--oracle-account] [--mqtt-url|--mqtt-port] [--mqtt-host]
             [--mqtt-credentials] [--mqtt-username --mqtt-password] [--mqtt-tls-cert --mqtt-tls-key] [--http-port] [--data-dir] …
  simulate   [--households 5] [--rate <readings/s>] [--speed 1] [--rounds N] [--mqtt-url] [--mqtt-username --mqtt-password]
             [--rpc-url] [--oracle-address]
  device new --owner <address> (--certifier-key <hex>|--demo-certifier) [--kind Electricity|0..6] [--factor-id]
             [--operator-attested] [--key <hex>|--key-file <path>] [--model] [--serial] [--valid-days 3650] [--registry-address]
  status     [--data-dir]
  broker     [--port 1883] [--host 127.0.0.1] [--credentials <file>] [--tls-cert --tls-key]   (a standalone Aedes broker)
  broker-user add <username> --topic <pattern> [--topic …] [--role device|oracle] [--credentials <file>]
  broker-user remove <username> | broker-user list`;

async function main(): Promise<void> {
  const [cmd, ...rest] = process.argv.slice(2);
  switch (cmd) {
    case "run":
      return run(rest);
    case "simulate":
      return simulate(rest);
    case "device":
      if (rest[0] !== "new") break;
      return deviceNew(rest.slice(1), (values) => chainContext(values, "Registry"));
    case "status":
      return status(rest);
    case "broker":
      return broker(rest);
    case "broker-user":
      return brokerUser(rest);
  }
  console.error(USAGE);
  process.exit(2);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
