/**
 * Group commit: many writes per SQLite transaction, each caller told only after the transaction
 * that holds its write has committed. Writes gather until the event loop has run every message
 * already received (`setImmediate`), or until `maxItems` are waiting, then `commit` writes them
 * all in one transaction and reports one result (or one Error) per item. If the transaction
 * fails, every item in it is rejected with that error: nothing of it was written.
 *
 * The outbox stages readings here, so a burst of messages costs one commit instead of one per
 * message, and the MQTT source acknowledges each message when its promise resolves: never before
 * its reading is durable.
 */
export class GroupCommit<T, R> {
  private items: T[] = [];
  private waiters: { resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    /** Writes `items` in one transaction; throws if the transaction failed (nothing written). */
    private readonly commit: (items: readonly T[]) => (R | Error)[],
    private readonly opts: { maxItems?: number; onFailure?: (err: unknown) => void } = {},
  ) {}

  /** Writes not committed yet. */
  get pending(): number {
    return this.items.length;
  }

  /** Queues `item`; resolves with its result once committed, rejects if its transaction failed. */
  add(item: T): Promise<R> {
    const done = new Promise<R>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.items.push(item);
    if (this.items.length >= (this.opts.maxItems ?? 1024)) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
    return done;
  }

  /** Commits everything queued now, synchronously (a reader that needs the database calls this first). */
  flush(): void {
    if (this.items.length === 0) return;
    const items = this.items;
    const waiters = this.waiters;
    this.items = [];
    this.waiters = [];
    let results: (R | Error)[];
    try {
      results = this.commit(items);
    } catch (err) {
      this.opts.onFailure?.(err);
      for (const w of waiters) w.reject(err);
      return;
    }
    results.forEach((r, i) => (r instanceof Error ? waiters[i]!.reject(r) : waiters[i]!.resolve(r)));
  }
}
