/**
 * The dev stack's Supervisor (scripts/lib/supervisor.ts) with small real processes
 * (scripts/test/fixtures/mini-stack.ts): grandchildren stopped with their group, SIGKILL after
 * the grace time, a second Ctrl-C forcing, copies of one Ctrl-C counted once, a dying service
 * stopping the rest, detached leftovers swept, and a lost parent.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../sdk/deployment.js";
import { groupAlive } from "../lib/process-group.js";
import { freePort } from "../lib/processes.js";
import { portClosed } from "./lib/probes.js";
import { procStat } from "../lib/process-group.js";

const FIXTURE = path.join(REPO_ROOT, "scripts", "test", "fixtures", "mini-stack.ts");

/** Node code: listen on `port`, print this process's pid; `then` runs after. */
const listener = (port: number, then = "") =>
  `require("net").createServer().listen(${port}, "127.0.0.1", () => console.log("pid " + process.pid)); ${then}`;
const IGNORE_SIGTERM = `process.on("SIGTERM", () => console.log("ignoring SIGTERM"));`;

interface Mini {
  child: ChildProcess;
  out: string[];
  exited: Promise<{ code: number | null; ms: number }>;
  signalAt: number;
  waitFor(text: string, timeoutMs?: number): Promise<string>;
  /** Every pid the services printed ("pid 123"). */
  pids(): number[];
}

const started: Mini[] = [];
afterEach(() => {
  for (const m of started.splice(0)) {
    for (const pid of [m.child.pid!, ...m.pids()]) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
  }
});

function mini(graceMs: number, services: { name: string; tier?: number; code: string }[], viaParent = false): Mini {
  const env = { ...process.env, MINI_STACK: JSON.stringify({ graceMs, services: services.map((s) => ({ tier: 0, ...s })) }) };
  const args = ["--import", "tsx", FIXTURE];
  // viaParent: a throw-away parent starts the stack, as npm does, so the test can kill that parent.
  const child = viaParent
    ? spawn(process.execPath, ["-e", `require("child_process").spawn(process.execPath, ${JSON.stringify(args)}, { stdio: "inherit" }); setInterval(() => {}, 1000);`], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true })
    : spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const out: string[] = [];
  const wakers: (() => void)[] = [];
  for (const s of [child.stdout!, child.stderr!]) createInterface({ input: s }).on("line", (l) => (out.push(l), wakers.splice(0).forEach((w) => w())));
  const m: Mini = {
    child,
    out,
    signalAt: 0,
    exited: new Promise((resolve) => child.on("exit", (code) => resolve({ code, ms: Date.now() - m.signalAt }))),
    async waitFor(text, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = out.find((l) => l.includes(text));
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no "${text}" in:\n${out.join("\n")}`);
        await new Promise<void>((r) => (wakers.push(r), setTimeout(r, 200)));
      }
    },
    pids: () => out.flatMap((l) => /\] pid (\d+)$/.exec(l)?.[1] ?? []).map(Number),
  };
  started.push(m);
  return m;
}

function signal(m: Mini, sig: NodeJS.Signals): void {
  m.signalAt ||= Date.now();
  process.kill(m.child.pid!, sig);
}

const alive = (pid: number) => {
  const s = procStat(pid);
  return s !== undefined && s.state !== "Z";
};

describe("Supervisor", () => {
  it("stops a service together with the grandchild it started, and frees its port", async () => {
    const port = await freePort();
    const grandchild = JSON.stringify(listener(port));
    const m = mini(5000, [
      { name: "parent", code: `require("child_process").spawn(process.execPath, ["-e", ${grandchild}], { stdio: "inherit" }); process.on("SIGTERM", () => process.exit(0)); setInterval(() => {}, 1000);` },
    ]);
    await m.waitFor("[dev] ready");
    const [pid] = await m.waitFor("] pid ").then(() => m.pids());
    const pgid = procStat(pid)!.pgid;
    expect(pgid).not.toBe(m.child.pid);
    signal(m, "SIGINT");
    expect(await m.exited).toMatchObject({ code: 0 });
    expect(alive(pid)).toBe(false);
    expect(groupAlive(pgid)).toBe(false);
    expect(await portClosed(port)).toBe(true);
    expect(m.out).toContain("[dev] stopping (SIGINT)… press Ctrl-C again to force");
  });

  it("SIGKILLs a group that ignores SIGTERM once the grace time is over", async () => {
    const port = await freePort();
    const m = mini(1000, [{ name: "stubborn", code: listener(port, IGNORE_SIGTERM) }]);
    await m.waitFor("[dev] ready");
    await m.waitFor("] pid ");
    signal(m, "SIGTERM");
    const { code, ms } = await m.exited;
    expect(code).toBe(0);
    expect(ms).toBeGreaterThanOrEqual(1000);
    expect(ms).toBeLessThan(8000);
    expect(await portClosed(port)).toBe(true);
    expect(m.out.join("\n")).toMatch(/\[dev\] stopped everything \(\d+\.\d s; the stubborn had to be killed after 1 s\)/);
  });

  it("forces at the second Ctrl-C", async () => {
    const port = await freePort();
    const m = mini(60_000, [{ name: "stubborn", code: listener(port, IGNORE_SIGTERM) }]);
    await m.waitFor("[dev] ready");
    const [pid] = await m.waitFor("] pid ").then(() => m.pids());
    signal(m, "SIGINT");
    // A person's second Ctrl-C, well after the first's copies (the child now ignores SIGTERM).
    await new Promise((r) => setTimeout(r, 1200));
    signal(m, "SIGINT");
    const { code, ms } = await m.exited;
    expect(code).toBe(130);
    expect(ms).toBeLessThan(10_000);
    expect(m.out).toContain("[dev] forcing: killing every process now");
    expect(alive(pid)).toBe(false);
    expect(await portClosed(port)).toBe(true);
  });

  it("counts copies of one Ctrl-C (terminal and npm both deliver it) once", async () => {
    const m = mini(1500, [{ name: "stubborn", code: listener(await freePort(), IGNORE_SIGTERM) }]);
    await m.waitFor("[dev] ready");
    await m.waitFor("] pid ");
    signal(m, "SIGINT");
    signal(m, "SIGINT");
    await new Promise((r) => setTimeout(r, 20));
    signal(m, "SIGINT");
    const { code } = await m.exited;
    expect(code).toBe(0);
    expect(m.out).not.toContain("[dev] forcing: killing every process now");
    expect(m.out.filter((l) => l.startsWith("[dev] stopping"))).toHaveLength(1);
  });

  it("stops the rest and exits 1, naming the service and showing its last output, when one dies", async () => {
    const port = await freePort();
    const m = mini(5000, [
      { name: "steady", code: listener(port, `process.on("SIGTERM", () => process.exit(0));`) },
      { name: "flaky", tier: 1, code: `console.log("cannot reach the database"); setTimeout(() => process.exit(3), 1500);` },
    ]);
    await m.waitFor("[dev] ready");
    const { code } = await m.exited;
    expect(code).toBe(1);
    const text = m.out.join("\n");
    expect(text).toContain("[dev] the flaky stopped unexpectedly (exit code 3)\nits last output:\n  [flaky] cannot reach the database\nstopping the rest…");
    expect(text).toMatch(/\[dev\] stopped everything/);
    expect(await portClosed(port)).toBe(true);
  });

  it("ends a process a service left behind in a session of its own", async () => {
    const m = mini(5000, [
      {
        name: "spawner",
        code: `const c = require("child_process").spawn(process.execPath, ["-e", "console.log('pid ' + process.pid); setInterval(() => {}, 1000)"], { detached: true, stdio: ["ignore", "inherit", "inherit"] }); c.unref(); process.on("SIGTERM", () => process.exit(0)); setInterval(() => {}, 1000);`,
      },
    ]);
    await m.waitFor("[dev] ready");
    const [leftover] = await m.waitFor("] pid ").then(() => m.pids());
    expect(procStat(leftover)!.pgid).toBe(leftover);
    signal(m, "SIGINT");
    expect(await m.exited).toMatchObject({ code: 0 });
    expect(alive(leftover)).toBe(false);
    expect(m.out.join("\n")).toContain("ended 1 detached process left behind");
  });

  it("stops everything when the process that started it is killed", async () => {
    const port = await freePort();
    const m = mini(5000, [{ name: "steady", code: listener(port) }], true);
    await m.waitFor("[dev] ready");
    const [pid] = await m.waitFor("] pid ").then(() => m.pids());
    process.kill(m.child.pid!, "SIGKILL");
    const deadline = Date.now() + 15_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
    expect(await portClosed(port)).toBe(true);
  });
});
