/**
 * Child-process plumbing shared by the dev stack, the end-to-end tests and the benchmarks:
 * start a command in its own process group with prefixed, colour-coded logs (optionally filtered),
 * wait for a port or an RPC endpoint, and stop a whole process group cleanly.
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createServer, connect } from "node:net";
import { createInterface } from "node:readline";
import { groupAlive, signalGroup, waitUntil } from "./process-group.js";

const COLOURS = [36, 35, 33, 32, 34, 31];
let colourIndex = 0;
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** `text` without ANSI colour and cursor codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

export interface Started {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  /** The last output lines (raw, at most `keepLines`), printed or not: what a failure report shows. */
  recent: string[];
}

/**
 * Decides whether an output line is printed, and as what: the text to print, or undefined to
 * hide it. `stream` says where the child wrote it.
 */
export type LineFilter = (line: string, stream: "stdout" | "stderr") => string | undefined;

export interface StartOptions extends SpawnOptions {
  /** Print nothing (the lines still reach `onLine` and `recent`). */
  quiet?: boolean;
  /** Every output line, before any filter. */
  onLine?: (line: string) => void;
  /** Which lines to print (default: all of them). */
  filter?: LineFilter;
  /** Where printed lines go (default: process.stdout). */
  write?: (text: string) => void;
  /** How many recent lines `recent` keeps (default 40). */
  keepLines?: number;
}

/**
 * Starts `cmd args` as the leader of a new process group and prefixes every printed line with
 * `[name]` (colour-coded on a terminal; elsewhere colour codes are stripped).
 */
export function startProcess(name: string, cmd: string, args: string[], opts: StartOptions = {}): Started {
  const { quiet, onLine, filter, write, keepLines = 40, ...spawnOpts } = opts;
  const tty = process.stdout.isTTY === true;
  const colour = COLOURS[colourIndex++ % COLOURS.length];
  const prefix = tty ? `\x1b[${colour}m[${name}]\x1b[0m ` : `[${name}] `;
  const out = write ?? ((text: string) => void process.stdout.write(text));
  const child = spawn(cmd, args, { ...spawnOpts, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const recent: string[] = [];
  for (const [stream, source] of [
    ["stdout", child.stdout],
    ["stderr", child.stderr],
  ] as const) {
    if (!source) continue;
    createInterface({ input: source }).on("line", (line) => {
      recent.push(line);
      if (recent.length > keepLines) recent.shift();
      onLine?.(line);
      if (quiet) return;
      const shown = filter ? filter(line, stream) : line;
      if (shown === undefined) return;
      out(prefix + (tty ? shown : stripAnsi(shown)) + "\n");
    });
  }
  const exited = new Promise<number | string>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
    // A command that cannot be started (ENOENT, EACCES) emits "error" and no "exit".
    child.on("error", (error) => {
      if (child.pid === undefined) resolve(`failed to start: ${error.message}`);
    });
  });
  return { name, child, exited, recent };
}

/** True once the group's leader has exited (or never started). */
function leaderGone(p: Started): boolean {
  return p.child.pid === undefined || p.child.exitCode !== null || p.child.signalCode !== null;
}

/**
 * Stops `p`'s whole process group: sends `signal` to the group, waits up to `graceMs` for the
 * leader to exit and every other member to be gone, then SIGKILLs the group and waits again.
 * Also clears out a group whose leader already died but left children behind.
 * Resolves "stopped" (gone within the grace time) or "killed" (it needed SIGKILL).
 */
export async function stopProcess(p: Started, signal: NodeJS.Signals = "SIGTERM", graceMs = 5000): Promise<"stopped" | "killed"> {
  const pgid = p.child.pid;
  if (pgid === undefined) return "stopped";
  const gone = () => leaderGone(p) && !groupAlive(pgid);
  if (gone()) return "stopped";
  signalGroup(pgid, signal);
  if (await waitUntil(gone, graceMs)) return "stopped";
  signalGroup(pgid, "SIGKILL");
  await waitUntil(gone, 10_000);
  return "killed";
}

/** SIGKILLs `p`'s whole group at once (a forced stop); resolves when it is gone (at most `timeoutMs`). */
export async function killProcess(p: Started, timeoutMs = 5000): Promise<void> {
  const pgid = p.child.pid;
  if (pgid === undefined) return;
  signalGroup(pgid, "SIGKILL");
  await waitUntil(() => leaderGone(p) && !groupAlive(pgid), timeoutMs);
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
