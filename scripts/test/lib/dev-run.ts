/**
 * One run of the real `npm run dev` for the dev-stack test: on given ports, in a process group of
 * its own (as a terminal's foreground job), every output line kept with the time it arrived.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { REPO_ROOT } from "../../../sdk/deployment.js";
import { BANNER_LAST_LINE } from "../../lib/dev-banner.js";
import { devPortsEnv, type DevPorts } from "../../lib/dev-ports.js";

/** Environment variable every process of one run inherits (found later in /proc/<pid>/environ). */
export const RUN_MARKER = "PCX_DEV_TEST_RUN";

export interface Line {
  at: number;
  text: string;
}

export class DevRun {
  readonly marker = randomUUID();
  readonly lines: Line[] = [];
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private waiters: (() => void)[] = [];

  constructor(readonly ports: DevPorts) {
    // Under `npm run test:dev` npm_execpath is npm's own CLI; otherwise the npm on PATH.
    const npm = process.env.npm_execpath;
    const [cmd, args] = npm && /npm-cli\.[cm]?js$/.test(npm) ? [process.execPath, [npm, "run", "dev"]] : ["npm", ["run", "dev"]];
    const env: NodeJS.ProcessEnv = { ...process.env, ...devPortsEnv(ports), [RUN_MARKER]: this.marker };
    delete env.PCX_DEV_VERBOSE;
    this.child = spawn(cmd, args, { cwd: REPO_ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      createInterface({ input: stream }).on("line", (text) => {
        this.lines.push({ at: Date.now(), text });
        if (process.env.DEV_TEST_VERBOSE === "1") console.log(`  | ${text}`);
        for (const wake of this.waiters.splice(0)) wake();
      });
    }
    this.exited = new Promise((resolve) => this.child.on("exit", (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get output(): string {
    return this.lines.map((l) => l.text).join("\n");
  }

  /** Resolves with the first line matching `pattern`; throws (with the output so far) after `timeoutMs` or on exit. */
  async waitForLine(pattern: RegExp, timeoutMs: number): Promise<Line> {
    const deadline = Date.now() + timeoutMs;
    let gone = false;
    void this.exited.then(() => {
      gone = true;
      for (const wake of this.waiters.splice(0)) wake();
    });
    for (;;) {
      const hit = this.lines.find((l) => pattern.test(l.text));
      if (hit) return hit;
      if (gone) throw new Error(`npm run dev exited before printing ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.output}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  /** Waits for the banner's last line; returns the banner (from its first rule to that line). */
  async banner(timeoutMs = 240_000): Promise<{ lines: string[]; at: number }> {
    const last = await this.waitForLine(new RegExp(`^  ${BANNER_LAST_LINE}`), timeoutMs);
    const end = this.lines.indexOf(last);
    let start = end - 1;
    while (start > 0 && !this.lines[start - 1].text.startsWith("───")) start--;
    return { lines: this.lines.slice(Math.max(start - 1, 0), end + 1).map((l) => l.text), at: last.at };
  }

  /** Lines that arrived in [from, to). */
  linesBetween(from: number, to: number): Line[] {
    return this.lines.filter((l) => l.at >= from && l.at < to);
  }

  /** Ctrl-C in a terminal: SIGINT to the whole foreground process group. */
  ctrlC(): void {
    process.kill(-this.pid, "SIGINT");
  }

  /** A last resort after a failed test: the run's groups must not outlive it. */
  kill(): void {
    try {
      process.kill(-this.pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
}
