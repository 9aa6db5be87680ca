/**
 * The newest signed readings of a household's meters, for the dashboard: the last day of each
 * device's raw readings from the oracle (`GET /v1/devices/<address>/raw`, owner only, through an
 * `OracleSession`), every reading shown checked here first — its EIP-712 signature (the sdk's
 * READING_TYPES, in the EmissionOracle domain of the app's own deployment, never the one the
 * oracle names) must recover to the device's address. Per device: the newest readings whose
 * checkpoint is not final on chain yet ("pending": signed, not yet on chain) and the newest one
 * whose checkpoint is ("confirmed"). A reading that does not verify is never shown as the
 * device's: it is counted, and the page says how many there were.
 */
import { compactSignatureToSignature, getAddress, isAddressEqual, recoverTypedDataAddress, type Address, type Hex } from "viem";
import { READING_TYPES, type TypedDataDomain } from "@sdk/typed-data";
import { isOracleProblem, type OracleSession } from "./oracle-session";

export type RawStatus = "confirmed" | "pending" | "rejected" | "uncommitted";

/** One item of the raw readings API, as far as the app reads it (oracle/raw-api.ts). */
export interface RawItem {
  device: string;
  seq: string;
  timestamp: string;
  cumulative: string;
  signature: { r: Hex; vs: Hex };
  status: RawStatus;
}

interface RawPage {
  items: RawItem[];
  nextCursor: string | null;
}

export interface ShownReading {
  seq: bigint;
  /** The device's own time (unix seconds). */
  timestamp: bigint;
  /** The register (base units of the device's kind). */
  cumulative: bigint;
  /** The register's rise since the reading before it, when that one is known and verified too. */
  delta: bigint | undefined;
  onChain: boolean;
}

export interface DeviceReadings {
  device: Address;
  /** Newest first, at most MAX_PENDING_SHOWN. */
  pending: ShownReading[];
  confirmed: ShownReading | undefined;
  /** Readings the oracle served for this device whose signature is not the device's. */
  unverified: number;
  /** The oracle would not show this device's readings to the signed-in account. */
  refused: boolean;
}

/** How far back the panel looks. */
export const WINDOW_S = 86_400;
export const MAX_PENDING_SHOWN = 3;
const PAGE_LIMIT = 500;
/** 10 pages of 500: a reading every ≈ 17 s for a day. Past that the day's newest are not reached. */
const MAX_PAGES = 10;

/** Whether `item` is a reading of `device` signed by the device's key in `domain`. */
export async function signedByDevice(domain: TypedDataDomain, device: Address, item: RawItem): Promise<boolean> {
  try {
    const signer = await recoverTypedDataAddress({
      domain: { ...domain, chainId: Number(domain.chainId) },
      types: READING_TYPES,
      primaryType: "Reading",
      // The device is the one asked for, not the item's word: a reading of another device fails.
      message: { device, seq: BigInt(item.seq), timestamp: BigInt(item.timestamp), cumulative: BigInt(item.cumulative) },
      signature: compactSignatureToSignature({ r: item.signature.r, yParityAndS: item.signature.vs }),
    });
    return isAddressEqual(signer, device);
  } catch {
    return false; // not numbers, not a signature
  }
}

/** Every raw reading of `device` since `fromS`, in seq order (the newest last). */
export async function fetchRawReadings(session: OracleSession, owner: Address, device: Address, fromS: number): Promise<RawItem[]> {
  const items: RawItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = await session.get<RawPage>(owner, `/v1/devices/${device}/raw`, { from: fromS, limit: PAGE_LIMIT, cursor });
    items.push(...body.items);
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  return items;
}

/** What to show of one device's raw readings (any order), each shown one verified in `domain`. */
export async function latestOf(domain: TypedDataDomain, device: Address, raw: readonly RawItem[]): Promise<DeviceReadings> {
  const items = [...raw].filter((i) => /^\d+$/.test(i.seq)).sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
  const checked = new Map<number, boolean>();
  const verified = async (i: number) => {
    let ok = checked.get(i);
    if (ok === undefined) checked.set(i, (ok = await signedByDevice(domain, device, items[i]!)));
    return ok;
  };
  const shown = async (i: number): Promise<ShownReading> => {
    const item = items[i]!;
    const seq = BigInt(item.seq);
    const before = items[i - 1];
    const delta = before && BigInt(before.seq) === seq - 1n && (await verified(i - 1)) ? BigInt(item.cumulative) - BigInt(before.cumulative) : undefined;
    return { seq, timestamp: BigInt(item.timestamp), cumulative: BigInt(item.cumulative), delta, onChain: item.status === "confirmed" };
  };
  const pending: ShownReading[] = [];
  let confirmed: ShownReading | undefined;
  for (let i = items.length - 1; i >= 0 && !confirmed; i--) {
    const status = items[i]!.status;
    if (status === "pending" && pending.length >= MAX_PENDING_SHOWN) continue;
    if (status !== "pending" && status !== "confirmed") continue;
    if (!(await verified(i))) continue;
    if (status === "pending") pending.push(await shown(i));
    else confirmed = await shown(i);
  }
  const unverified = [...checked.values()].filter((ok) => !ok).length;
  return { device, pending, confirmed, unverified, refused: false };
}

/**
 * The newest signed readings of each of `devices` (owned by `owner`, who must be signed in to
 * `session`), from the last WINDOW_S before `nowS`. Fails as a whole when the oracle cannot be
 * reached or the sign-in is gone (OracleError); a device the oracle refuses to this account
 * comes back `refused`.
 */
export async function latestSignedReadings(session: OracleSession, owner: Address, devices: readonly Address[], domain: TypedDataDomain, nowS: number): Promise<DeviceReadings[]> {
  return Promise.all(
    devices.map(async (d) => {
      const device = getAddress(d);
      try {
        return await latestOf(domain, device, await fetchRawReadings(session, owner, device, Math.max(0, nowS - WINDOW_S)));
      } catch (error) {
        if (isOracleProblem(error, "notOwner")) return { device, pending: [], confirmed: undefined, unverified: 0, refused: true };
        throw error;
      }
    }),
  );
}
