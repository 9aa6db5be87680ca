/** Does an advertised endpoint answer in its own protocol: JSON-RPC, HTTP, MQTT; is a port closed. */
import net from "node:net";

/** The chain id `eth_chainId` returns at `url`. */
export async function rpcChainId(url: string): Promise<number> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { result?: string };
  return Number(body.result);
}

/** Status and body of a GET (or a POST of `json`). */
export async function http(url: string, json?: unknown): Promise<{ status: number; body: string }> {
  const res = await fetch(url, {
    method: json === undefined ? "GET" : "POST",
    headers: json === undefined ? {} : { "content-type": "application/json" },
    body: json === undefined ? undefined : JSON.stringify(json),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: res.status, body: await res.text() };
}

/**
 * Sends an MQTT 3.1.1 CONNECT without credentials and returns the CONNACK's return code
 * (0 accepted, 4 bad credentials, 5 not authorised): proof that a broker speaks on `url`.
 */
export function mqttConnack(url: string): Promise<number> {
  const { hostname, port } = new URL(url);
  const clientId = Buffer.from("pcx-dev-stack-test");
  const variable = Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x3c, 0x00, clientId.length]);
  const body = Buffer.concat([variable, clientId]);
  const packet = Buffer.concat([Buffer.from([0x10, body.length]), body]);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(packet));
    socket.setTimeout(10_000, () => (socket.destroy(), reject(new Error(`no CONNACK from ${url}`))));
    socket.once("data", (data) => {
      socket.destroy();
      if (data[0] !== 0x20) return reject(new Error(`not a CONNACK from ${url}: ${data.toString("hex")}`));
      resolve(data[3]);
    });
    socket.once("error", reject);
  });
}

/** True if nothing accepts a TCP connection on 127.0.0.1:`port`. */
export function portClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(true));
  });
}
