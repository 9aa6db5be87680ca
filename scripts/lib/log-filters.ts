/**
 * Which lines of a child's output the quiet dev stack prints (scripts/dev.ts): warnings and errors,
 * each with what belongs to it (a stack trace, a failed RPC call's details), and nothing routine.
 * Each factory returns a stateful LineFilter for one child.
 */
import { stripAnsi, type LineFilter } from "./processes.js";

export type Severity = "error" | "warn";

const ERROR_WORDS = /(^|\s)[⨯✖✗](\s|$)|\b(errors?|failed|failure|fatal|panic|exception|uncaught|unhandled|not found|cannot find|can't resolve|unable to)\b/i;
/** Node's system error codes (listen EADDRINUSE, connect ECONNREFUSED, …). */
const ERRNO = /\bE(ADDRINUSE|ADDRNOTAVAIL|CONNREFUSED|CONNRESET|ACCES|NOENT|PERM|PIPE|TIMEDOUT|NOMEM|MFILE)\b/;
const WARN_WORDS = /(^|\s)⚠|\b(warn|warning|deprecated)\b/i;
/** A request log line of `next dev` (" GET /market 200 in 120ms"): only a 5xx is worth showing. */
const REQUEST_LINE = /^\s*(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\s+\S+\s+(\d{3})\b/;

/** The severity of a plain-text log line, or undefined for a routine one. */
export function severityOf(line: string): Severity | undefined {
  const text = stripAnsi(line);
  const request = REQUEST_LINE.exec(text);
  if (request) return Number(request[2]) >= 500 ? "error" : undefined;
  if (ERROR_WORDS.test(text) || ERRNO.test(text)) return "error";
  if (WARN_WORDS.test(text)) return "warn";
  return undefined;
}

/** A line that continues the one before it: a stack frame, a code frame, an indented detail. */
function isContinuation(text: string): boolean {
  return text.length > 0 && (/^\s/.test(text) || /^(at |Caused by|\||>\s*\d)/.test(text));
}

/**
 * Plain-text output (Next.js, Ponder, Hardhat tasks): warnings, errors and their continuation
 * lines; everything a child writes to stderr too (Node prints its warnings and crashes there),
 * except blank lines.
 */
export function warningsAndErrors(): LineFilter {
  let inReport = false;
  return (line, stream) => {
    const text = stripAnsi(line);
    if (text.trim() === "") {
      inReport = false;
      return undefined;
    }
    if (inReport && isContinuation(text)) return line;
    inReport = stream === "stderr" || severityOf(text) !== undefined;
    return inReport ? line : undefined;
  };
}

const PINO_LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };
const PINO_OMIT = new Set(["level", "time", "pid", "hostname", "name", "msg", "v"]);

function formatValue(value: unknown): string {
  const text = typeof value === "string" ? (/\s/.test(value) ? JSON.stringify(value) : value) : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** A pino JSON record as one readable line: `WARN message key=value …`. */
export function formatPino(record: Record<string, unknown>): string {
  const level = typeof record.level === "number" ? (PINO_LEVELS[record.level] ?? String(record.level)) : "INFO";
  const fields = Object.entries(record)
    .filter(([k]) => !PINO_OMIT.has(k))
    .map(([k, v]) => `${k}=${formatValue(v)}`);
  return [level, String(record.msg ?? ""), ...fields].filter((s) => s !== "").join(" ");
}

function parseJson(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * JSON-lines output (the oracle's pino logs, the simulator's status lines): records at or above
 * `minLevel` (pino's numbers: 40 = warn) as readable lines; a record without a level counts as
 * info. Lines that are not JSON go through warningsAndErrors().
 */
export function jsonLogs(minLevel: number): LineFilter {
  const text = warningsAndErrors();
  return (line, stream) => {
    const record = parseJson(stripAnsi(line).trim());
    if (!record) return minLevel <= 30 ? line : text(line, stream);
    const level = typeof record.level === "number" ? record.level : 30;
    return level >= minLevel ? formatPino(record) : undefined;
  };
}

const RED = "\x1b[31m";
const GREEN = "\x1b[32m";
/**
 * Calls whose failure is an answer, not a fault: simulations that revert (the dApp explains a
 * revert before any wallet prompt, and probes views that revert for accounts that are not
 * enrolled) and methods a client tries before falling back (viem's eth_fillTransaction).
 * Every service reports its own failed transactions in its own words anyway.
 */
const ANSWERED = /^(eth_call|eth_estimateGas|eth_createAccessList|eth_simulateV1)\b|^\S+ - Method not supported$/;

/**
 * `hardhat node`: it prints every JSON-RPC call (the method name in green, or red when the call
 * failed, followed by indented details and a blank line), its account list and a start-up banner.
 * Keeps the failed calls that are faults (a transaction that reverted or was refused) with their
 * details, and whatever it writes to stderr.
 */
export function hardhatNodeErrors(): LineFilter {
  let inFailedCall = false;
  return (line, stream) => {
    if (stream === "stderr") return stripAnsi(line).trim() === "" ? undefined : line;
    if (line.startsWith(RED) || line.startsWith(GREEN)) {
      inFailedCall = line.startsWith(RED) && !ANSWERED.test(stripAnsi(line).trim());
      return inFailedCall ? line : undefined;
    }
    const text = stripAnsi(line);
    if (text.trim() === "") return undefined;
    if (inFailedCall && /^\s/.test(text)) return line;
    inFailedCall = false;
    return undefined;
  };
}

/** Every line as it is (PCX_DEV_VERBOSE=1), pino records made readable. */
export function everything(): LineFilter {
  const json = jsonLogs(0);
  return (line, stream) => json(line, stream);
}
