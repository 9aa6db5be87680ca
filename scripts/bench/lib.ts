/**
 * Helpers for the gas benchmarks: measure a transaction, collect rows, print a table and write
 * the machine-readable JSON and the Markdown report under bench/.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ContractTransactionResponse } from "ethers";
import { REPO_ROOT } from "../../sdk/deployment.js";

/** One measured operation. `units` > 1 when the gas is spread over several items (e.g. readings). */
export interface GasRow {
  operation: string;
  gasUsed: number;
  units: number;
  gasPerUnit: number;
  note: string;
}

/** Gas used by a mined transaction. Throws if it reverted. */
export async function gasOf(tx: Promise<ContractTransactionResponse> | ContractTransactionResponse): Promise<number> {
  const receipt = await (await tx).wait();
  if (!receipt || receipt.status !== 1) throw new Error("benchmark transaction failed");
  return Number(receipt.gasUsed);
}

/** Builds a row; gas per unit is rounded to the nearest gas. */
export function row(operation: string, gasUsed: number, units = 1, note = ""): GasRow {
  return { operation, gasUsed, units, gasPerUnit: Math.round(gasUsed / units), note };
}

export function markdownTable(rows: readonly GasRow[]): string {
  const lines = [
    "| operation | gas used | units | gas per unit | note |",
    "| --- | ---: | ---: | ---: | --- |",
    ...rows.map((r) => `| ${r.operation} | ${r.gasUsed} | ${r.units} | ${r.gasPerUnit} | ${r.note} |`),
  ];
  return lines.join("\n");
}

/** Prints the rows and writes bench/<name>.json and bench/<name>.md (or, under PCX_GAS_CHECK=1, checks them). */
export function writeReport(name: string, title: string, intro: string, rows: readonly GasRow[], after = ""): void {
  const table = markdownTable(rows);
  console.log(`\n${title}\n\n${table}\n`);
  const json = { title, rows };
  if (checkAgainstCommitted(name, gasFigures(json))) return;
  const dir = path.join(REPO_ROOT, "bench");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(json, null, 2) + "\n");
  writeFileSync(path.join(dir, `${name}.md`), `# ${title}\n\n${intro}\n\n${table}\n${after ? `\n${after}\n` : ""}`);
  console.log(`wrote bench/${name}.json and bench/${name}.md`);
}

/**
 * Every gas figure of a report, by name: `rows[].gasUsed` by operation, and the order book's
 * `figures[depth][operation]`. Reports are deterministic (fixed keys, owners and timestamps).
 */
export function gasFigures(report: unknown): Map<string, number> {
  const out = new Map<string, number>();
  const r = report as { rows?: { operation: string; gasUsed: number }[]; figures?: Record<string, Record<string, string | number>> };
  for (const row of r.rows ?? []) out.set(row.operation, Number(row.gasUsed));
  for (const [depth, figures] of Object.entries(r.figures ?? {})) for (const [op, gas] of Object.entries(figures)) out.set(`${op} (R = ${depth})`, Number(gas));
  return out;
}

/**
 * The gas snapshot check (`npm run bench:gas:check`): under PCX_GAS_CHECK=1 a bench compares what
 * it measured with its committed bench/<name>.json instead of writing, and exits 1 naming every
 * figure that moved by more than PCX_GAS_TOLERANCE_PCT (default 0: the benches are deterministic),
 * appeared or disappeared. So no gas figure changes without its report being re-committed.
 * Returns true when it checked (nothing is written then).
 */
export function checkAgainstCommitted(name: string, measured: Map<string, number>): boolean {
  if (process.env.PCX_GAS_CHECK !== "1") return false;
  const file = path.join(REPO_ROOT, "bench", `${name}.json`);
  const committed = existsSync(file) ? gasFigures(JSON.parse(readFileSync(file, "utf8"))) : new Map<string, number>();
  const tolerance = Number(process.env.PCX_GAS_TOLERANCE_PCT ?? "0") / 100;
  const problems: string[] = [];
  for (const [op, gas] of measured) {
    const was = committed.get(op);
    if (was === undefined) problems.push(`new figure "${op}": ${gas}`);
    else if (Math.abs(gas - was) > was * tolerance) problems.push(`"${op}": ${was} → ${gas} (${gas > was ? "+" : ""}${(((gas - was) / was) * 100).toFixed(2)} %)`);
  }
  for (const op of committed.keys()) if (!measured.has(op)) problems.push(`figure "${op}" no longer measured`);
  if (problems.length) {
    console.error(`bench/${name}.json is out of date (${problems.length}):\n  ${problems.join("\n  ")}\nre-run the bench without PCX_GAS_CHECK and commit its report`);
    process.exit(1);
  }
  console.log(`bench/${name}.json: all ${measured.size} gas figures as committed`);
  return true;
}
