import { ConfigError, parseDatabaseUrl } from "../config.js";
import { backupDatabase, BackupRefusedError } from "../db/backup.js";
import { commandArgs } from "./args.js";

/**
 * npm run backup -- [--to FILE]
 *
 * A consistent copy of the SQLite database in DATABASE_URL, also while the server runs
 * (src/db/backup.ts). By default into backups/ beside the database (./data/backups/ for the
 * default database), named by the time in Beijing. Exit code 1: refused, failed, or the copy did
 * not pass the integrity check.
 */
const USAGE =
  "用法：npm run backup -- [--to 文件]\n" +
  "在线备份 DATABASE_URL 指向的 SQLite 数据库（默认写到数据库旁的 backups/fengqiao-年月日-时分秒.db）。";

const args = commandArgs({ to: { type: "string" } }, USAGE);

try {
  const database = parseDatabaseUrl(process.env.DATABASE_URL ?? "sqlite:./data/fengqiao.db");
  const r = await backupDatabase({ database, to: args.to });
  const mb = (r.bytes / 1024 / 1024).toFixed(1);
  console.log(`已备份到 ${r.file}（${mb} MB，用时 ${(r.ms / 1000).toFixed(1)} 秒）`);
  console.log(`完整性检查：${r.integrity}`);
  console.log(`案件数：${r.cases === null ? "（没有案件表）" : r.cases.toLocaleString("en-US")}`);
  if (r.integrity !== "ok") {
    console.error("备份文件未通过完整性检查，请勿使用；请检查数据库后重新备份。");
    process.exit(1);
  }
} catch (err) {
  if (err instanceof BackupRefusedError || err instanceof ConfigError) {
    console.error(`未备份：${err.message}`);
  } else {
    console.error(`备份失败：${(err as Error).message}`);
  }
  process.exit(1);
}
