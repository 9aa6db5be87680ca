/**
 * Who may do what on the embedded broker (the same rules oracle/mosquitto/acl states for
 * Mosquitto):
 *   - a device publishes only to topics matching its own patterns, and subscribes only to
 *     filters inside them (so never to another meter's topics, nor to `tele/+/SENSOR`);
 *   - the oracle subscribes to anything and publishes nothing;
 *   - a device's client id must equal its username, so no client can take over another's
 *     session, and the reserved (oracle) client ids are usable by oracle credentials only.
 */
import type { BrokerUser } from "./broker-auth.js";

export type RefusalReason =
  | "anonymous"
  | "bad_credentials"
  | "client_id"
  | "publish_denied"
  | "subscribe_denied"
  | "forward_denied"
  | "revoked";

/** True if `topic` (no wildcards) matches the MQTT filter `filter`. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split("/");
  const t = topic.split("/");
  // [MQTT-4.7.2-1] wildcards at the first level do not match `$` topics.
  if (topic.startsWith("$") && (f[0] === "+" || f[0] === "#")) return false;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === "#") return true;
    if (i >= t.length) return false;
    if (f[i] !== "+" && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** True if every topic matching filter `inner` also matches filter `outer`. */
export function filterCovered(outer: string, inner: string): boolean {
  const o = outer.split("/");
  const n = inner.split("/");
  for (let i = 0; i < o.length; i++) {
    if (o[i] === "#") return true;
    if (i >= n.length) return false;
    if (n[i] === "#") return false;
    if (o[i] === "+") continue;
    if (n[i] === "+" || n[i] !== o[i]) return false;
  }
  return o.length === n.length;
}

export class BrokerPolicy {
  private readonly reserved: ReadonlySet<string>;

  /** `reservedClientIds`: client ids only oracle credentials may use (the oracle's own). */
  constructor(reservedClientIds: readonly string[]) {
    this.reserved = new Set(reservedClientIds);
  }

  clientIdAllowed(user: BrokerUser, clientId: string): boolean {
    if (user.role === "oracle") return true;
    return clientId === user.username && !this.reserved.has(clientId);
  }

  mayPublish(user: BrokerUser, topic: string): boolean {
    return user.role === "device" && user.topics.some((p) => topicMatches(p, topic));
  }

  maySubscribe(user: BrokerUser, filter: string): boolean {
    if (user.role === "oracle") return true;
    if (filter.startsWith("$")) return false; // no $share / $SYS for devices
    return user.topics.some((p) => filterCovered(p, filter));
  }

  /** Defence in depth for subscriptions restored from a session: deliver only what it may read. */
  mayReceive(user: BrokerUser, topic: string): boolean {
    return user.role === "oracle" || user.topics.some((p) => topicMatches(p, topic));
  }
}
