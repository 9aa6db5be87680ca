/** Why the oracle refused a message before it reached the outbox (the `reason` metric label). */
export const INGEST_REJECT_REASONS = [
  "malformed_json",
  "schema",
  "out_of_range",
  "topic_mismatch",
  "unknown_device",
  "device_not_active",
  "bad_signature",
  "stale_seq",
  "timestamp_not_increasing",
  "timestamp_in_future",
  "cumulative_decreased",
  "implausible",
  "unmapped_topic",
  "adapter_payload",
] as const;
export type IngestRejectReason = (typeof INGEST_REJECT_REASONS)[number];

/** A message the oracle refuses; carries the reason counted in metrics and logged. */
export class IngestRejection extends Error {
  constructor(
    readonly reason: IngestRejectReason,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}
