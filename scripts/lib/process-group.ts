/**
 * Process groups: every child the dev stack, the tests and the benchmarks start leads a group of its
 * own (spawned detached), so a signal to the group also reaches the grandchildren it started
 * (Next.js's dev server worker, tsx's child, …), and "stopped" means the whole group is gone.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Sends `signal` to every process of group `pgid`; false if the group has no process left. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** The fields of /proc/<pid>/stat after the command name (which may itself hold spaces and parentheses). */
export function procStat(pid: number): { state: string; ppid: number; pgid: number; startTime: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
  // priority nice num_threads itrealvalue starttime …
  return { state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), startTime: Number(fields[19]) };
}

/** Every process id in /proc (Linux), or undefined where there is no /proc. */
export function allPids(): number[] | undefined {
  try {
    return readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return undefined;
  }
}

/**
 * True while group `pgid` has a live process. On Linux it reads /proc and ignores zombies (an
 * orphaned grandchild that exited may stay a zombie where PID 1 does not reap, yet it holds no port
 * and runs nothing); elsewhere it asks the kernel with signal 0.
 */
export function groupAlive(pgid: number): boolean {
  const pids = allPids();
  if (pids === undefined) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  }
  return pids.some((pid) => {
    const stat = procStat(pid);
    return stat !== undefined && stat.pgid === pgid && stat.state !== "Z";
  });
}

/** Resolves true once `done()` holds (polled every 50 ms), false after `timeoutMs`. */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (done()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Live processes (not zombies) whose environment holds `name=value`, from /proc/<pid>/environ
 * (Linux; empty elsewhere). A child that detaches into a session of its own (Next.js's telemetry
 * flush does) leaves its parent's group but keeps the environment it was given.
 */
export function pidsWithEnv(name: string, value: string): number[] {
  const needle = `${name}=${value}`;
  return (allPids() ?? []).filter((pid) => {
    try {
      if (!readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(needle)) return false;
    } catch {
      return false;
    }
    const stat = procStat(pid);
    return stat !== undefined && stat.state !== "Z";
  });
}
