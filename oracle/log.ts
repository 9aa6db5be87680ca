/** Structured JSON logs (pino) for every oracle module. */
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string, name = "pcx-oracle"): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
