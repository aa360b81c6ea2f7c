import { ConfigError, parseDatabaseUrl } from "../config.js";
import { REBUILT_TABLES } from "../cases/search-rebuild.js";
import { copyDatabase, CopyRefusedError, formatCounts } from "../db/copy/index.js";
import { commandArgs } from "./args.js";

/**
 * npm run db:copy -- [--from sqlite:./data/fengqiao.db] --to postgres://user@host:5432/db
 *
 * Copies a SQLite database into an empty PostgreSQL one (src/db/copy/). --from defaults to
 * DATABASE_URL. Exit code 1: refused or failed (nothing committed); 2: copied, but the row
 * counts differ.
 */
const USAGE =
  "用法：npm run db:copy -- [--from sqlite:./data/fengqiao.db] --to postgres://用户@主机:5432/库名\n" +
  "把 SQLite 数据库复制到一个空的 PostgreSQL 数据库（--from 默认取 DATABASE_URL）。";

/** A URL fit to print: the password hidden. */
function shown(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}

const args = commandArgs({ from: { type: "string" }, to: { type: "string" } }, USAGE);
if (!args.to) {
  console.error(`缺少 --to（目标 PostgreSQL 数据库）。\n${USAGE}`);
  process.exit(1);
}
const fromUrl = args.from ?? process.env.DATABASE_URL ?? "sqlite:./data/fengqiao.db";

try {
  const from = parseDatabaseUrl(fromUrl);
  const to = parseDatabaseUrl(args.to);
  console.log(`从 ${fromUrl} 复制到 ${shown(args.to)}`);
  const report = await copyDatabase({ from, to, log: (line) => console.log(line), rebuilt: REBUILT_TABLES });
  console.log(`\n${formatCounts(report)}\n`);
  const seconds = (report.ms / 1000).toFixed(1);
  if (!report.ok) {
    console.error(`行数不一致：复制不完整，请检查上表（用时 ${seconds} 秒）。`);
    process.exit(2);
  }
  console.log(`复制完成：${report.rows.toLocaleString("en-US")} 行，用时 ${seconds} 秒，各表行数一致。`);
} catch (err) {
  if (err instanceof CopyRefusedError || err instanceof ConfigError) {
    console.error(`未复制：${err.message}`);
  } else {
    console.error(`复制失败，目标库未写入任何数据：${(err as Error).message}`);
  }
  process.exit(1);
}
