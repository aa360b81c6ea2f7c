import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { DateTime } from "luxon";
import { ZONE } from "../shared/dates.js";
import sqlite3 from "sqlite3";
import type { DatabaseConfig } from "../config.js";

/**
 * `npm run backup`: a consistent copy of a live SQLite database.
 *
 * `VACUUM INTO` reads the database inside one read transaction and writes a new, compacted file:
 * under WAL it sees one snapshot while the server goes on writing (readers do not block writers),
 * so the copy holds exactly the transactions committed before it started, never half of one.
 * Copying the file with `cp` does not: the WAL beside it holds recent commits, and a copy taken
 * mid-write can be torn. The copy is then opened read-only and checked (`PRAGMA integrity_check`),
 * and its cases counted. An existing file is never overwritten. PostgreSQL has pg_dump for this.
 */

type Row = Record<string, unknown>;

export class BackupRefusedError extends Error {}

export interface BackupResult {
  file: string;
  bytes: number;
  /** "ok", or what PRAGMA integrity_check found. */
  integrity: string;
  /** Cases in the copy (null when the database has no cases table yet). */
  cases: number | null;
  ms: number;
}

/** Where a backup goes by default: backups/ beside the database, named by the time in Beijing. */
export function defaultBackupFile(databaseFile: string, now: Date): string {
  const stamp = DateTime.fromJSDate(now, { zone: ZONE }).toFormat("yyyyMMdd-HHmmss");
  return path.join(path.dirname(databaseFile), "backups", `fengqiao-${stamp}.db`);
}

export async function backupDatabase(options: {
  database: DatabaseConfig;
  /** The file to write; by default defaultBackupFile(). */
  to?: string;
  now?: Date;
}): Promise<BackupResult> {
  const { database } = options;
  if (database.client !== "sqlite") {
    throw new BackupRefusedError(
      "DATABASE_URL 指向 PostgreSQL：npm run backup 只备份 SQLite 数据库。PostgreSQL 请用 pg_dump，例如 pg_dump -Fc -f fengqiao.dump postgres://用户@主机:5432/库名。",
    );
  }
  const from = database.filename;
  if (from === ":memory:") throw new BackupRefusedError("内存数据库（:memory:）无法备份。");
  if (!fs.statSync(from, { throwIfNoEntry: false })?.isFile()) {
    throw new BackupRefusedError(`找不到数据库文件：${from}`);
  }
  const to = path.resolve(options.to ?? defaultBackupFile(from, options.now ?? new Date()));
  if (to === path.resolve(from)) throw new BackupRefusedError("备份文件不能是数据库文件本身。");
  if (fs.existsSync(to)) {
    throw new BackupRefusedError(`备份文件已存在：${to}。不会覆盖，请用 --to 指定另一个文件名。`);
  }
  fs.mkdirSync(path.dirname(to), { recursive: true });

  const started = performance.now();
  // Read-write only so that a WAL database's shared memory can be used; nothing is written to it.
  const db = await open(from, sqlite3.OPEN_READWRITE);
  try {
    db.configure("busyTimeout", 10_000);
    await all(db, "VACUUM INTO ?", [to]);
  } catch (err) {
    fs.rmSync(to, { force: true });
    throw err;
  } finally {
    await close(db);
  }
  const ms = performance.now() - started;

  const copy = await open(to, sqlite3.OPEN_READONLY);
  try {
    const problems = (await all(copy, "PRAGMA integrity_check")).map((r) => String(Object.values(r)[0]));
    const integrity = problems.join("; ");
    const hasCases = (await all(copy, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cases'"))
      .length;
    const cases = hasCases ? Number((await all(copy, "SELECT COUNT(*) AS n FROM cases"))[0]?.n ?? 0) : null;
    return { file: to, bytes: fs.statSync(to).size, integrity, cases, ms };
  } finally {
    await close(copy);
  }
}

function open(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(db)));
  });
}

function all(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as Row[])));
  });
}

function close(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve) => db.close(() => resolve()));
}
