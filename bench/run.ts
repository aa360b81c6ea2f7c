import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `npm run bench`: runs every bench/*.ts (but this file and shared helpers) one after another,
 * passing the command line through (e.g. `npm run bench -- --only documents`).
 * Each bench prints its results and writes them under bench/results/.
 */
const dir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.startsWith("_"))
  .filter((f) => !only || f.replace(/\.ts$/, "") === only)
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n== ${f}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(dir, f), ...args], {
    stdio: "inherit",
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
