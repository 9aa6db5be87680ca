import { describe, expect, it } from "vitest";
import { anomalyView, fetchAnomaly, type AnomalyStatus } from "./anomaly";

const base: AnomalyStatus = { device: "0xabc", flagged: false, flaggedAt: null, streak: 0, lastScore: 0.4, recent: [] };

describe("anomalyView", () => {
  it("says flagged, with the score and since when, once the oracle flagged the meter", () => {
    expect(anomalyView({ ...base, flagged: true, flaggedAt: 1_800_000_000, streak: 3, lastScore: -6.2 })).toEqual({ kind: "flagged", score: 6.2, since: 1_800_000_000 });
  });
  it("says high for a single high score that has not flagged the meter", () => {
    expect(anomalyView({ ...base, lastScore: 4.1, streak: 1 })).toEqual({ kind: "high", score: 4.1, streak: 1 });
  });
  it("says normal, warming up, or unavailable", () => {
    expect(anomalyView(base)).toEqual({ kind: "normal", score: 0.4 });
    expect(anomalyView({ ...base, lastScore: null })).toEqual({ kind: "warmup" });
    expect(anomalyView(undefined)).toEqual({ kind: "warmup" });
    expect(anomalyView(null)).toEqual({ kind: "unavailable" });
  });
});

describe("fetchAnomaly", () => {
  const fake = (status: number, body: unknown) =>
    (async (input: RequestInfo | URL) => {
      expect(String(input)).toBe("http://oracle.test/devices/0xabc/anomaly");
      return new Response(JSON.stringify(body), { status });
    }) as typeof fetch;
  it("reads the oracle's status, 404 as nothing scored yet, other errors as errors", async () => {
    expect(await fetchAnomaly("http://oracle.test", "0xabc", fake(200, base))).toEqual(base);
    expect(await fetchAnomaly("http://oracle.test", "0xabc", fake(404, { error: "no scored readings" }))).toBeUndefined();
    await expect(fetchAnomaly("http://oracle.test", "0xabc", fake(500, {}))).rejects.toThrow(/500/);
  });
});
