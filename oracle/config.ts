/**
 * Typed oracle configuration, validated once at start-up (zod). Every value comes from an
 * environment variable or the matching CLI flag (flags win); defaults suit the local dev chain.
 *
 * | env                     | flag                 | default                                        |
 * | PCX_RPC_URL             | --rpc-url            | http://127.0.0.1:8545                          |
 * | PCX_DEPLOYMENT          | --deployment         | chain-<chainId> (ignition/deployments/<id>)    |
 * | PCX_ORACLE_ADDRESS      | --oracle-address     | from the deployment                            |
 * | PCX_REGISTRY_ADDRESS    | --registry-address   | from the deployment                            |
 * | PCX_ORACLE_KEY          | --oracle-key         | Hardhat mnemonic account PCX_ORACLE_ACCOUNT    |
 * | PCX_ORACLE_ACCOUNT      | --oracle-account     | 1 (ORACLE_ROLE in ignition/parameters/local.json) |
 * | MQTT_URL                | --mqtt-url           | unset → embedded Aedes broker                  |
 * | PCX_MQTT_PORT           | --mqtt-port          | 1883 (embedded broker port)                    |
 * | PCX_MQTT_HOST           | --mqtt-host          | 127.0.0.1 (embedded broker listen address; 0.0.0.0 opens it) |
 * | PCX_MQTT_CREDENTIALS    | --mqtt-credentials   | .oracle-data/mqtt-credentials.json (embedded broker's users, `broker-user`) |
 * | PCX_MQTT_USERNAME       | --mqtt-username      | unset (embedded broker: an in-memory oracle credential) |
 * | PCX_MQTT_PASSWORD       | --mqtt-password      | unset (prefer the env variable: flags show in `ps`) |
 * | PCX_MQTT_TLS_CERT       | --mqtt-tls-cert      | unset; with the key, the embedded broker listens with TLS only |
 * | PCX_MQTT_TLS_KEY        | --mqtt-tls-key       | unset                                          |
 * | PCX_MQTT_TLS_CA         | --mqtt-tls-ca        | unset; CA (PEM) the oracle trusts for an mqtts:// broker |
 * | PCX_MQTT_PROTOCOL       | --mqtt-protocol      | 5 for an external broker (4 for MQTT 3.1.1 brokers such as Aedes) |
 * | PCX_MQTT_CLIENT_ID      | --client-id          | pcx-oracle                                     |
 * | PCX_MQTT_SHARE_GROUP    | --share-group        | unset (set → $share/<group>/… , MQTT 5)        |
 * | PCX_HTTP_PORT           | --http-port          | 9464 (0 = any free port)                       |
 * | PCX_DATA_DIR            | --data-dir           | .oracle-data/default                           |
 * | PCX_ADAPTERS            | --adapters           | unset; JSON file mapping Tasmota/Shelly devices |
 * | PCX_BATCH_SIZE          | --batch-size         | 128 (max 256 = EmissionOracle.MAX_BATCH)       |
 * | PCX_BATCH_WAIT_MS       | --batch-wait-ms      | 250                                            |
 * | PCX_MAX_IN_FLIGHT       | --max-in-flight      | 4 transactions                                 |
 * | PCX_MQTT_MAX_IN_FLIGHT  | --mqtt-max-in-flight | 1000 messages received, not yet acknowledged   |
 * | PCX_VERIFY_WORKERS      | --verify-workers     | cores − 1, at most 4 (0 = signatures checked on the main thread) |
 * | PCX_CONFIRMATIONS       | --confirmations      | 1                                              |
 * | PCX_MAX_CLOCK_SKEW_S    | --max-clock-skew     | 120 (contract allows 300)                      |
 * | PCX_FEE_BUMP_AFTER_MS   | --fee-bump-after-ms  | 15000                                          |
 * | PCX_SQLITE_SYNC         | --sqlite-sync        | NORMAL (WAL: survives process crashes; FULL also survives power loss) |
 * | LOG_LEVEL               | --log-level          | info                                           |
 * | PCX_DEVICE_CACHE_SIZE   | --device-cache-size  | 10000 known + 10000 unknown devices (LRU; unknown ones expire after 60 s) |
 * | PCX_CHECKPOINT_INTERVAL_S | --checkpoint-interval | 86400 (one checkpoint per device per day, plus period-close and rule checkpoints) |
 * | PCX_SIWE_DOMAIN         | --siwe-domain        | unset: the request's Host header (the raw-readings API's Sign-In with Ethereum domain) |
 * | PCX_API_CORS_ORIGIN     | --api-cors-origin    | unset; an origin (the dApp's) allowed to call the JSON API from a browser |
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { z } from "zod/v4";
import { REPO_ROOT } from "../sdk/deployment.js";

const hexAddress = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "not an address");
const port = z.coerce.number().int().min(0).max(65535);

export const OracleConfigSchema = z
  .object({
  rpcUrl: z.url(),
  deployment: z.string().min(1).optional(),
  oracleAddress: hexAddress.optional(),
  registryAddress: hexAddress.optional(),
  oracleKey: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "not a 32-byte hex private key").optional(),
  oracleAccount: z.coerce.number().int().min(0).max(1000),
  mqttUrl: z.string().regex(/^(mqtts?|tcp|wss?):\/\//, "not an MQTT URL").optional(),
  mqttPort: port,
  mqttHost: z.string().min(1),
  mqttCredentials: z.string().min(1),
  mqttUsername: z.string().min(1).optional(),
  mqttPassword: z.string().min(1).optional(),
  mqttTlsCert: z.string().min(1).optional(),
  mqttTlsKey: z.string().min(1).optional(),
  mqttTlsCa: z.string().min(1).optional(),
  mqttProtocol: z.coerce.number().pipe(z.union([z.literal(4), z.literal(5)])),
  clientId: z.string().min(1).max(64),
  shareGroup: z.string().regex(/^[A-Za-z0-9_-]+$/).optional(),
  httpPort: port,
  dataDir: z.string().min(1),
  adapters: z.string().min(1).optional(),
  batchSize: z.coerce.number().int().min(1).max(256),
  batchWaitMs: z.coerce.number().int().min(1).max(600_000),
  maxInFlight: z.coerce.number().int().min(1).max(64),
  mqttMaxInFlight: z.coerce.number().int().min(1).max(65_535),
  verifyWorkers: z.coerce.number().int().min(0).max(64),
  confirmations: z.coerce.number().int().min(1).max(1000),
  maxClockSkewS: z.coerce.number().int().min(0).max(300),
  feeBumpAfterMs: z.coerce.number().int().min(500),
  sqliteSync: z.enum(["NORMAL", "FULL"]),
  logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]),
  deviceCacheSize: z.coerce.number().int().min(1).max(10_000_000),
  checkpointIntervalS: z.coerce.number().int().min(1).max(366 * 86_400),
  checkpointGapWaitS: z.coerce.number().int().min(0).max(86_400),
  siweDomain: z.string().min(1).optional(),
  apiCorsOrigin: z.url().optional(),
  })
  .refine((c) => !c.mqttTlsCert === !c.mqttTlsKey, { path: ["mqttTlsKey"], message: "PCX_MQTT_TLS_CERT and PCX_MQTT_TLS_KEY go together" })
  .refine((c) => !c.mqttUsername === !c.mqttPassword, { path: ["mqttPassword"], message: "PCX_MQTT_USERNAME and PCX_MQTT_PASSWORD go together" });
export type OracleConfig = z.infer<typeof OracleConfigSchema>;

/** Environment variable and default for each config key. */
const SOURCES: Record<keyof OracleConfig, { env: string; default?: string }> = {
  rpcUrl: { env: "PCX_RPC_URL", default: "http://127.0.0.1:8545" },
  deployment: { env: "PCX_DEPLOYMENT" },
  oracleAddress: { env: "PCX_ORACLE_ADDRESS" },
  registryAddress: { env: "PCX_REGISTRY_ADDRESS" },
  oracleKey: { env: "PCX_ORACLE_KEY" },
  oracleAccount: { env: "PCX_ORACLE_ACCOUNT", default: "1" },
  mqttUrl: { env: "MQTT_URL" },
  mqttPort: { env: "PCX_MQTT_PORT", default: "1883" },
  mqttHost: { env: "PCX_MQTT_HOST", default: "127.0.0.1" },
  mqttCredentials: { env: "PCX_MQTT_CREDENTIALS", default: path.join(REPO_ROOT, ".oracle-data", "mqtt-credentials.json") },
  mqttUsername: { env: "PCX_MQTT_USERNAME" },
  mqttPassword: { env: "PCX_MQTT_PASSWORD" },
  mqttTlsCert: { env: "PCX_MQTT_TLS_CERT" },
  mqttTlsKey: { env: "PCX_MQTT_TLS_KEY" },
  mqttTlsCa: { env: "PCX_MQTT_TLS_CA" },
  mqttProtocol: { env: "PCX_MQTT_PROTOCOL", default: "5" },
  clientId: { env: "PCX_MQTT_CLIENT_ID", default: "pcx-oracle" },
  shareGroup: { env: "PCX_MQTT_SHARE_GROUP" },
  httpPort: { env: "PCX_HTTP_PORT", default: "9464" },
  dataDir: { env: "PCX_DATA_DIR", default: path.join(REPO_ROOT, ".oracle-data", "default") },
  adapters: { env: "PCX_ADAPTERS" },
  batchSize: { env: "PCX_BATCH_SIZE", default: "128" },
  batchWaitMs: { env: "PCX_BATCH_WAIT_MS", default: "250" },
  maxInFlight: { env: "PCX_MAX_IN_FLIGHT", default: "4" },
  mqttMaxInFlight: { env: "PCX_MQTT_MAX_IN_FLIGHT", default: "1000" },
  verifyWorkers: { env: "PCX_VERIFY_WORKERS", default: String(Math.max(0, Math.min(4, availableParallelism() - 1))) },
  confirmations: { env: "PCX_CONFIRMATIONS", default: "1" },
  maxClockSkewS: { env: "PCX_MAX_CLOCK_SKEW_S", default: "120" },
  feeBumpAfterMs: { env: "PCX_FEE_BUMP_AFTER_MS", default: "15000" },
  sqliteSync: { env: "PCX_SQLITE_SYNC", default: "NORMAL" },
  logLevel: { env: "LOG_LEVEL", default: "info" },
  deviceCacheSize: { env: "PCX_DEVICE_CACHE_SIZE", default: "10000" },
  checkpointIntervalS: { env: "PCX_CHECKPOINT_INTERVAL_S", default: "86400" },
  checkpointGapWaitS: { env: "PCX_CHECKPOINT_GAP_WAIT_S", default: "30" },
  siweDomain: { env: "PCX_SIWE_DOMAIN" },
  apiCorsOrigin: { env: "PCX_API_CORS_ORIGIN" },
};

export class ConfigError extends Error {}

/**
 * Builds the config from `flags` (camelCase keys, e.g. from the CLI) over `env`.
 * Throws ConfigError listing every invalid field.
 */
export function loadConfig(
  flags: Partial<Record<keyof OracleConfig, string | number | undefined>> = {},
  env: NodeJS.ProcessEnv = process.env,
): OracleConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, src] of Object.entries(SOURCES) as [keyof OracleConfig, (typeof SOURCES)[keyof OracleConfig]][]) {
    const v = flags[key] ?? (env[src.env] === "" ? undefined : env[src.env]) ?? src.default;
    if (v !== undefined) raw[key] = v;
  }
  const parsed = OracleConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0]) as keyof OracleConfig;
      return `  ${key} (${SOURCES[key]?.env ?? "?"}): ${i.message}`;
    });
    throw new ConfigError(`invalid oracle configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
