import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function machine() {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

/** Writes a bench's results as JSON and a Markdown table under bench/results/. */
export function writeResults(
  name: string,
  rows: Record<string, string | number>[],
  extra: Record<string, unknown> = {},
): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const at = new Date().toISOString();
  fs.writeFileSync(
    path.join(RESULTS_DIR, `${name}.json`),
    JSON.stringify({ at, machine: machine(), ...extra, rows }, null, 2),
  );
  const cols = Object.keys(rows[0] ?? {});
  const md = [
    `# ${name} (${at})`,
    "",
    `Machine: ${JSON.stringify(machine())}`,
    "",
    ...(typeof extra.setup === "string" ? [`Set-up: ${extra.setup}`, ""] : []),
    `| ${cols.join(" | ")} |`,
    `| ${cols.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${cols.map((c) => r[c]).join(" | ")} |`),
    "",
  ].join("\n");
  fs.writeFileSync(path.join(RESULTS_DIR, `${name}.md`), md);
  console.log(md);
}
