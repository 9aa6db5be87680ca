/**
 * The raw readings API: a device's raw signed readings with their inclusion proofs, to its owner
 * only (the series is private: high-frequency readings tell when people are home).
 *
 *   GET  /v1/auth/nonce                       → { nonce, expiresAt, domain }   single use, 5 minutes;
 *        `domain`: what the message's domain must be (so a client behind a proxy, or an app whose
 *        host the operator named in PCX_SIWE_DOMAIN, signs for the right one)
 *   POST /v1/auth/siwe { message, signature } → { token, address, expiresAt }  15 minutes
 *        an EIP-4361 (Sign-In with Ethereum) message for this server's domain (PCX_SIWE_DOMAIN,
 *        else the request's Host) and chain, with a nonce from /v1/auth/nonce, issued within the
 *        nonce's lifetime, signed by its address (EOA, personal_sign)
 *   GET  /v1/devices/<address>/raw?from=<unix>&to=<unix>&cursor=<seq>&limit=<n>
 *        Authorization: Bearer <token>; only Registry.device(address).owner (checked on chain at
 *        every request). 401 without a valid token, 403 for anyone else (unknown devices too).
 *        Items in seq order (seq > cursor, timestamp in [from, to], limit ≤ 500, default 100);
 *        `nextCursor` is the last seq when the page is full.
 * Each item: the reading, its signature, digest, leaf and proof (sdk/raw-series.ts), and its
 * checkpoint: seq, root, count, fromSeq, the checkpoint's own reading, its status — "confirmed"
 * (tx hash; the root its checkpoint call committed), "pending" (signed, not yet on chain; also a raw
 * reading not yet summarised, checkpoint null), "rejected" (the chain refused the checkpoint) —
 * or status "uncommitted" for a reading that arrived after a newer checkpoint.
 */
import { randomBytes } from "node:crypto";
import { verifyMessage } from "viem";
import { generateSiweNonce, parseSiweMessage, validateSiweMessage } from "viem/siwe";
import { merkleProof, readingDigest, rawLeaf, type Hex } from "../sdk/raw-series.js";
import type { TypedDataDomain } from "../sdk/typed-data.js";
import type { ApiRequest, ApiResponse } from "./http.js";
import type { Outbox, OutboxReading } from "./outbox.js";

export const NONCE_TTL_MS = 5 * 60_000;
export const TOKEN_TTL_MS = 15 * 60_000;
const MAX_OPEN_NONCES = 10_000;

type AuthResult = { ok: true; token: string; address: string; expiresAt: number } | { ok: false; status: number; error: string };

/** Nonces and bearer tokens of Sign-In with Ethereum, in memory (a restart signs everyone out). */
export class SiweSessions {
  private readonly nonces = new Map<string, number>();
  private readonly tokens = new Map<string, { address: string; expiresAt: number }>();

  constructor(private readonly opts: { chainId: bigint; now?: () => number; nonceTtlMs?: number; tokenTtlMs?: number }) {}

  private now() {
    return this.opts.now?.() ?? Date.now();
  }

  private sweep(now: number) {
    for (const [n, exp] of this.nonces) if (exp <= now) this.nonces.delete(n);
    for (const [t, s] of this.tokens) if (s.expiresAt <= now) this.tokens.delete(t);
  }

  issueNonce(): { nonce: string; expiresAt: number } {
    const now = this.now();
    if (this.nonces.size >= MAX_OPEN_NONCES) this.sweep(now);
    if (this.nonces.size >= MAX_OPEN_NONCES) throw new Error("too many open sign-ins");
    const nonce = generateSiweNonce();
    const expiresAt = now + (this.opts.nonceTtlMs ?? NONCE_TTL_MS);
    this.nonces.set(nonce, expiresAt);
    return { nonce, expiresAt };
  }

  /** Checks a signed SIWE message; the nonce is spent whatever the outcome. */
  async signIn(message: unknown, signature: unknown, domain: string): Promise<AuthResult> {
    if (typeof message !== "string" || typeof signature !== "string" || !/^0x[0-9a-fA-F]+$/.test(signature)) {
      return { ok: false, status: 400, error: "body must be { message: string, signature: 0x… }" };
    }
    const now = this.now();
    const fields = parseSiweMessage(message);
    if (!fields.address || !fields.nonce || !fields.domain || !fields.issuedAt || fields.chainId === undefined) {
      return { ok: false, status: 400, error: "not an EIP-4361 message with address, domain, nonce, chain id and issued-at" };
    }
    const expires = this.nonces.get(fields.nonce);
    this.nonces.delete(fields.nonce);
    if (expires === undefined) return { ok: false, status: 401, error: "unknown or already used nonce (get one from /v1/auth/nonce)" };
    if (expires <= now) return { ok: false, status: 401, error: "nonce expired" };
    if (fields.domain !== domain) return { ok: false, status: 401, error: `message is for domain ${fields.domain}, not ${domain}` };
    if (BigInt(fields.chainId) !== this.opts.chainId) return { ok: false, status: 401, error: `message is for chain ${fields.chainId}, not ${this.opts.chainId}` };
    const issued = fields.issuedAt.getTime();
    if (Number.isNaN(issued) || issued > now + 60_000 || now - issued > (this.opts.nonceTtlMs ?? NONCE_TTL_MS)) {
      return { ok: false, status: 401, error: "message issued-at outside the nonce's lifetime" };
    }
    if (!validateSiweMessage({ message: fields, domain, nonce: fields.nonce, time: new Date(now) })) {
      return { ok: false, status: 401, error: "message expired, not yet valid or malformed" };
    }
    const valid = await verifyMessage({ address: fields.address, message, signature: signature as Hex }).catch(() => false);
    if (!valid) return { ok: false, status: 401, error: "signature is not the message address's" };
    const token = randomBytes(32).toString("hex");
    const expiresAt = now + (this.opts.tokenTtlMs ?? TOKEN_TTL_MS);
    this.tokens.set(token, { address: fields.address.toLowerCase(), expiresAt });
    return { ok: true, token, address: fields.address.toLowerCase(), expiresAt };
  }

  /** The signed-in address of an `Authorization: Bearer <token>` header, or undefined. */
  addressOf(authorization: string | undefined): string | undefined {
    const m = /^Bearer ([0-9a-f]{64})$/.exec(authorization ?? "");
    if (!m) return undefined;
    const s = this.tokens.get(m[1]!);
    if (!s) return undefined;
    if (s.expiresAt <= this.now()) {
      this.tokens.delete(m[1]!);
      return undefined;
    }
    return s.address;
  }
}

const DEVICE_RAW = /^\/v1\/devices\/(0x[0-9a-fA-F]{40})\/raw$/;
const MAX_LIMIT = 500;
const UINT = /^\d{1,19}$/;

function readingJson(r: OutboxReading) {
  return {
    device: r.reading.device,
    seq: r.reading.seq.toString(),
    timestamp: r.reading.timestamp.toString(),
    cumulative: r.reading.cumulative.toString(),
  };
}

export function rawRoutes(deps: {
  sessions: SiweSessions;
  outbox: Outbox;
  domain: TypedDataDomain;
  /** Registry.device(d).owner, read from the chain. */
  ownerOf: (device: string) => Promise<string>;
  /** The SIWE domain; undefined → the request's Host header. */
  siweDomain?: string;
}) {
  const { sessions, outbox, domain } = deps;
  return async (method: string, path: string, req: ApiRequest): Promise<ApiResponse | undefined> => {
    if (path === "/v1/auth/nonce") {
      if (method !== "GET") return { status: 405, body: { error: "GET only" } };
      return { status: 200, body: { ...sessions.issueNonce(), domain: deps.siweDomain ?? req.headers.host ?? "" } };
    }
    if (path === "/v1/auth/siwe") {
      if (method !== "POST") return { status: 405, body: { error: "POST only" } };
      let body: { message?: unknown; signature?: unknown };
      try {
        body = JSON.parse(req.body) as typeof body;
      } catch {
        return { status: 400, body: { error: "body is not JSON" } };
      }
      const host = deps.siweDomain ?? req.headers.host ?? "";
      const result = await sessions.signIn(body?.message, body?.signature, host);
      if (!result.ok) return { status: result.status, body: { error: result.error } };
      return { status: 200, body: { token: result.token, address: result.address, expiresAt: result.expiresAt } };
    }
    const m = DEVICE_RAW.exec(path);
    if (!m) return undefined;
    if (method !== "GET") return { status: 405, body: { error: "GET only" } };
    const caller = sessions.addressOf(req.headers.authorization);
    if (!caller) return { status: 401, body: { error: "sign in first: GET /v1/auth/nonce, POST /v1/auth/siwe, then Authorization: Bearer <token>" } };
    const device = m[1]!.toLowerCase();
    const owner = (await deps.ownerOf(device)).toLowerCase();
    if (owner !== caller) return { status: 403, body: { error: "only the device's owner may read its raw readings" } };
    const q = req.query;
    for (const k of ["from", "to", "cursor", "limit"]) {
      const v = q.get(k);
      if (v !== null && !UINT.test(v)) return { status: 400, body: { error: `${k} must be a non-negative integer` } };
    }
    const from = BigInt(q.get("from") ?? "0");
    const to = BigInt(q.get("to") ?? String(2n ** 63n - 1n));
    const cursor = BigInt(q.get("cursor") ?? "0");
    const limit = Math.min(Number(q.get("limit") ?? "100"), MAX_LIMIT);
    if (limit < 1) return { status: 400, body: { error: "limit must be at least 1" } };
    const rows = outbox.rawRange(device, from, to, cursor, limit);
    const trees = new Map<string, { leaves: Hex[]; seqs: bigint[]; checkpoint: OutboxReading }>();
    const items = rows.map((r) => {
      const digest = readingDigest(domain, r.reading);
      const leaf = rawLeaf(digest, r.signature);
      const base = { ...readingJson(r), signature: r.signature, digest, leaf };
      if (r.checkpointSeq === null) {
        return { ...base, proof: null, checkpoint: null, status: r.status === "held" ? "pending" : "uncommitted" };
      }
      const key = r.checkpointSeq.toString();
      let tree = trees.get(key);
      if (!tree) {
        const series = outbox.series(device, r.checkpointSeq);
        tree = {
          leaves: series.map((s) => rawLeaf(readingDigest(domain, s.reading), s.signature)),
          seqs: series.map((s) => s.reading.seq),
          checkpoint: series.find((s) => s.reading.seq === r.checkpointSeq)!,
        };
        trees.set(key, tree);
      }
      const cp = tree.checkpoint;
      const index = tree.seqs.indexOf(r.reading.seq);
      const status =
        cp.status === "accepted" && cp.committedRoot !== null && cp.committedRoot === cp.commitment?.root.toLowerCase() ? "confirmed" : cp.status === "queued" || cp.status === "sent" ? "pending" : "rejected";
      return {
        ...base,
        index,
        proof: merkleProof(tree.leaves, index),
        checkpoint: {
          ...readingJson(cp),
          root: cp.commitment?.root ?? null,
          count: cp.commitment?.count ?? null,
          fromSeq: cp.commitment?.fromSeq.toString() ?? null,
          reason: cp.checkpointReason,
          status,
          outcome: cp.outcome,
          txHash: status === "confirmed" ? cp.txHash : null,
        },
        status,
      };
    });
    const nextCursor = rows.length === limit ? rows.at(-1)!.reading.seq.toString() : null;
    return { status: 200, body: { device, owner, chainId: domain.chainId.toString(), oracle: domain.verifyingContract, items, nextCursor } };
  };
}
