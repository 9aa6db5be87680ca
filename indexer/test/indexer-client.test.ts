/**
 * sdk/indexer-client.ts without a server: the URLs it asks for, paging through nextCursor, errors
 * as IndexerError with the server's sentence, and ord → block / log index.
 */
import { describe, expect, it } from "vitest";
import { IndexerError, indexerClient, ordParts } from "../../sdk/indexer-client.js";

function fakeFetch(pages: Record<string, unknown>, seen: string[]): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input);
    seen.push(url);
    const path = url.replace("http://ix.test", "");
    if (!(path in pages)) return new Response(JSON.stringify({ error: "limit must be an integer 1..500" }), { status: 400 });
    return new Response(JSON.stringify(pages[path]), { status: 200 });
  }) as typeof fetch;
}

describe("indexer client", () => {
  it("builds query strings and walks every page", async () => {
    const seen: string[] = [];
    const ix = indexerClient("http://ix.test/", fakeFetch({
      "/api/trades?limit=2&dir=asc": { items: [{ id: "a" }, { id: "b" }], nextCursor: "200001" },
      "/api/trades?limit=2&dir=asc&cursor=200001": { items: [{ id: "c" }], nextCursor: null },
    }, seen));
    const all = await ix.collect(ix.trades, { limit: 2, dir: "asc" });
    expect(all.map((t) => t.id)).toEqual(["a", "b", "c"]);
    expect(seen).toEqual(["http://ix.test/api/trades?limit=2&dir=asc", "http://ix.test/api/trades?limit=2&dir=asc&cursor=200001"]);
  });

  it("asks per-account and per-device paths with their filters", async () => {
    const seen: string[] = [];
    const a = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
    const ix = indexerClient("http://ix.test", fakeFetch({
      [`/api/accounts/${a}/trail?limit=5`]: { items: [], nextCursor: null },
      [`/api/devices/${a}/days?from=20000&to=20010`]: { items: [], nextCursor: null },
      "/api/candles?interval=1m&from=60": { items: [], nextCursor: null },
    }, seen));
    await ix.trail(a, { limit: 5 });
    await ix.deviceDays(a, { from: 20000, to: 20010 });
    await ix.candles({ interval: "1m", from: 60 });
    expect(seen).toHaveLength(3);
  });

  it("turns an error answer into an IndexerError with the server's reason", async () => {
    const ix = indexerClient("http://ix.test", fakeFetch({}, []));
    const err = await ix.events({ limit: 9999 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexerError);
    expect((err as IndexerError).status).toBe(400);
    expect((err as Error).message).toMatch(/limit must be an integer 1\.\.500/);
  });

  it("asks the progress, market-history and risk paths the app reads", async () => {
    const seen: string[] = [];
    const a = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
    const ix = indexerClient("http://ix.test", fakeFetch({
      "/api/progress": { lastOrd: "500002", lastBlock: "5" },
      [`/api/orders?owner=${a}&unclaimed=1`]: { items: [], nextCursor: null },
      [`/api/claims?owner=${a}&limit=20`]: { items: [], nextCursor: null },
      [`/api/accounts/${a}/period-devices?period=7`]: { period: 7, items: [] },
      [`/api/accounts/${a}/statement?period=7`]: { account: a, period: 7, trades: [] },
      "/api/risk/summary?window=all": { trades: 0 },
      [`/api/risk/accounts/${a}`]: { account: a, score: 0, scores: {}, flags: [] },
      "/api/risk/flags?signal=wash&minScore=0.5": { items: [], nextCursor: null },
    }, seen));
    expect(await ix.progress()).toEqual({ lastOrd: "500002", lastBlock: "5" });
    await ix.orders({ owner: a, unclaimed: 1 });
    await ix.claims({ owner: a, limit: 20 });
    await ix.periodDevices(a, 7);
    expect((await ix.statement(a, 7)).period).toBe(7);
    await ix.riskSummary({ window: "all" });
    expect((await ix.riskAccount(a)).score).toBe(0);
    await ix.riskFlags({ signal: "wash", minScore: 0.5 });
    expect(seen).toHaveLength(8);
  });

  it("accountOrNone: undefined for an address no event names (404), other errors thrown", async () => {
    const notFound = (async () => new Response(JSON.stringify({ error: "no events name 0x…" }), { status: 404 })) as typeof fetch;
    expect(await indexerClient("http://ix.test", notFound).accountOrNone("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc")).toBeUndefined();
    const err = await indexerClient("http://ix.test", fakeFetch({}, [])).accountOrNone("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexerError);
  });

  it("splits an ord into block and log index", () => {
    expect(ordParts("14500003")).toEqual({ block: 145n, logIndex: 3 });
  });
});
