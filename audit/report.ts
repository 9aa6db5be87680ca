/**
 * Prints an audit report: a summary table per (domain, figure) and every mismatch in full,
 * or the whole report as JSON.
 */
import type { AuditReport } from "./audit.js";

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}

export function formatReport(report: AuditReport): string {
  const lines: string[] = [];
  lines.push(`PCX audit — chain ${report.chainId}, blocks ${report.fromBlock}..${report.toBlock}`);
  lines.push(Object.entries(report.eventCounts).sort().map(([n, c]) => `${n}: ${c}`).join(", ") || "no events");
  lines.push("");
  const groups = new Map<string, { checked: number; failed: number }>();
  for (const c of report.checks) {
    const key = `${c.domain}\u0000${c.figure}`;
    const g = groups.get(key) ?? { checked: 0, failed: 0 };
    g.checked++;
    if (!c.ok) g.failed++;
    groups.set(key, g);
  }
  const rows = [["domain", "figure", "checked", "mismatched", "status"]];
  for (const [key, g] of groups) {
    const [domain, figure] = key.split("\u0000");
    rows.push([domain!, figure!, String(g.checked), String(g.failed), g.failed ? "MISMATCH" : "ok"]);
  }
  lines.push(table(rows));
  lines.push("", "Observations:", ...report.observations.map((o) => `  ${o}`), "");
  if (report.mismatches.length === 0) {
    lines.push(`CLEAN: ${report.checks.length} figures rebuilt from events match the chain.`);
  } else {
    lines.push(`${report.mismatches.length} MISMATCH(ES):`);
    const mrows = [["domain", "figure", "subject", "expected (rebuilt)", "actual (chain; indexer for domain indexer)"]];
    for (const m of report.mismatches) mrows.push([m.domain, m.figure, m.subject, m.expected, m.actual]);
    lines.push(table(mrows));
  }
  return lines.join("\n");
}

export function reportJson(report: AuditReport): string {
  return JSON.stringify({ ...report, clean: report.mismatches.length === 0 }, null, 2);
}
