/** The dev stack's ports from the environment (scripts/lib/dev-ports.ts). */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { devPorts, devPortsEnv, freeDevPorts, takenPorts } from "../lib/dev-ports.js";

describe("dev ports", () => {
  it("defaults to the documented ports and reads each service's own variable", () => {
    expect(devPorts({})).toEqual({ rpc: 8545, app: 3000, indexer: 42069, oracle: 9464, mqtt: 1883 });
    expect(devPorts({ PCX_RPC_PORT: "18545", PCX_HTTP_PORT: "19464" })).toMatchObject({ rpc: 18545, oracle: 19464, app: 3000 });
  });

  it("refuses a port that is not one, and two services on one port", () => {
    expect(() => devPorts({ PCX_APP_PORT: "30o0" })).toThrow("PCX_APP_PORT=30o0 is not a port number");
    expect(() => devPorts({ PCX_MQTT_PORT: "70000" })).toThrow("PCX_MQTT_PORT=70000");
    expect(() => devPorts({ PCX_APP_PORT: "8545" })).toThrow("PCX_APP_PORT and PCX_RPC_PORT are both 8545");
  });

  it("picks distinct free ports and round-trips them through the environment", async () => {
    const ports = await freeDevPorts();
    expect(new Set(Object.values(ports)).size).toBe(5);
    expect(devPorts(devPortsEnv(ports))).toEqual(ports);
  });

  it("names a port another process holds, and how to move it", async () => {
    const ports = await freeDevPorts();
    const server = createServer();
    await new Promise<void>((r) => server.listen(ports.indexer, "127.0.0.1", () => r()));
    try {
      expect(await takenPorts(ports)).toEqual([`${ports.indexer} (indexer; set PCX_INDEXER_PORT to move it)`]);
    } finally {
      server.close();
    }
  });
});
