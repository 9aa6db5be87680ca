/**
 * Helpers for the gas benchmarks: measure a transaction, collect rows, print a table and write
 * the machine-readable JSON and the Markdown report under bench/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
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

/** Prints the rows and writes bench/<name>.json and bench/<name>.md. */
export function writeReport(name: string, title: string, intro: string, rows: readonly GasRow[], after = ""): void {
  const dir = path.join(REPO_ROOT, "bench");
  mkdirSync(dir, { recursive: true });
  const table = markdownTable(rows);
  console.log(`\n${title}\n\n${table}\n`);
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ title, rows }, null, 2) + "\n");
  writeFileSync(path.join(dir, `${name}.md`), `# ${title}\n\n${intro}\n\n${table}\n${after ? `\n${after}\n` : ""}`);
  console.log(`wrote bench/${name}.json and bench/${name}.md`);
}
