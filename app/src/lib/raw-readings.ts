/**
 * The oracle's raw readings API from the browser (oracle/raw-api.ts): Sign-In with Ethereum with
 * the connected wallet, one page of a device's raw readings, and the check of each reading
 * against its checkpoint's committed root — the same rule as the oracle and the audit CLI
 * (sdk/raw-series.ts): the device signed it, and its leaf and proof lead to the root.
 * The oracle must allow the app's origin (PCX_API_CORS_ORIGIN).
 */
import { createSiweMessage } from "viem/siwe";
import type { Address, Hex } from "viem";
import { processProof, rawLeaf, readingDigest, readingSigner } from "@sdk/raw-series";
import type { TypedDataDomain } from "@sdk/typed-data";

export interface RawItem {
  device: Address;
  seq: string;
  timestamp: string;
  cumulative: string;
  signature: { r: Hex; vs: Hex };
  leaf: Hex;
  proof: Hex[] | null;
  status: "confirmed" | "pending" | "rejected" | "uncommitted";
  checkpoint: { seq: string; root: Hex | null; count: number | null; fromSeq: string | null; status: string; txHash: Hex | null } | null;
}

export interface RawPage {
  device: Address;
  owner: Address;
  items: RawItem[];
  nextCursor: string | null;
}

/** The EIP-4361 message the oracle at `oracleUrl` accepts for `address` on `chainId`. */
export function siweMessageFor(oracleUrl: string, address: Address, chainId: number, nonce: string, now = new Date()): string {
  const url = new URL(oracleUrl);
  return createSiweMessage({
    address,
    chainId,
    domain: url.host,
    nonce,
    uri: url.origin,
    version: "1",
    issuedAt: now,
    statement: "Read my meters' raw readings from the PCX oracle",
  });
}

/** Signs in with `signMessage` (the wallet's personal_sign); returns the bearer token. */
export async function signInToOracle(
  oracleUrl: string,
  address: Address,
  chainId: number,
  signMessage: (message: string) => Promise<Hex>,
  fetcher: typeof fetch = fetch,
): Promise<string> {
  const { nonce } = (await (await fetcher(new URL("/v1/auth/nonce", oracleUrl))).json()) as { nonce: string };
  const message = siweMessageFor(oracleUrl, address, chainId, nonce);
  const signature = await signMessage(message);
  const res = await fetcher(new URL("/v1/auth/siwe", oracleUrl), { method: "POST", body: JSON.stringify({ message, signature }) });
  const body = (await res.json()) as { token?: string; error?: string };
  if (!res.ok || !body.token) throw new Error(body.error ?? `sign-in refused (${res.status})`);
  return body.token;
}

/** One page of `device`'s raw readings (owner only). */
export async function fetchRawPage(
  oracleUrl: string,
  token: string,
  device: Address,
  query: { from?: number; to?: number; cursor?: string; limit?: number } = {},
  fetcher: typeof fetch = fetch,
): Promise<RawPage> {
  const url = new URL(`/v1/devices/${device}/raw`, oracleUrl);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
  const res = await fetcher(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status === 401) throw new Error("not signed in");
  if (res.status === 403) throw new Error("only the device's owner may read its raw readings");
  if (!res.ok) throw new Error(`oracle answered ${res.status}`);
  return (await res.json()) as RawPage;
}

export type RawCheck = "valid" | "bad_signature" | "not_committed" | "proof_mismatch";

/**
 * Checks one raw reading: signed by its device in `domain`, and (with `committedRoot`, the root
 * of its checkpoint's RawSeriesCommitted event read from the chain) its leaf and proof lead to it.
 */
export async function checkRawItem(item: RawItem, domain: TypedDataDomain, committedRoot: Hex | undefined): Promise<RawCheck> {
  const reading = { device: item.device, seq: BigInt(item.seq), timestamp: BigInt(item.timestamp), cumulative: BigInt(item.cumulative) };
  const signer = await readingSigner(domain, reading, item.signature).catch(() => "");
  if (signer.toLowerCase() !== item.device.toLowerCase()) return "bad_signature";
  if (!committedRoot || !item.proof) return "not_committed";
  const leaf = rawLeaf(readingDigest(domain, reading), item.signature);
  return processProof(leaf, item.proof) === committedRoot.toLowerCase() ? "valid" : "proof_mismatch";
}
