/**
 * The result of an audit: a list of checks, each one figure rebuilt from events (expected)
 * against what the chain says (actual, a view function or another event).
 */
export type Domain = "token" | "registry" | "emissions" | "budget" | "orderbook" | "indexer";

export interface Check {
  domain: Domain;
  /** Which figure, e.g. "balanceOf", "emissionsOf", "ReadingAccepted.kgCO2e". */
  figure: string;
  /** Which account / period / order / reading it is about. */
  subject: string;
  expected: string;
  actual: string;
  ok: boolean;
}

/** Collects checks; `equal` and `atMost` compare bigints, booleans or strings. */
export class CheckList {
  readonly checks: Check[] = [];

  equal(domain: Domain, figure: string, subject: string, expected: bigint | boolean | string, actual: bigint | boolean | string): void {
    const e = normalise(expected);
    const a = normalise(actual);
    this.checks.push({ domain, figure, subject, expected: e, actual: a, ok: e === a });
  }

  /** `actual ≤ limit` (e.g. rewards paid within the budget). */
  atMost(domain: Domain, figure: string, subject: string, limit: bigint, actual: bigint): void {
    this.checks.push({ domain, figure, subject, expected: `<= ${limit}`, actual: actual.toString(), ok: actual <= limit });
  }

  get mismatches(): Check[] {
    return this.checks.filter((c) => !c.ok);
  }
}

function normalise(v: bigint | boolean | string): string {
  return typeof v === "string" ? (/^0x[0-9a-fA-F]{40}$/.test(v) ? v.toLowerCase() : v) : v.toString();
}

/** Adds `amount` to the bigint at `key`. */
export function addTo<K>(map: Map<K, bigint>, key: K, amount: bigint): void {
  map.set(key, (map.get(key) ?? 0n) + amount);
}

/** "0xabc…/p12" style key for (account, period) maps. */
export function accountPeriodKey(account: string, period: bigint | number): string {
  return `${account.toLowerCase()}/${period}`;
}

export function splitAccountPeriod(key: string): [string, number] {
  const [a, p] = key.split("/");
  return [a!, Number(p)];
}
