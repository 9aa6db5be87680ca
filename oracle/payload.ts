/**
 * Decoding of PCX device messages: topic `pcx/v1/meters/<deviceAddress>/reading`, JSON payload
 * with the EIP-712 Reading fields (numbers that can exceed 2^53 as decimal strings) and the
 * device signature, either EIP-2098 compact {r, vs} or the 65-byte hex form:
 *   {"device":"0x…","seq":"42","timestamp":1767225600,"cumulative":"123456",
 *    "signature":{"r":"0x…","vs":"0x…"}}
 */
import { z } from "zod/v4";
import type { Reading } from "../sdk/typed-data.js";
import { toCompactSignature, type CompactSignature } from "../sdk/readings.js";
import { IngestRejection } from "./reasons.js";

export const PCX_TOPIC_PREFIX = "pcx/v1/meters/";
const TOPIC_RE = /^pcx\/v1\/meters\/(0x[0-9a-fA-F]{40})\/reading$/;

const MAX_U64 = (1n << 64n) - 1n;
const MAX_U128 = (1n << 128n) - 1n;

/** A non-negative integer as a JSON safe integer or a decimal string (no sign, no exponent). */
const uint = z.union([
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  z.string().regex(/^(0|[1-9][0-9]{0,77})$/, "not a decimal integer string"),
]);
const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "not 32 bytes of hex");

export const PcxReadingPayload = z.object({
  device: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "not an address"),
  seq: uint,
  timestamp: uint,
  cumulative: uint,
  signature: z.union([
    z.object({ r: bytes32, vs: bytes32 }),
    z.string().regex(/^0x[0-9a-fA-F]{130}$/, "not a 65-byte signature"),
  ]),
});

export interface DecodedReading {
  reading: Reading;
  signature: CompactSignature;
}

/** The device address a PCX topic names, or undefined if the topic is not a PCX reading topic. */
export function deviceFromTopic(topic: string): string | undefined {
  return TOPIC_RE.exec(topic)?.[1];
}

/** Parses JSON without ever throwing anything but an IngestRejection. */
export function parseJson(payload: Buffer | string): unknown {
  try {
    return JSON.parse(typeof payload === "string" ? payload : payload.toString("utf8"));
  } catch {
    throw new IngestRejection("malformed_json", "payload is not JSON");
  }
}

/** Decodes a PCX reading message; throws IngestRejection (schema, out_of_range, topic_mismatch). */
export function decodePcxReading(topic: string, payload: Buffer | string): DecodedReading {
  const topicDevice = deviceFromTopic(topic);
  if (!topicDevice) throw new IngestRejection("topic_mismatch", `not a PCX reading topic: ${topic}`);
  const parsed = PcxReadingPayload.safeParse(parseJson(payload));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new IngestRejection("schema", `${first?.path.join(".") || "payload"}: ${first?.message ?? "invalid"}`);
  }
  const p = parsed.data;
  const seq = BigInt(p.seq);
  const timestamp = BigInt(p.timestamp);
  const cumulative = BigInt(p.cumulative);
  if (seq > MAX_U64) throw new IngestRejection("out_of_range", "seq exceeds uint64");
  if (timestamp > MAX_U64) throw new IngestRejection("out_of_range", "timestamp exceeds uint64");
  if (cumulative > MAX_U128) throw new IngestRejection("out_of_range", "cumulative exceeds uint128");
  if (p.device.toLowerCase() !== topicDevice.toLowerCase()) {
    throw new IngestRejection("topic_mismatch", `payload device ${p.device} ≠ topic device ${topicDevice}`);
  }
  let signature: CompactSignature;
  try {
    signature = typeof p.signature === "string" ? toCompactSignature(p.signature) : p.signature as CompactSignature;
  } catch {
    throw new IngestRejection("bad_signature", "unparseable signature");
  }
  return {
    reading: { device: p.device.toLowerCase() as `0x${string}`, seq, timestamp, cumulative },
    signature: { r: signature.r.toLowerCase() as `0x${string}`, vs: signature.vs.toLowerCase() as `0x${string}` },
  };
}

/** Encodes a signed reading as the JSON payload devices (and the simulator) publish. */
export function encodePcxReading(reading: Reading, signature: CompactSignature): string {
  return JSON.stringify({
    device: reading.device,
    seq: reading.seq.toString(),
    timestamp: Number(reading.timestamp),
    cumulative: reading.cumulative.toString(),
    signature,
  });
}

export function pcxTopic(device: string): string {
  return `${PCX_TOPIC_PREFIX}${device}/reading`;
}
