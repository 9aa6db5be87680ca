/**
 * What is running, from /proc (Linux): a process tree's members with their groups, and every
 * process that carries a marker in its environment (which no setsid or re-parenting removes).
 */
import { readFileSync } from "node:fs";
import { allPids, pidsWithEnv, procStat } from "../../lib/process-group.js";

export interface ProcInfo {
  pid: number;
  pgid: number;
  /** Clock ticks since boot at which it started: with the pid, names this process even if the pid is reused. */
  startTime: number;
  cmd: string;
}

function info(pid: number): ProcInfo | undefined {
  const stat = procStat(pid);
  if (!stat || stat.state === "Z") return undefined;
  let cmd = "";
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return undefined;
  }
  return { pid, pgid: stat.pgid, startTime: stat.startTime, cmd };
}

function pids(): number[] {
  const all = allPids();
  if (!all) throw new Error("these checks need /proc (Linux)");
  return all;
}

/** `root` and every live process below it. */
export function processTree(root: number): ProcInfo[] {
  const parentOf = new Map<number, number>();
  for (const pid of pids()) {
    const stat = procStat(pid);
    if (stat) parentOf.set(pid, stat.ppid);
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 64; p = parentOf.get(p), hops++) {
      if (p === root) return true;
    }
    return false;
  };
  return [...parentOf.keys()].filter(inTree).flatMap((pid) => info(pid) ?? []);
}

/** True while that very process (same pid and start time) is alive and not a zombie. */
export function stillRunning(p: ProcInfo): boolean {
  const now = procStat(p.pid);
  return now !== undefined && now.startTime === p.startTime && now.state !== "Z";
}

/** Live processes whose environment holds `NAME=value`. */
export function processesWithEnv(name: string, value: string): ProcInfo[] {
  return pidsWithEnv(name, value).flatMap((pid) => info(pid) ?? []);
}
