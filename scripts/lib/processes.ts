/**
 * Child-process plumbing shared by the dev stack, the end-to-end tests and the benchmarks:
 * start a command with prefixed, colour-coded logs, wait for a port or an RPC endpoint,
 * and stop a whole process group cleanly.
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createServer, connect } from "node:net";
import { createInterface } from "node:readline";

const COLOURS = [36, 35, 33, 32, 34, 31];
let colourIndex = 0;

export interface Started {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
}

/** Starts `cmd args` in its own process group and prefixes every output line with `[name]`. */
export function startProcess(
  name: string,
  cmd: string,
  args: string[],
  opts: SpawnOptions & { quiet?: boolean; onLine?: (line: string) => void } = {},
): Started {
  const colour = COLOURS[colourIndex++ % COLOURS.length];
  const prefix = process.stdout.isTTY ? `\x1b[${colour}m[${name}]\x1b[0m ` : `[${name}] `;
  const child = spawn(cmd, args, { ...opts, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => {
      opts.onLine?.(line);
      if (!opts.quiet) process.stdout.write(prefix + line + "\n");
    });
  }
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  return { name, child, exited };
}

/** Sends `signal` to the process group, then SIGKILL after `graceMs` if it is still alive. */
export async function stopProcess(p: Started, signal: NodeJS.Signals = "SIGTERM", graceMs = 5000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null || p.child.pid === undefined) return;
  try {
    process.kill(-p.child.pid, signal);
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-p.child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  }, graceMs);
  await p.exited;
  clearTimeout(timer);
}

/** Resolves once a TCP connection to host:port succeeds; rejects after `timeoutMs`. */
export async function waitForPort(port: number, host = "127.0.0.1", timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ port, host }, () => {
        s.end();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Resolves once `eth_chainId` answers at `url`; returns the chain id. */
export async function waitForRpc(url: string, timeoutMs = 60_000): Promise<bigint> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      const body = (await res.json()) as { result?: string };
      if (body.result) return BigInt(body.result);
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`RPC ${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
