/**
 * Signing in to the oracle's raw readings API (oracle/raw-api.ts) from the browser, and its
 * authorised GETs. Sign-In with Ethereum (EIP-4361): a nonce from `GET /v1/auth/nonce`, a message
 * for the oracle's own domain (its host: the oracle compares it with the request's Host header
 * unless PCX_SIWE_DOMAIN is set) and the wallet's chain, signed with personal_sign, exchanged at
 * `POST /v1/auth/siwe` for a bearer token. The token is kept in memory, per address, until it
 * expires or the oracle answers 401 (a restart of the oracle signs everyone out); only then is a
 * new signature needed. Nothing here asks the wallet on its own: only `signIn` does, and the page
 * calls it when the person asks.
 *
 * Every failure is an `OracleError` whose `problem` the page turns into a sentence.
 */
import { getAddress, type Address, type Hex } from "viem";
import { createSiweMessage } from "viem/siwe";

export type OracleProblem =
  /** No answer, a timeout, or a server error. */
  | "unreachable"
  /** The person declined the signature in the wallet. */
  | "declined"
  /** The oracle refused the signed message (wrong domain or chain, expired nonce). */
  | "signInRejected"
  /** No token, or the oracle no longer knows it (expired, oracle restarted): sign in again. */
  | "signInNeeded"
  /** The oracle serves a device's raw readings to its owner only. */
  | "notOwner";

export class OracleError extends Error {
  constructor(
    readonly problem: OracleProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "OracleError";
  }
}

export const isOracleProblem = (error: unknown, problem: OracleProblem) => error instanceof OracleError && error.problem === problem;

/** What the message says the signature is for (EIP-4361 allows ASCII only there: it is protocol text). */
export const SIWE_STATEMENT = "Show my meters' raw signed readings in PCX.";
const TIMEOUT_MS = 10_000;
/** A token this close to its expiry is not used any more: the request could outlive it. */
const EXPIRY_MARGIN_MS = 30_000;

/** A declined request, as EIP-1193 wallets and viem report it (code 4001, anywhere in the cause chain). */
export function declinedInWallet(error: unknown): boolean {
  for (let e = error as { code?: unknown; name?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 10; e = e.cause as typeof e, depth++) {
    if (e.code === 4001 || e.name === "UserRejectedRequestError") return true;
  }
  return false;
}

export interface OracleSessionOptions {
  /** Defaults to the global fetch. */
  fetcher?: typeof fetch;
  /** Wall clock in ms (tests). */
  now?: () => number;
}

export class OracleSession {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();
  private readonly fetcher: typeof fetch;
  private readonly now: () => number;

  constructor(
    readonly url: string,
    opts: OracleSessionOptions = {},
  ) {
    const f = opts.fetcher;
    // Called as a plain function: window.fetch refuses any other `this`.
    this.fetcher = f ? (input, init) => f(input, init) : (input, init) => fetch(input, init);
    this.now = opts.now ?? Date.now;
  }

  /** Whether `address` holds a token that is still good. */
  signedIn(address: string): boolean {
    return this.tokenOf(address) !== undefined;
  }

  forget(address: string): void {
    this.tokens.delete(address.toLowerCase());
  }

  private tokenOf(address: string): string | undefined {
    const t = this.tokens.get(address.toLowerCase());
    if (!t) return undefined;
    if (t.expiresAt - EXPIRY_MARGIN_MS <= this.now()) {
      this.forget(address);
      return undefined;
    }
    return t.token;
  }

  private async send(path: string, init: RequestInit = {}): Promise<Response> {
    try {
      return await this.fetcher(new URL(path, this.url), { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (cause) {
      throw new OracleError("unreachable", `the oracle at ${this.url} did not answer`, { cause });
    }
  }

  private async json<T>(res: Response): Promise<T> {
    try {
      return (await res.json()) as T;
    } catch (cause) {
      throw new OracleError("unreachable", `the oracle's answer (${res.status}) is not JSON`, { cause });
    }
  }

  /**
   * Signs `address` in: one personal_sign in the wallet (`sign`), then the token is kept.
   * `chainId`: the chain the oracle serves (its EmissionOracle's).
   */
  async signIn(address: Address, chainId: number, sign: (message: string) => Promise<Hex>): Promise<void> {
    const nonceRes = await this.send("/v1/auth/nonce");
    if (!nonceRes.ok) throw new OracleError("unreachable", `the oracle answered ${nonceRes.status} for a nonce`);
    const { nonce, domain } = await this.json<{ nonce: string; domain?: string }>(nonceRes);
    const oracle = new URL(this.url);
    const message = createSiweMessage({
      address: getAddress(address),
      chainId,
      // the domain the oracle checks (PCX_SIWE_DOMAIN, else its host); older oracles: their host
      domain: domain || oracle.host,
      nonce,
      uri: oracle.origin,
      version: "1",
      issuedAt: new Date(this.now()),
      statement: SIWE_STATEMENT,
    });
    let signature: Hex;
    try {
      signature = await sign(message);
    } catch (cause) {
      if (declinedInWallet(cause)) throw new OracleError("declined", "the sign-in was declined in the wallet", { cause });
      throw cause;
    }
    const res = await this.send("/v1/auth/siwe", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ message, signature }) });
    const body = await this.json<{ token?: string; expiresAt?: number; error?: string }>(res);
    if (res.status >= 500) throw new OracleError("unreachable", `the oracle answered ${res.status} to the sign-in`);
    if (!res.ok || !body.token || typeof body.expiresAt !== "number") throw new OracleError("signInRejected", body.error ?? `sign-in refused (${res.status})`);
    this.tokens.set(address.toLowerCase(), { token: body.token, expiresAt: body.expiresAt });
  }

  /** An authorised GET as `address`: 401 forgets the token (sign in again), 403 is "not the owner". */
  async get<T>(address: string, path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    const token = this.tokenOf(address);
    if (!token) throw new OracleError("signInNeeded", "not signed in to the oracle");
    const qs = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString();
    const res = await this.send(qs ? `${path}?${qs}` : path, { headers: { authorization: `Bearer ${token}` } });
    if (res.status === 401) {
      this.forget(address);
      throw new OracleError("signInNeeded", "the oracle no longer knows this sign-in");
    }
    if (res.status === 403) throw new OracleError("notOwner", "only the device's owner may read its raw readings");
    if (!res.ok) throw new OracleError("unreachable", `the oracle answered ${res.status}`);
    return this.json<T>(res);
  }
}
