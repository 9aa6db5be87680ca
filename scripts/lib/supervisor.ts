/**
 * Runs a set of child processes as one stack (scripts/dev.ts): one-shot steps and long-running
 * services, each the leader of its own process group. Any way out stops every group and waits for
 * it to be gone:
 *
 *   - Ctrl-C (SIGINT), SIGTERM or SIGHUP: stop the services in reverse tiers (the app and the
 *     simulator, then the oracle and the indexer, then the chain), SIGTERM each group, SIGKILL it
 *     after the grace time; exit 0.
 *   - a second Ctrl-C while stopping: SIGKILL every group at once; exit 130. The same Ctrl-C often
 *     arrives two or three times within a few milliseconds (the terminal signals the whole
 *     foreground group and npm forwards it again), so copies within DUPLICATE_SIGNAL_MS count once.
 *   - a service that exits on its own, or a step that fails: say which and show its last output,
 *     stop the rest; exit 1.
 */
import { randomUUID } from "node:crypto";
import { stripAnsi, killProcess, startProcess, stopProcess, type LineFilter, type Started } from "./processes.js";
import { severityOf } from "./log-filters.js";
import { pidsWithEnv, waitUntil } from "./process-group.js";

export const DUPLICATE_SIGNAL_MS = 750;

/** Every child gets this variable (with the stack's id): how the last sweep finds detached leftovers. */
export const STACK_ID_ENV = "PCX_DEV_STACK_ID";

export interface ChildSpec {
  name: string;
  cmd: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Which of its lines are printed while the stack runs. */
  filter: LineFilter;
  /** Every output line, printed or not. */
  onLine?: (line: string) => void;
}

export interface ServiceSpec extends ChildSpec {
  /** Stop order: higher tiers stop first, the members of a tier together. */
  tier: number;
}

/** What the supervisor itself prints. */
export interface Say {
  (message: string): void;
}

/** A failure that ends the stack; its message is shown as is. */
export class StackFailure extends Error {}

/** Thrown at whatever was starting when the stack began to stop: the start-up goes no further. */
export class Stopping extends Error {
  constructor() {
    super("the stack is stopping");
  }
}

export interface SupervisorOptions {
  /** Prints one of the supervisor's own lines. */
  say: Say;
  /** Writes a child's printed line (already prefixed). */
  write: (text: string) => void;
  /** SIGTERM → SIGKILL grace per group, ms. */
  graceMs?: number;
  /** Ends the process (process.exit, replaceable in tests). */
  exit?: (code: number) => never;
}

interface Running {
  started: Started;
  tier: number;
  service: boolean;
}

export class Supervisor {
  private readonly running: Running[] = [];
  private phase: "running" | "stopping" | "forcing" = "running";
  private firstSignalAt = 0;
  private rejectFailure!: (error: StackFailure) => void;
  /** Rejects with a StackFailure when a service exits on its own. */
  readonly failed: Promise<never>;
  private readonly graceMs: number;
  private readonly exit: (code: number) => never;
  private readonly stackId = randomUUID();

  constructor(private readonly opts: SupervisorOptions) {
    this.graceMs = opts.graceMs ?? 8000;
    this.exit = opts.exit ?? ((code) => process.exit(code));
    this.failed = new Promise<never>((_, reject) => (this.rejectFailure = reject));
    this.failed.catch(() => undefined);
  }

  /** True once a forced stop began (its exit, 130, stands). */
  private get forced(): boolean {
    return this.phase === "forcing";
  }

  get stopping(): boolean {
    return this.phase !== "running";
  }

  /** While stopping, only errors are printed: no shutdown chatter. */
  private gated(filter: LineFilter): LineFilter {
    return (line, stream) => {
      if (this.phase === "forcing") return undefined;
      const shown = filter(line, stream);
      if (shown === undefined || this.phase === "running") return shown;
      return severityOf(shown) === "error" ? shown : undefined;
    };
  }

  private start(spec: ChildSpec, tier: number, service: boolean): Started {
    if (this.stopping) throw new Stopping();
    const started = startProcess(spec.name, spec.cmd, spec.args, {
      cwd: spec.cwd,
      env: { ...spec.env, [STACK_ID_ENV]: this.stackId },
      filter: this.gated(spec.filter),
      write: this.opts.write,
      onLine: spec.onLine,
    });
    const entry = { started, tier, service };
    this.running.push(entry);
    void started.exited.then(() => {
      if (!service) this.running.splice(this.running.indexOf(entry), 1);
    });
    return started;
  }

  /** The last lines `p` printed or not, to explain why it stopped. */
  private tail(p: Started, lines = 15): string {
    const recent = p.recent.map((l) => stripAnsi(l)).filter((l) => l.trim() !== "").slice(-lines);
    return recent.length === 0 ? "" : `\nits last output:\n${recent.map((l) => `  [${p.name}] ${l}`).join("\n")}`;
  }

  /** Runs a one-shot step to completion; throws a StackFailure (with its last output) if it fails. */
  async step(spec: ChildSpec): Promise<void> {
    const p = this.start(spec, Number.MAX_SAFE_INTEGER, false);
    const code = await p.exited;
    if (this.stopping) throw new Stopping();
    if (code !== 0) throw new StackFailure(`${spec.name} failed (${describeExit(code)})${this.tail(p, 30)}`);
  }

  /** Starts a long-running service; its exit before the stack stops fails the stack. */
  service(spec: ServiceSpec): Started {
    const p = this.start(spec, spec.tier, true);
    void p.exited.then((code) => {
      if (!this.stopping) this.rejectFailure(new StackFailure(`the ${spec.name} stopped unexpectedly (${describeExit(code)})${this.tail(p)}`));
    });
    return p;
  }

  /** `promise`, unless a service dies first (then its StackFailure); Stopping once the stack stops. */
  async guard<T>(promise: Promise<T>): Promise<T> {
    const value = await Promise.race([promise, this.failed]);
    if (this.stopping) throw new Stopping();
    return value;
  }

  /** Stops everything: steps first, then the services tier by tier (highest first). */
  async stop(): Promise<void> {
    const started = Date.now();
    const alive = this.running.filter((r) => r.started.child.pid !== undefined);
    const tiers = [...new Set(alive.map((r) => r.tier))].sort((a, b) => b - a);
    let killed: string[] = [];
    for (const tier of tiers) {
      const members = alive.filter((r) => r.tier === tier);
      const results = await Promise.all(members.map((r) => stopProcess(r.started, "SIGTERM", this.graceMs)));
      killed = killed.concat(members.filter((_, i) => results[i] === "killed").map((r) => r.started.name));
    }
    const leftovers = await this.sweep();
    if (this.phase === "forcing") return;
    let note = killed.length > 0 ? `; the ${list(killed)} had to be killed after ${this.graceMs / 1000} s` : "";
    if (leftovers > 0) note += `; ended ${leftovers} detached process${leftovers === 1 ? "" : "es"} left behind`;
    this.opts.say(`stopped everything (${((Date.now() - started) / 1000).toFixed(1)} s${note})`);
  }

  /**
   * Processes a child started in a session of its own (outside its group) and left running: given
   * two seconds to finish their work, then SIGTERM, then SIGKILL. Resolves how many had to be ended.
   */
  private async sweep(): Promise<number> {
    const left = () => pidsWithEnv(STACK_ID_ENV, this.stackId).filter((pid) => pid !== process.pid);
    if (await waitUntil(() => left().length === 0, 2000)) return 0;
    const ended = left().length;
    for (const signal of ["SIGTERM", "SIGKILL"] as const) {
      for (const pid of left()) signalPid(pid, signal);
      if (await waitUntil(() => left().length === 0, 3000)) break;
    }
    return ended;
  }

  /** SIGKILLs every group, and every detached leftover, at once and waits (briefly) until they are gone. */
  async force(): Promise<void> {
    this.phase = "forcing";
    await Promise.all(this.running.map((r) => killProcess(r.started)));
    for (const pid of pidsWithEnv(STACK_ID_ENV, this.stackId)) if (pid !== process.pid) signalPid(pid, "SIGKILL");
  }

  /** Stops everything after `failure`, says why, exits 1. */
  async fail(failure: unknown): Promise<never> {
    if (this.stopping) return new Promise<never>(() => undefined);
    this.phase = "stopping";
    const message = failure instanceof StackFailure ? failure.message : failure instanceof Error ? (failure.stack ?? failure.message) : String(failure);
    if (this.running.length === 0) {
      this.opts.say(message);
      return this.exit(1);
    }
    this.opts.say(`${message}\nstopping the rest…`);
    await this.stop();
    // A second Ctrl-C while stopping forces, and that exit (130) stands.
    if (this.forced) return new Promise<never>(() => undefined);
    return this.exit(1);
  }

  /** Stops everything for `reason` (a signal, a lost parent), then exits 0. */
  private beginStop(reason: string): void {
    this.phase = "stopping";
    this.firstSignalAt = Date.now();
    this.opts.say(`stopping (${reason})… press Ctrl-C again to force`);
    void this.stop().then(() => {
      if (!this.forced) this.exit(0);
    });
  }

  /**
   * Ctrl-C / SIGTERM / SIGHUP → stop (exit 0); a second Ctrl-C → force (exit 130). Also stops when
   * the process that started this one goes away (npm or a terminal killed with SIGKILL), which
   * would otherwise leave the whole stack running with nobody to stop it.
   */
  handleSignals(): void {
    const onSignal = (signal: NodeJS.Signals) => {
      if (this.phase === "running") return this.beginStop(signal);
      if (this.phase === "forcing" || Date.now() - this.firstSignalAt < DUPLICATE_SIGNAL_MS) return;
      this.opts.say("forcing: killing every process now");
      void this.force().then(() => this.exit(130));
    };
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent && this.phase === "running") this.beginStop("the process that started npm run dev is gone");
    }, 1000).unref();
  }
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    /* gone */
  }
}

function describeExit(code: number | string): string {
  return typeof code === "number" ? `exit code ${code}` : code.startsWith("SIG") ? `killed by ${code}` : code;
}

function list(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
