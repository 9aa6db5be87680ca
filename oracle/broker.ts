/**
 * The embedded MQTT broker (Aedes, MQTT 3.1.1) the oracle starts when no MQTT_URL is given:
 * the default for local use. Sessions and QoS 1 queues live in memory for the broker's lifetime.
 */
import { createServer, type Server } from "node:net";
import { Aedes } from "aedes";

export interface EmbeddedBroker {
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function startEmbeddedBroker(port: number, host = "0.0.0.0"): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker();
  const server: Server = createServer(aedes.handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  const actual = typeof addr === "object" && addr ? addr.port : port;
  return {
    port: actual,
    url: `mqtt://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        aedes.close();
        // Open client sockets keep the server alive; drop them.
        server.unref();
      }),
  };
}
