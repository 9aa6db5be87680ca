/**
 * The embedded MQTT broker (Aedes, MQTT 3.1.1) the oracle starts when no MQTT_URL is given:
 * the default for local use. Sessions and QoS 1 queues live in memory for the broker's lifetime.
 *
 * It listens on 127.0.0.1 unless told otherwise (PCX_MQTT_HOST), over TLS when given a
 * certificate, and authenticates and authorises every client against the credential store
 * (broker-auth.ts) with the rules of broker-acl.ts. Every refusal is logged and counted
 * (`pcx_mqtt_auth_refusals_total{reason}`).
 */
import { createServer, type AddressInfo, type Server } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { readFileSync } from "node:fs";
import { Aedes, type AuthenticateError, type Client } from "aedes";
import type { Counter } from "prom-client";
import type { Logger } from "pino";
import { BrokerPolicy, type RefusalReason } from "./broker-acl.js";
import type { BrokerUser, CredentialStore } from "./broker-auth.js";

export interface EmbeddedBrokerOptions {
  port: number;
  /** Listen address; default 127.0.0.1 (loopback only). */
  host?: string;
  credentials: CredentialStore;
  /** Client ids only an oracle credential may use (the oracle's own). */
  reservedClientIds?: readonly string[];
  /** PEM files: with both, the broker speaks MQTT over TLS only. */
  tls?: { cert: string; key: string };
  log: Logger;
  refusals?: Counter<"reason">;
}

export interface EmbeddedBroker {
  port: number;
  /** Where the server listens (server.address()). */
  address: AddressInfo;
  /** A URL to reach it from this host (mqtts:// with TLS). */
  url: string;
  tls: boolean;
  /** The broker itself (its events, e.g. `ack` when a subscriber acknowledges a QoS 1 message). */
  aedes: Aedes;
  close(): Promise<void>;
}

function authError(returnCode: 2 | 4 | 5, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

/** Wires authentication and authorisation hooks onto a broker. */
function guard(aedes: Aedes, opts: EmbeddedBrokerOptions): void {
  const { credentials, log } = opts;
  const policy = new BrokerPolicy(opts.reservedClientIds ?? []);
  const users = new WeakMap<Client, string>();
  const refuse = (reason: RefusalReason, fields: Record<string, unknown>) => {
    opts.refusals?.inc({ reason });
    log.warn({ reason, ...fields }, "mqtt refused");
  };
  /** The client's current credential: a revoked one is gone, a changed one applies at once. */
  const current = (client: Client): BrokerUser | undefined => {
    const name = users.get(client);
    return name === undefined ? undefined : credentials.lookup(name);
  };
  const peer = (client: Client) => (client.conn as { remoteAddress?: string } | undefined)?.remoteAddress;

  aedes.authenticate = (client, username, password, done) => {
    const clientId = client.id;
    if (!username) {
      refuse("anonymous", { clientId, peer: peer(client) });
      return done(authError(5, "not authorized"), false);
    }
    credentials.verify(username, password ?? Buffer.alloc(0)).then(
      (user) => {
        if (!user) {
          refuse("bad_credentials", { clientId, username, peer: peer(client) });
          return done(authError(4, "bad user name or password"), false);
        }
        if (!policy.clientIdAllowed(user, clientId)) {
          refuse("client_id", { clientId, username, peer: peer(client) });
          return done(authError(2, "identifier rejected"), false);
        }
        users.set(client, user.username);
        done(null, true);
      },
      (err: unknown) => {
        log.error({ err: (err as Error).message }, "mqtt credential check failed");
        done(authError(5, "not authorized"), false);
      },
    );
  };

  aedes.authorizePublish = (client, packet, done) => {
    if (!client) return done(null); // the broker's own ($SYS)
    const user = current(client);
    if (!user) {
      refuse("revoked", { clientId: client.id, topic: packet.topic });
      return done(new Error("credential revoked"));
    }
    if (!policy.mayPublish(user, packet.topic)) {
      refuse("publish_denied", { clientId: client.id, username: user.username, topic: packet.topic });
      return done(new Error("publish not authorised")); // Aedes drops it and disconnects the client
    }
    done(null);
  };

  aedes.authorizeSubscribe = (client, sub, done) => {
    const user = current(client);
    if (!user || !policy.maySubscribe(user, sub.topic)) {
      refuse(user ? "subscribe_denied" : "revoked", { clientId: client.id, username: user?.username, filter: sub.topic });
      return done(null, null); // SUBACK 0x80
    }
    done(null, sub);
  };

  aedes.authorizeForward = (client, packet) => {
    const user = current(client);
    if (user && policy.mayReceive(user, packet.topic)) return packet;
    if (!packet.topic.startsWith("$SYS/")) refuse("forward_denied", { clientId: client.id, topic: packet.topic });
    return null;
  };
}

export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const host = opts.host ?? "127.0.0.1";
  const aedes = await Aedes.createBroker();
  guard(aedes, opts);
  const tls = opts.tls ? { cert: readFileSync(opts.tls.cert), key: readFileSync(opts.tls.key) } : undefined;
  const server: Server = tls ? createTlsServer(tls, aedes.handle) : createServer(aedes.handle);
  if (tls) server.on("tlsClientError", (err) => opts.log.warn({ err: err.message, reason: "tls" }, "mqtt refused (TLS handshake)"));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const wildcard = host === "0.0.0.0" || host === "::";
  const urlHost = wildcard ? "127.0.0.1" : address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    port: address.port,
    address,
    url: `${tls ? "mqtts" : "mqtt"}://${urlHost}:${address.port}`,
    tls: Boolean(tls),
    aedes,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        aedes.close();
        // Open client sockets keep the server alive; drop them.
        server.unref();
      }),
  };
}
