/**
 * The MQTT source: QoS 1 subscriptions on a persistent session with a stable client id, so the
 * broker keeps unacknowledged messages across disconnects and oracle restarts. A message is
 * acknowledged (PUBACK) only after `onMessage` resolved, i.e. after its reading was committed
 * to the outbox (or definitively rejected).
 *
 * Several messages are in flight at once (at most `maxInFlight` per connection; MQTT 5 tells the
 * broker so with Receive Maximum): mqtt.js hands us the next message as soon as the previous one
 * is taken, so a burst shares group commits and a PINGRESP is never stuck behind a backlog.
 * mqtt.js would acknowledge each message when `handleMessage` calls back; we swallow that PUBACK
 * and send our own when `onMessage` resolved, in the order the messages arrived (MQTT 3.1.1
 * §4.6), and only on the connection that delivered the message: after a reconnect the broker
 * redelivers what was not acknowledged, and an acknowledgement for the old connection could
 * name a packet id the broker has since given to another message. A failed `onMessage` drops
 * the connection, so the broker redelivers. Reconnects back off exponentially up to 30 s. With a
 * share group the topics become MQTT 5 shared subscriptions `$share/<group>/<topic>` so
 * instances split the load. With `auth` it logs in with the oracle's broker credential; with
 * `tls` it trusts the given CA.
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
  /** Messages received but not yet acknowledged, per connection (default 1,000). */
  maxInFlight?: number;
}

/** The part of mqtt.js's client we reach into: the packet writer (private in its typings). */
type SendPacket = (packet: { cmd: string; messageId?: number; [k: string]: unknown }, cb?: (err?: Error) => void, ...rest: unknown[]) => void;

/** Messages of one connection in arrival order, acknowledged from the front once settled. */
interface AckWindow {
  entries: { messageId: number | undefined; settled: boolean }[];
  /** Calls back to mqtt.js waiting for room in the window. */
  waiting: (() => void)[];
  open: boolean;
}

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 30_000;

export class MqttSource {
  private client: MqttClient | undefined;
  private backoff = MIN_BACKOFF_MS;
  private window: AckWindow = { entries: [], waiting: [], open: false };
  /** Settles when the current window has no message in flight (graceful stop). */
  private drained: (() => void) | undefined;

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
      ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: 7 * 24 * 3600, receiveMaximum: this.maxInFlight } } : {}),
    };
    const client = mqtt.connect(url, options);
    this.client = client;
    const internals = client as unknown as { _sendPacket: SendPacket };
    const sendPacket = internals._sendPacket.bind(client);
    // mqtt.js's own PUBACK, sent when handleMessage calls back: dropped (we send ours after the commit).
    internals._sendPacket = (packet, cb, ...rest) => {
      if (packet.cmd === "puback") return cb?.();
      return sendPacket(packet, cb, ...rest);
    };
    /** Acknowledges the settled messages at the front of `w`, in arrival order. */
    const release = (w: AckWindow) => {
      while (w.entries[0]?.settled) {
        const { messageId } = w.entries.shift()!;
        if (messageId !== undefined && w.open && w === this.window) sendPacket({ cmd: "puback", messageId });
        w.waiting.shift()?.();
      }
      if (w.entries.length === 0 && w === this.window) this.drained?.();
    };
    client.handleMessage = (packet, callback) => {
      const receivedAt = performance.now();
      if (packet.cmd !== "publish") return callback();
      const w = this.window;
      // QoS 1 only: our subscriptions are QoS 1, so the broker never delivers QoS 2 (whose PUBCOMP mqtt.js would send).
      const entry = { messageId: packet.qos === 1 ? packet.messageId : undefined, settled: false };
      w.entries.push(entry);
      const payload = typeof packet.payload === "string" ? Buffer.from(packet.payload) : packet.payload;
      this.opts.onMessage(packet.topic, payload, receivedAt).then(
        () => {
          entry.settled = true;
          release(w);
        },
        (err: unknown) => {
          // Not acknowledged. Brokers redeliver unacknowledged QoS 1 messages only on a new
          // connection of the session, so drop this one; mqtt.js reconnects with backoff.
          log.error({ err: (err as Error)?.message ?? String(err), topic: packet.topic }, "message not stored; reconnecting for redelivery");
          if (w === this.window) this.closeWindow();
          client.stream?.destroy();
        },
      );
      // Take the next message now, unless the window is full (then when its front is acknowledged).
      if (w.entries.length < this.maxInFlight) callback();
      else w.waiting.push(() => callback());
    };
    let connects = 0;
    client.on("connect", (connack) => {
      this.window = { entries: [], waiting: [], open: true };
      // Re-subscribe on every reconnect, even with sessionPresent: a broker restored from
      // persistence may have lost a subscription (seen with Mosquitto 2 and shared subscriptions).
      if (connects++ > 0) client.subscribe(this.filters, { qos: 1 });
      this.backoff = MIN_BACKOFF_MS;
      client.options.reconnectPeriod = MIN_BACKOFF_MS;
      log.info({ url, clientId, sessionPresent: connack.sessionPresent }, "mqtt connected");
      this.opts.onState?.(true);
    });
    client.on("close", () => {
      this.closeWindow();
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

  private get maxInFlight(): number {
    return this.opts.maxInFlight ?? 1000;
  }

  /**
   * The connection is gone: nothing in its window is acknowledged any more (the broker
   * redelivers it on the next connection), and mqtt.js is let go of the old stream.
   */
  private closeWindow(): void {
    const w = this.window;
    if (!w.open) return;
    w.open = false;
    for (const resume of w.waiting.splice(0)) resume();
    this.drained?.();
  }

  /**
   * Disconnects cleanly, after acknowledging what is in flight (up to `drainMs`); the persistent
   * session keeps what arrives meanwhile, and redelivers anything not acknowledged.
   */
  async stop(drainMs = 5000): Promise<void> {
    if (!this.client) return;
    const w = this.window;
    if (w.open && w.entries.length > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, drainMs);
        this.drained = () => {
          if (this.window.entries.length > 0 && this.window.open) return;
          clearTimeout(timer);
          resolve();
        };
      });
      this.drained = undefined;
    }
    await this.client.endAsync();
    this.client = undefined;
  }
}
