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

  it("splits an ord into block and log index", () => {
    expect(ordParts("14500003")).toEqual({ block: 145n, logIndex: 3 });
  });
});
