import { describe, expect, it } from "vitest";
import { privateKeyToAccount } from "viem/accounts";
import { emissionOracleDomain, READING_TYPES } from "@sdk/typed-data";
import { rawLeaf, readingDigest } from "@sdk/raw-series";
import { liveRows } from "./live-readings";
import type { RawItem } from "./raw-readings";

const meter = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const domain = emissionOracleDomain(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3");

async function item(seq: bigint, checkpointSeq: string | null): Promise<RawItem> {
  const reading = { device: meter.address, seq, timestamp: 1_800_000_000n + seq, cumulative: 1_000n + seq };
  const sig = await meter.signTypedData({ domain, types: READING_TYPES, primaryType: "Reading", message: reading });
  const r = sig.slice(0, 66) as `0x${string}`;
  const s = BigInt("0x" + sig.slice(66, 130));
  const v = parseInt(sig.slice(130, 132), 16);
  const vs = `0x${((BigInt(v - 27) << 255n) | s).toString(16).padStart(64, "0")}` as `0x${string}`;
  const leaf = rawLeaf(readingDigest(domain, reading), { r, vs });
  return {
    device: meter.address, seq: seq.toString(), timestamp: reading.timestamp.toString(), cumulative: reading.cumulative.toString(),
    signature: { r, vs }, leaf, proof: checkpointSeq ? [] : null, status: checkpointSeq ? "confirmed" : "pending",
    checkpoint: checkpointSeq ? { seq: checkpointSeq, root: leaf, count: 1, fromSeq: checkpointSeq, status: "confirmed", txHash: null } : null,
  };
}

describe("liveRows", () => {
  it("marks a signed reading without an on-chain root 'signed, not yet on chain', and one whose proof reaches the on-chain root 'on chain'", async () => {
    const pending = await item(7n, null);
    const confirmed = await item(5n, "5");
    const rows = await liveRows([confirmed, pending], domain, new Map([["5", confirmed.leaf]]));
    expect(rows.map((r) => [r.seq, r.status])).toEqual([[5n, "onChain"], [7n, "signedNotOnChain"]]);
  });
  it("does not take the oracle's word: a root the chain does not have, a wrong root, a forged signature", async () => {
    const confirmed = await item(5n, "5");
    expect((await liveRows([confirmed], domain, new Map()))[0]!.status).toBe("signedNotOnChain");
    expect((await liveRows([confirmed], domain, new Map([["5", `0x${"11".repeat(32)}` as const]])))[0]!.status).toBe("proofMismatch");
    const forged = { ...confirmed, cumulative: "999999" };
    expect((await liveRows([forged], domain, new Map([["5", confirmed.leaf]])))[0]!.status).toBe("badSignature");
  });
});
