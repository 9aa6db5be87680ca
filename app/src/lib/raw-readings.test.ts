import { describe, expect, it } from "vitest";
import { Wallet } from "ethers";
import { parseSiweMessage } from "viem/siwe";
import { commitRawSeries, merkleProof } from "@sdk/raw-series";
import { signReading } from "@sdk/readings";
import { emissionOracleDomain } from "@sdk/typed-data";
import { checkRawItem, fetchRawPage, siweMessageFor, type RawItem } from "./raw-readings";

const meter = new Wallet("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const domain = emissionOracleDomain(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3");
const device = meter.address as `0x${string}`;

async function series() {
  const signed = [];
  for (let s = 1n; s <= 3n; s++) signed.push(await signReading(meter, domain, { device, seq: s, timestamp: 1_800_000_000n + s, cumulative: 100n * s }));
  const c = commitRawSeries(domain, signed);
  const items: RawItem[] = signed.map((r, i) => ({
    device,
    seq: r.reading.seq.toString(),
    timestamp: r.reading.timestamp.toString(),
    cumulative: r.reading.cumulative.toString(),
    signature: r.signature,
    leaf: c.leaves[i]!,
    proof: merkleProof(c.leaves, i),
    status: "confirmed",
    checkpoint: { seq: "3", root: c.root, count: 3, fromSeq: "1", status: "confirmed", txHash: null },
  }));
  return { items, root: c.root };
}

describe("raw readings in the app", () => {
  it("accepts a raw reading whose proof leads to the committed root", async () => {
    const { items, root } = await series();
    for (const item of items) expect(await checkRawItem(item, domain, root)).toBe("valid");
  });

  it("names what fails: a changed register, another root, no commitment yet", async () => {
    const { items, root } = await series();
    expect(await checkRawItem({ ...items[1]!, cumulative: "999" }, domain, root)).toBe("bad_signature");
    expect(await checkRawItem(items[1]!, domain, `0x${"be".repeat(32)}`)).toBe("proof_mismatch");
    expect(await checkRawItem(items[1]!, domain, undefined)).toBe("not_committed");
  });

  it("signs in for the oracle's own domain and chain", () => {
    const m = parseSiweMessage(siweMessageFor("http://127.0.0.1:9464", device, 31337, "abcdefgh12345678"));
    expect(m).toMatchObject({ domain: "127.0.0.1:9464", chainId: 31337, nonce: "abcdefgh12345678", address: device, uri: "http://127.0.0.1:9464" });
  });

  it("turns 401 and 403 into sentences", async () => {
    const answer = (status: number) => (async () => new Response("{}", { status })) as unknown as typeof fetch;
    await expect(fetchRawPage("http://o", "t", device, {}, answer(401))).rejects.toThrow(/not signed in/);
    await expect(fetchRawPage("http://o", "t", device, {}, answer(403))).rejects.toThrow(/owner/);
  });
});
