import fs from "node:fs";
import { performance } from "node:perf_hooks";
import knexFactory, { type Knex } from "knex";
import {
  countRows,
  CopyRefusedError,
  SKIPPED_TABLES,
  type CopyOptions,
  type CopyReport,
  type TableCount,
} from "./common.js";
import { copyTables } from "./load.js";
import { planCopy, prepareTarget } from "./plan.js";

export {
  CopyRefusedError,
  SKIPPED_TABLES,
  type CopyMethod,
  type CopyOptions,
  type CopyReport,
  type RebuiltTable,
  type TableCount,
} from "./common.js";

/**
 * `npm run db:copy`: copies a SQLite database into an empty PostgreSQL one, for a county that
 * outgrows one machine.
 *
 * - The target is migrated with this program's migrations; it must then hold nothing but what
 *   the migrations themselves put in an empty database (the dispute types, the statistics state
 *   row). The counts are compared with a throwaway in-memory SQLite database migrated the same
 *   way. A database that has tables but no migration record (another application's) is refused
 *   before anything is created in it.
 * - The source must have exactly the migrations the target now has: a row-for-row copy needs the
 *   same tables and columns on both sides (checked too).
 * - Everything is read from one SQLite read transaction (a consistent snapshot, even if a server
 *   is still writing) and written in one PostgreSQL transaction: a failed copy leaves the target
 *   migrated and empty, and can simply be run again.
 * - Constraints: when the connecting user owns the tables (the usual case: we just migrated them),
 *   the load goes as pg_restore's does: the stats triggers are switched off (DISABLE TRIGGER USER),
 *   foreign keys and secondary indexes dropped, the rows copied, then the indexes rebuilt and the
 *   foreign keys added again, which checks every row against every key in one pass; all before
 *   the commit, so a failure rolls back the constraints too, and a copy that commits is
 *   referentially sound. Otherwise (Knex's foreign keys are NOT DEFERRABLE, and switching them off
 *   by session_replication_role needs a superuser) tables go in parents first, in the order the
 *   target's own foreign keys give, checked row by row; a table that refers to itself
 *   (regions.parent_code) is read whole and written parents first.
 * - Transfer: COPY FROM STDIN in pages of 10,000 rows. SQLite writes COPY's text format itself
 *   (one string per page: no row objects in JavaScript), sent through pg's own protocol messages
 *   (no pg-copy-streams); the next page is read while one is written. Rows are paged by SQLite
 *   rowid, so any primary key works. Method "insert" (and self-referencing tables) use multi-row
 *   INSERTs under PostgreSQL's 65,535 bind parameters, one named prepared statement per table.
 * - Values: SQLite's 0/1 become booleans where the target column is boolean; numbers in text
 *   columns become text; instants and dates are ISO text on both sides already. SQLite integers
 *   arrive as JavaScript numbers: exact up to 2^53 (amounts are in fen, far below).
 * - Not copied: `sessions` (web logins: short-lived, tied to the old server; users log in again
 *   after the move) and `api_tokens` (bearer tokens expire within hours; integrations ask for a new
 *   one, and no credential outlives the move). The Knex bookkeeping tables (`knex_migrations`,
 *   `knex_migrations_lock`) are the target's own, written by migrating it.
 * - Statistics: stats_facts, stats_monthly, stats_monthly_days and stats_state are maintained
 *   aggregates of the case tables, computed by the same code on both databases, so they are copied
 *   as they are (exact, and seconds instead of a recount of every case). The stats triggers on the
 *   target are switched off for the copy (ALTER TABLE … DISABLE TRIGGER USER, inside the
 *   transaction, so they come back on whatever happens) or, when we do not own the tables, their
 *   marks are deleted before stats_dirty is copied. stats_dirty itself is copied as it is: cases
 *   the SQLite database had not counted yet are counted by the first refresh on PostgreSQL, so the
 *   statistics answer the same on both.
 * - Sequences: every serial column's sequence is set past the largest id copied, or past SQLite's
 *   AUTOINCREMENT counter when that is higher (an id SQLite handed out once, e.g. a deleted case's,
 *   is not handed out again).
 * - Search index: case_search is derived from cases and parties, and differs by dialect (an FTS5
 *   virtual table with its shadow tables on SQLite, a tsvector table on PostgreSQL), so it is not
 *   copied: it is built again from the copied snapshot's cases and parties by the application's
 *   own backfill, in the same transaction, before the indexes are rebuilt. The caller passes that
 *   builder in `rebuilt` (src/cases/search-rebuild.ts: db/ imports no feature); without one the
 *   target's case_search has no counterpart in the source and the copy is refused. SQLite's virtual and shadow tables are never taken for tables to copy.
 * - Verification: after the commit the rows of every table are counted on both sides (the
 *   rebuilt search index against the documents in SQLite's).
 */

/** Copies `from` (SQLite) into `to` (an empty PostgreSQL database); refuses with CopyRefusedError. */
export async function copyDatabase(options: CopyOptions): Promise<CopyReport> {
  const { from, to } = options;
  const log = options.log ?? (() => {});
  if (from.client !== "sqlite")
    throw new CopyRefusedError("源数据库必须是 SQLite（--from sqlite:文件路径）。");
  if (to.client !== "postgres") {
    throw new CopyRefusedError("目标数据库必须是 PostgreSQL（--to postgres://用户@主机:5432/库名）。");
  }
  if (from.filename === ":memory:" || !fs.statSync(from.filename, { throwIfNoEntry: false })?.isFile()) {
    throw new CopyRefusedError(`找不到源数据库文件：${from.filename}`);
  }
  const started = performance.now();
  const source = openSqliteReadOnly(from.filename);
  const target = openTarget(to.connectionString);
  try {
    await prepareTarget(target);
    const rebuilt = options.rebuilt ?? {};
    const plan = await planCopy(source, target, Object.keys(rebuilt));
    log(
      `目标库已迁移且为空；复制 ${plan.order.length} 张表（不复制：${Object.keys(SKIPPED_TABLES).join("、")}；复制后重建：${Object.keys(rebuilt).join("、")}）。`,
    );
    const { sourceCounts, triggers, msByTable, method } = await source.transaction((src) =>
      copyTables(src, target, plan, options, log),
    );
    log("ANALYZE（为新数据更新查询计划统计）…");
    await target.raw("ANALYZE");
    const tables: TableCount[] = [];
    for (const table of [
      ...plan.order,
      ...Object.keys(rebuilt).filter((t) => plan.all.includes(t)),
      ...Object.keys(SKIPPED_TABLES).filter((t) => plan.all.includes(t)),
    ]) {
      tables.push({
        table,
        source: sourceCounts.get(table) ?? 0,
        target: await countRows(target, table),
        skipped: SKIPPED_TABLES[table],
        rebuilt: rebuilt[table]?.label,
        ms: msByTable.get(table),
      });
    }
    const copied = tables.filter((t) => !t.skipped);
    return {
      tables,
      ok: copied.every((t) => t.source === t.target),
      rows: copied.filter((t) => !t.rebuilt).reduce((s, t) => s + t.target, 0),
      ms: performance.now() - started,
      triggers,
      method,
    };
  } finally {
    await source.destroy();
    await target.destroy();
  }
}

/** A plain SQLite connection that cannot write (PRAGMA query_only) and changes nothing on open. */
function openSqliteReadOnly(filename: string): Knex {
  return knexFactory({
    client: "sqlite3",
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        conn.exec("PRAGMA query_only = 1; PRAGMA busy_timeout = 10000;", (err) => done(err, conn));
      },
    },
  });
}

/** PostgreSQL through Knex, without Knex's stack trace on a failed connection (reported below). */
function openTarget(connectionString: string): Knex {
  return knexFactory({
    client: "pg",
    connection: connectionString,
    pool: { min: 0, max: 2 },
    log: {
      warn: (message: string) => {
        if (!message.startsWith("Acquire connection error")) console.warn(message);
      },
    },
  });
}

interface SqliteConnection {
  exec(sql: string, cb: (err: Error | null) => void): void;
}

/** The counts as a table for the terminal. */
export function formatCounts(report: CopyReport): string {
  const width = (s: string) => [...s].reduce((w, ch) => w + (ch.codePointAt(0)! > 0x2e80 ? 2 : 1), 0);
  const pad = (s: string, n: number, right = false) =>
    right ? " ".repeat(Math.max(0, n - width(s))) + s : s + " ".repeat(Math.max(0, n - width(s)));
  const rows = report.tables.map((t) => [
    t.table,
    t.source.toLocaleString("en-US"),
    t.skipped ? "-" : t.target.toLocaleString("en-US"),
    t.skipped
      ? `未复制：${t.skipped}`
      : (t.source === t.target ? "一致" : "不一致！") + (t.rebuilt ? `（${t.rebuilt}）` : ""),
  ]);
  const head = ["表", "SQLite", "PostgreSQL", "结果"];
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (r: string[]) =>
    r
      .map((c, i) => pad(c, widths[i]!, i === 1 || i === 2))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
