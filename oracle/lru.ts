/**
 * A bounded least-recently-used map with a per-entry expiry: at most `maxEntries` entries (the
 * least recently used leaves first), each dropped once older than its time to live. Map
 * iteration order is insertion order, so re-inserting on use keeps the oldest entry first.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(maxEntries >= 1)) throw new RangeError("maxEntries must be ≥ 1");
  }

  get size(): number {
    return this.entries.size;
  }

  /** The live value of `key` (marking it most recently used), or undefined. */
  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    if (e.expiresAt <= this.now()) return undefined;
    this.entries.set(key, e);
    return e.value;
  }

  /** The live value of `key` without touching its recency. */
  peek(key: string): V | undefined {
    const e = this.entries.get(key);
    return e && e.expiresAt > this.now() ? e.value : undefined;
  }

  set(key: string, value: V, ttlMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
