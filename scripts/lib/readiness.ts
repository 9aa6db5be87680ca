/** Readiness checks for the dev stack's services: does a URL answer, and waiting until it does. */
import { StackFailure } from "./supervisor.js";

/**
 * True if `url` answers with a 2xx status (any status with `anyStatus`) within `timeoutMs`;
 * false if it refuses, fails or times out.
 */
export async function answers(url: string, opts: { anyStatus?: boolean; timeoutMs?: number } = {}): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 5000) });
    await res.arrayBuffer();
    return opts.anyStatus === true || res.ok;
  } catch {
    return false;
  }
}

/** Polls `check` every 250 ms until it holds; a StackFailure naming `what` after `timeoutMs`. */
export async function untilReady(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const remaining = deadline - Date.now();
    const ok = await Promise.race([check(), new Promise<boolean>((r) => setTimeout(() => r(false), Math.max(remaining, 0)).unref())]);
    if (ok) return;
    if (Date.now() >= deadline) throw new StackFailure(`${what} did not become ready within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
