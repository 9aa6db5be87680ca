/**
 * The MQTT source: QoS 1 subscriptions on a persistent session with a stable client id, so the
 * broker keeps unacknowledged messages across disconnects and oracle restarts. A message is
 * acknowledged (PUBACK) only after `onMessage` resolved, i.e. after its reading was committed
 * to the outbox (or definitively rejected); mqtt.js sends the PUBACK when our `handleMessage`
 * calls back. Reconnects back off exponentially up to 30 s. With a share group the topics
 * become MQTT 5 shared subscriptions `$share/<group>/<topic>` so instances split the load.
 * With `auth` it logs in with the oracle's broker credential; with `tls` it trusts the given CA.
 */
import type { ConnectionOptions } from "node:tls";
import mqtt, { type MqttClient, type IClientOptions } from "mqtt";
import type { Logger } from "pino";

export interface MqttSourceOptions {
  url: string;
  clientId: string;
  protocolVersion: 4 | 5;
  topics: readonly string[];
  shareGroup?: string;
  log: Logger;
  onMessage: (topic: string, payload: Buffer, receivedAt: number) => Promise<unknown>;
  /** Broker credentials (username/password), when the broker authenticates. */
  auth?: { username: string; password: string };
  /** TLS client options for an mqtts:// broker (trusted CA, identity check). */
  tls?: Pick<ConnectionOptions, "ca" | "checkServerIdentity">;
  /** Called with the connection state on every change (health). */
  onState?: (connected: boolean) => void;
}

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 30_000;

export class MqttSource {
  private client: MqttClient | undefined;
  private backoff = MIN_BACKOFF_MS;

  constructor(private readonly opts: MqttSourceOptions) {}

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** The topic filters as subscribed (with the share prefix if a group is set). */
  get filters(): string[] {
    const g = this.opts.shareGroup;
    return this.opts.topics.map((t) => (g ? `$share/${g}/${t}` : t));
  }

  /** Connects and subscribes; resolves once the first subscription is acknowledged. */
  async start(): Promise<void> {
    const { url, clientId, protocolVersion, log } = this.opts;
    const options: IClientOptions = {
      clientId,
      protocolVersion,
      clean: false,
      reconnectPeriod: MIN_BACKOFF_MS,
      connectTimeout: 10_000,
      keepalive: 30,
      resubscribe: true,
      ...(this.opts.auth ?? {}),
      // mqtt.js hands these to tls.connect for mqtts:// URLs.
      ...((this.opts.tls ?? {}) as IClientOptions),
      ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: 7 * 24 * 3600 } } : {}),
    };
    const client = mqtt.connect(url, options);
    this.client = client;
    client.handleMessage = (packet, callback) => {
      const receivedAt = performance.now();
      if (packet.cmd !== "publish") return callback();
      const payload = typeof packet.payload === "string" ? Buffer.from(packet.payload) : packet.payload;
      this.opts.onMessage(packet.topic, payload, receivedAt).then(
        () => callback(),
        (err: unknown) => {
          // Not acknowledged. Brokers redeliver unacknowledged QoS 1 messages only on a new
          // connection of the session, so drop this one; mqtt.js reconnects with backoff.
          log.error({ err: (err as Error)?.message ?? String(err), topic: packet.topic }, "message not stored; reconnecting for redelivery");
          client.stream?.destroy();
        },
      );
    };
    let connects = 0;
    client.on("connect", (connack) => {
      // Re-subscribe on every reconnect, even with sessionPresent: a broker restored from
      // persistence may have lost a subscription (seen with Mosquitto 2 and shared subscriptions).
      if (connects++ > 0) client.subscribe(this.filters, { qos: 1 });
      this.backoff = MIN_BACKOFF_MS;
      client.options.reconnectPeriod = MIN_BACKOFF_MS;
      log.info({ url, clientId, sessionPresent: connack.sessionPresent }, "mqtt connected");
      this.opts.onState?.(true);
    });
    client.on("close", () => {
      this.opts.onState?.(false);
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
      client.options.reconnectPeriod = this.backoff;
    });
    client.on("error", (err) => log.warn({ err: err.message }, "mqtt error"));
    client.on("offline", () => log.warn({ url }, "mqtt offline; reconnecting with backoff"));

    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      client.once("connect", () => {
        client.off("error", onError);
        resolve();
      });
      client.once("error", onError);
    });
    const granted = await client.subscribeAsync(this.filters, { qos: 1 });
    const refused = granted.filter((g) => g.qos > 2);
    if (refused.length > 0) throw new Error(`broker refused subscriptions: ${refused.map((g) => g.topic).join(", ")}`);
    log.info({ filters: this.filters }, "subscribed (QoS 1)");
  }

  /** Disconnects cleanly; the persistent session keeps what arrives meanwhile. */
  async stop(): Promise<void> {
    if (!this.client) return;
    await this.client.endAsync();
    this.client = undefined;
  }
}
