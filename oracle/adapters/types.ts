/** What an adapter extracts from a real device's MQTT message. */
export interface RegisterSample {
  /** Adapter-specific key of the physical register, matched against the adapter configuration. */
  key: string;
  /** Raw cumulative register as an exact integer in the adapter's raw unit. */
  raw: bigint;
  /** Raw units per base unit of the device kind (e.g. 100 for Tasmota: 0.01 Wh per raw unit). */
  rawPerBaseUnit: bigint;
}

export interface DeviceAdapter {
  readonly name: "tasmota" | "shelly";
  /** MQTT topic filters this adapter listens to. */
  readonly subscriptions: readonly string[];
  /** True if `topic` is one of this adapter's topics. */
  matches(topic: string): boolean;
  /**
   * Extracts the register sample from a message, or returns undefined for messages of its topics
   * that carry no energy register (availability, other components). Throws IngestRejection on a
   * malformed payload.
   */
  parse(topic: string, payload: Buffer): RegisterSample | undefined;
}
