/**
 * The dev stack's ports (scripts/dev.ts), each set by the environment variable its own service
 * reads too, so `npm run dev` can run beside another stack (the dev-stack test and `npm run
 * bench:dev` pick free ones).
 */
import { createServer } from "node:net";
import { freePort } from "./processes.js";

export const DEV_PORTS = {
  rpc: { env: "PCX_RPC_PORT", default: 8545, what: "chain RPC" },
  app: { env: "PCX_APP_PORT", default: 3000, what: "dApp" },
  indexer: { env: "PCX_INDEXER_PORT", default: 42069, what: "indexer" },
  oracle: { env: "PCX_HTTP_PORT", default: 9464, what: "oracle API and metrics" },
  mqtt: { env: "PCX_MQTT_PORT", default: 1883, what: "MQTT broker" },
} as const;

export type DevPortName = keyof typeof DEV_PORTS;
export type DevPorts = Record<DevPortName, number>;
const NAMES = Object.keys(DEV_PORTS) as DevPortName[];

/** The ports from `env` (defaults where unset); throws a message naming a bad or repeated one. */
export function devPorts(env: NodeJS.ProcessEnv = process.env): DevPorts {
  const ports = {} as DevPorts;
  for (const name of NAMES) {
    const { env: key, default: fallback } = DEV_PORTS[name];
    const raw = env[key];
    const port = raw === undefined || raw === "" ? fallback : Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${key}=${raw} is not a port number (1–65535)`);
    const clash = NAMES.find((other) => ports[other] === port);
    if (clash) throw new Error(`${key} and ${DEV_PORTS[clash].env} are both ${port}: every service needs its own port`);
    ports[name] = port;
  }
  return ports;
}

/** The environment variables that put the stack on `ports`. */
export function devPortsEnv(ports: DevPorts): Record<string, string> {
  return Object.fromEntries(NAMES.map((name) => [DEV_PORTS[name].env, String(ports[name])]));
}

/** Distinct ports that were free a moment ago, one per service. */
export async function freeDevPorts(): Promise<DevPorts> {
  const ports = {} as DevPorts;
  const taken = new Set<number>();
  for (const name of NAMES) {
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    ports[name] = port;
  }
  return ports;
}

/** True if something holds `port` (a listen on every interface fails). */
export function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(true));
    server.listen({ port, host: "0.0.0.0", exclusive: true }, () => server.close(() => resolve(false)));
  });
}

/** The services whose port is already taken, e.g. "8545 (chain RPC; set PCX_RPC_PORT to move it)". */
export async function takenPorts(ports: DevPorts): Promise<string[]> {
  const out: string[] = [];
  for (const name of NAMES) {
    if (await portTaken(ports[name])) out.push(`${ports[name]} (${DEV_PORTS[name].what}; set ${DEV_PORTS[name].env} to move it)`);
  }
  return out;
}
