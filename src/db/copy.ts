import fs from "node:fs";
import { performance } from "node:perf_hooks";
import knexFactory, { type Knex } from "knex";
import { buildCaseSearch, pgInsertSql, pgInsertValues } from "../cases/search-index.js";
import type { DatabaseConfig } from "../config.js";
import { createKnex } from "./knex.js";
import { migrateLatest } from "./migrations.js";

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
 *   own backfill (src/cases/search-index.ts), in the same transaction, before the indexes are
 *   rebuilt. SQLite's virtual and shadow tables are never taken for tables to copy.
 * - Verification: after the commit the rows of every table are counted on both sides (the
 *   rebuilt search index against the documents in SQLite's).
 */

type Row = Record<string, unknown>;

/** Tables that are not copied, and why (printed in the counts table). */
export const SKIPPED_TABLES: Readonly<Record<string, string>> = {
  sessions: "登录会话，迁移后重新登录",
  api_tokens: "API 令牌，数小时即过期，迁移后重新申请",
};

/** Tables built again on the target instead of copied, and how (printed in the counts table). */
export const REBUILT_TABLES: Readonly<Record<string, string>> = {
  case_search: "检索索引，由案件与当事人重建",
};

/** Written by the stats triggers: copied last, after any marks the copy itself made are cleared. */
const TRIGGER_WRITTEN = "stats_dirty";

const PG_MAX_PARAMS = 65_535;
const DEFAULT_BATCH_ROWS = { copy: 10_000, insert: 5000 };
const ROWID = "__fq_rowid";

export class CopyRefusedError extends Error {}

export interface TableCount {
  table: string;
  source: number;
  target: number;
  /** Why the table is not copied, for a skipped table. */
  skipped?: string;
  /** What the table was built again from, for a table rebuilt on the target. */
  rebuilt?: string;
  ms?: number;
}

export interface CopyReport {
  tables: TableCount[];
  /** Every copied table has as many rows on both sides. */
  ok: boolean;
  rows: number;
  ms: number;
  /** How the stats triggers were kept from marking every copied case. */
  triggers: "disabled" | "marks-cleared";
  method: CopyMethod;
}

/** COPY FROM STDIN (fast), or multi-row INSERTs (when the pg client cannot do COPY). */
export type CopyMethod = "copy" | "insert";

export interface CopyOptions {
  from: DatabaseConfig;
  to: DatabaseConfig;
  /** Progress lines (Chinese), e.g. console.log. */
  log?: (line: string) => void;
  /** By default COPY when the pg client allows it, else INSERT. */
  method?: CopyMethod;
  /** Rows per COPY or INSERT at most (an INSERT also stays under the 65,535 bind parameters). */
  batchRows?: number;
}

/** The pg connection Knex pools: queries, and the protocol messages COPY FROM STDIN needs. */
interface PgConnection {
  query(query: { text: string; values?: unknown[]; name?: string }): Promise<{ rows: Row[] }>;
  query(submittable: CopyFromStdin): unknown;
  connection?: { sendCopyFromChunk?: unknown };
}

interface PgProtocol {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * COPY … FROM STDIN without pg-copy-streams: a query object in pg's "submittable" form (the one
 * pg-cursor and pg-copy-streams use) that answers the server's CopyInResponse with the data and
 * CopyDone. The server checks the rows (types, constraints) as for an INSERT.
 */
class CopyFromStdin {
  constructor(
    private readonly text: string,
    private readonly data: Buffer,
    private readonly done: (err: Error | null) => void,
  ) {}
  submit(connection: PgProtocol): void {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: PgProtocol): void {
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }
  handleReadyForQuery(): void {
    this.done(null);
  }
  handleError(err: Error): void {
    this.done(err);
  }
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

function copyIn(conn: PgConnection, text: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    conn.query(
      new CopyFromStdin(text, data, (err) => {
        if (settled) return;
        settled = true;
        if (err) reject(err);
        else resolve();
      }),
    );
  });
}

/** SQL (SQLite) for a column's value in COPY's text format, by the PostgreSQL column type. */
function copyExpression(column: Column): string {
  const c = q(column.name);
  const escaped = (expr: string) =>
    `replace(replace(replace(replace(${expr}, '\\', '\\\\'), char(9), '\\t'), char(10), '\\n'), char(13), '\\r')`;
  const numeric = `typeof(${c}) IN ('integer', 'real')`;
  let expr: string;
  switch (column.type) {
    case "boolean":
      expr = `CASE WHEN ${c} IS NULL THEN NULL WHEN ${numeric} THEN (CASE WHEN ${c} <> 0 THEN 't' ELSE 'f' END)
                   WHEN lower(trim(CAST(${c} AS TEXT))) IN ('1', 't', 'true', 'y', 'yes', 'on') THEN 't' ELSE 'f' END`;
      break;
    case "timestamp with time zone":
    case "timestamp without time zone":
      // Knex on SQLite may store a Date as epoch milliseconds.
      expr = `CASE WHEN ${numeric} THEN strftime('%Y-%m-%dT%H:%M:%fZ', ${c} / 1000.0, 'unixepoch') ELSE ${escaped(`CAST(${c} AS TEXT)`)} END`;
      break;
    case "date":
      expr = `CASE WHEN ${numeric} THEN strftime('%Y-%m-%d', ${c} / 1000.0, 'unixepoch') ELSE ${escaped(`CAST(${c} AS TEXT)`)} END`;
      break;
    case "bytea":
      expr = `'\\\\x' || hex(${c})`;
      break;
    default:
      expr = escaped(`CAST(${c} AS TEXT)`);
  }
  return `COALESCE(${expr}, '\\N')`;
}

interface Column {
  name: string;
  type: string;
}

interface ForeignKey {
  child: string;
  parent: string;
  childColumns: string[];
  parentColumns: string[];
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const isBookkeeping = (t: string) => t.startsWith("knex_");

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
    const plan = await planCopy(source, target);
    log(
      `目标库已迁移且为空；复制 ${plan.order.length} 张表（不复制：${Object.keys(SKIPPED_TABLES).join("、")}；复制后重建：${Object.keys(REBUILT_TABLES).join("、")}）。`,
    );
    const { sourceCounts, triggers, msByTable, method } = await source.transaction((src) =>
      copyTables(src, target, plan, options, log),
    );
    log("ANALYZE（为新数据更新查询计划统计）…");
    await target.raw("ANALYZE");
    const tables: TableCount[] = [];
    for (const table of [
      ...plan.order,
      ...Object.keys(REBUILT_TABLES).filter((t) => plan.all.includes(t)),
      ...Object.keys(SKIPPED_TABLES).filter((t) => plan.all.includes(t)),
    ]) {
      tables.push({
        table,
        source: sourceCounts.get(table) ?? 0,
        target: await countRows(target, table),
        skipped: SKIPPED_TABLES[table],
        rebuilt: REBUILT_TABLES[table],
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

async function countRows(db: Knex | Knex.Transaction, table: string): Promise<number> {
  const row = (await db(table).count({ n: "*" }).first()) as Row | undefined;
  return Number(row?.n ?? 0);
}

async function pgTables(target: Knex): Promise<string[]> {
  const rows = (await target.raw(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  )) as { rows: Row[] };
  return rows.rows.map((r) => String(r.name));
}

/** Ordinary tables: not virtual tables (FTS5) or their shadow tables, nor SQLite's own. */
async function sqliteTables(db: Knex | Knex.Transaction): Promise<string[]> {
  const rows = (await db.raw(
    "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  )) as Row[];
  return rows.map((r) => String(r.name));
}

/** Refuses a foreign database, migrates ours, and refuses if it then holds more than the migrations put in. */
async function prepareTarget(target: Knex): Promise<void> {
  let before: string[];
  try {
    before = await pgTables(target);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === "3D000") {
      throw new CopyRefusedError(`目标数据库不存在：${e.message}。请先建一个空库（createdb 库名）。`);
    }
    throw new CopyRefusedError(`无法连接目标数据库：${e.message}`);
  }
  if (before.length > 0 && !before.includes("knex_migrations")) {
    throw new CopyRefusedError(
      `目标数据库不是空库，已有其他表（${listed(before)}），且不是枫桥的数据库。请新建一个空库（createdb 库名）再复制。`,
    );
  }
  await migrateLatest(target);
  const baseline = await migratedBaseline();
  const extra: string[] = [];
  // The tables a person recognises first in the message.
  const first = ["cases", "users", "organisations", "regions"];
  const tables = (await pgTables(target)).filter((t) => !isBookkeeping(t));
  for (const table of [
    ...first.filter((t) => tables.includes(t)),
    ...tables.filter((t) => !first.includes(t)),
  ]) {
    const n = await countRows(target, table);
    if (n !== (baseline.get(table) ?? 0)) extra.push(`${table} ${n} 行`);
  }
  if (extra.length > 0) {
    throw new CopyRefusedError(
      `目标数据库已有数据（${listed(extra)}）。db:copy 只复制到空库，不覆盖也不合并已有数据；请新建一个空库（createdb 库名）再复制。`,
    );
  }
}

/** Rows per table in a freshly migrated database (the migrations' own seeds). */
async function migratedBaseline(): Promise<Map<string, number>> {
  const mem = createKnex({ client: "sqlite", filename: ":memory:" });
  try {
    await migrateLatest(mem);
    const out = new Map<string, number>();
    for (const t of await sqliteTables(mem)) out.set(t, await countRows(mem, t));
    return out;
  } finally {
    await mem.destroy();
  }
}

function listed(items: string[], max = 8): string {
  return items.length > max ? `${items.slice(0, max).join("、")} 等 ${items.length} 项` : items.join("、");
}

interface Plan {
  /** Every application table on the target (copied and skipped). */
  all: string[];
  /** The tables to copy, parents first, stats_dirty last. */
  order: string[];
  columns: Map<string, Column[]>;
  /** A table's foreign key to itself, if any. */
  selfKeys: Map<string, ForeignKey>;
  /** Serial columns and their sequences. */
  sequences: { table: string; column: string; sequence: string }[];
}

/** Checks that source and target have the same migrations, tables and columns; orders the copy. */
async function planCopy(source: Knex, target: Knex): Promise<Plan> {
  const sourceTables = await sqliteTables(source);
  if (!sourceTables.includes("knex_migrations")) {
    throw new CopyRefusedError("源数据库没有迁移记录（knex_migrations 表），不是枫桥的数据库？");
  }
  const names = async (db: Knex) =>
    new Set(((await db("knex_migrations").select("name")) as Row[]).map((r) => String(r.name)));
  const sourceMigrations = await names(source);
  const targetMigrations = await names(target);
  const missing = [...targetMigrations].filter((m) => !sourceMigrations.has(m));
  const unknown = [...sourceMigrations].filter((m) => !targetMigrations.has(m));
  if (missing.length > 0) {
    throw new CopyRefusedError(
      `源数据库的迁移版本比本程序旧，缺少迁移：${listed(missing)}。请先迁移源库（DATABASE_URL=sqlite:文件路径 npm run migrate）再复制。`,
    );
  }
  if (unknown.length > 0) {
    throw new CopyRefusedError(
      `源数据库有本程序没有的迁移：${listed(unknown)}。请用与源库同一版本的枫桥执行复制。`,
    );
  }

  const targetTables = (await pgTables(target)).filter((t) => !isBookkeeping(t));
  const sourceApp = sourceTables.filter((t) => !isBookkeeping(t));
  const onlySource = sourceApp.filter((t) => !targetTables.includes(t));
  const onlyTarget = targetTables.filter((t) => !sourceApp.includes(t) && !(t in REBUILT_TABLES));
  if (onlySource.length + onlyTarget.length > 0) {
    throw new CopyRefusedError(
      `两边的表不一致（仅源库有：${listed(onlySource) || "无"}；仅目标库有：${listed(onlyTarget) || "无"}）。`,
    );
  }

  const columns = new Map<string, Column[]>();
  const colRows = (await target.raw(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  )) as { rows: Row[] };
  for (const r of colRows.rows) {
    const t = String(r.table_name);
    if (!targetTables.includes(t)) continue;
    columns.set(t, [...(columns.get(t) ?? []), { name: String(r.column_name), type: String(r.data_type) }]);
  }
  for (const t of targetTables.filter((x) => !(x in REBUILT_TABLES))) {
    const src = ((await source.raw(`PRAGMA table_info(${q(t)})`)) as Row[]).map((r) => String(r.name)).sort();
    const dst = (columns.get(t) ?? []).map((c) => c.name).sort();
    if (src.join(",") !== dst.join(",")) {
      throw new CopyRefusedError(
        `表 ${t} 的列两边不一致（源库：${src.join(", ")}；目标库：${dst.join(", ")}）。`,
      );
    }
  }

  const fkRows = (await target.raw(
    `SELECT child.relname AS child, parent.relname AS parent,
            ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS child_columns,
            ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS parent_columns
       FROM pg_constraint c
       JOIN pg_class child ON child.oid = c.conrelid
       JOIN pg_class parent ON parent.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = current_schema()`,
  )) as { rows: Row[] };
  const keys: ForeignKey[] = fkRows.rows.map((r) => ({
    child: String(r.child),
    parent: String(r.parent),
    childColumns: r.child_columns as string[],
    parentColumns: r.parent_columns as string[],
  }));
  const selfKeys = new Map<string, ForeignKey>();
  for (const k of keys) {
    if (k.child !== k.parent) continue;
    if (selfKeys.has(k.child)) throw new Error(`表 ${k.child} 有不止一个指向自身的外键，无法排序`);
    selfKeys.set(k.child, k);
  }
  const toCopy = targetTables.filter((t) => !(t in SKIPPED_TABLES) && !(t in REBUILT_TABLES));
  const order = parentsFirst(
    toCopy.filter((t) => t !== TRIGGER_WRITTEN),
    keys.filter((k) => k.child !== k.parent),
  );
  if (toCopy.includes(TRIGGER_WRITTEN)) order.push(TRIGGER_WRITTEN);

  const seqRows = (await target.raw(
    `SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) AS seq
       FROM information_schema.columns
      WHERE table_schema = current_schema() AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')`,
  )) as { rows: Row[] };
  const sequences = seqRows.rows
    .filter((r) => r.seq && targetTables.includes(String(r.table_name)))
    .map((r) => ({ table: String(r.table_name), column: String(r.column_name), sequence: String(r.seq) }));
  return { all: targetTables, order, columns, selfKeys, sequences };
}

/** Tables ordered so that every table comes after the tables it refers to (Kahn, ties by name). */
function parentsFirst(tables: string[], keys: ForeignKey[]): string[] {
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const k of keys)
    if (parents.has(k.child) && parents.has(k.parent)) parents.get(k.child)!.add(k.parent);
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t) && [...parents.get(t)!].every((p) => done.has(p)));
    if (ready.length === 0) {
      throw new Error(`外键成环，无法确定复制顺序：${tables.filter((t) => !done.has(t)).join("、")}`);
    }
    for (const t of ready.sort()) {
      order.push(t);
      done.add(t);
    }
  }
  return order;
}

/** The conversion of a SQLite value for a PostgreSQL column type. */
function converter(type: string): (v: unknown) => unknown {
  switch (type) {
    case "boolean":
      return (v) =>
        v === null || v === undefined
          ? null
          : typeof v === "string"
            ? /^(1|t|true|y|yes|on)$/i.test(v.trim())
            : Boolean(Number(v));
    case "text":
    case "character varying":
    case "character":
      return (v) =>
        v === null || v === undefined
          ? null
          : typeof v === "string"
            ? v
            : Buffer.isBuffer(v)
              ? v.toString("utf8")
              : String(v);
    case "json":
    case "jsonb":
      return (v) => (v === null || v === undefined ? null : typeof v === "string" ? v : JSON.stringify(v));
    case "timestamp with time zone":
    case "timestamp without time zone":
      // Knex on SQLite may store a Date as epoch milliseconds.
      return (v) => (typeof v === "number" ? new Date(v).toISOString() : (v ?? null));
    case "date":
      return (v) => (typeof v === "number" ? new Date(v).toISOString().slice(0, 10) : (v ?? null));
    default:
      return (v) => v ?? null;
  }
}

async function copyTables(
  src: Knex.Transaction,
  target: Knex,
  plan: Plan,
  options: CopyOptions,
  log: (line: string) => void,
): Promise<{
  sourceCounts: Map<string, number>;
  triggers: CopyReport["triggers"];
  msByTable: Map<string, number>;
  method: CopyMethod;
}> {
  // Counted in the same read transaction as the copy: the snapshot the copy is made from.
  const sourceCounts = new Map<string, number>();
  for (const t of plan.all) sourceCounts.set(t, await countRows(src, t));
  const autoincrement = new Map<string, number>();
  if ((await src.raw("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")).length > 0) {
    for (const r of (await src.raw("SELECT name, seq FROM sqlite_sequence")) as Row[]) {
      autoincrement.set(String(r.name), Number(r.seq));
    }
  }

  const conn = (await target.client.acquireConnection()) as PgConnection;
  const run = (text: string, values?: unknown[]) => conn.query({ text, values });
  const msByTable = new Map<string, number>();
  const canCopy = typeof conn.connection?.sendCopyFromChunk === "function";
  const method = options.method ?? (canCopy ? "copy" : "insert");
  if (method === "copy" && !canCopy) throw new Error("此 pg 客户端不支持 COPY，请改用 INSERT");
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS[method];
  try {
    await run("BEGIN");
    // Only the migrations' seeds are there (checked); the source's rows replace them.
    await run(`TRUNCATE ${plan.all.map(q).join(", ")}`);
    // As owner of the tables (we migrated them), load the way pg_restore does: triggers off,
    // foreign keys and secondary indexes dropped, then re-created (and every foreign key checked)
    // once the rows are in, all in this transaction. Otherwise rows go in parents first with every
    // constraint checked per row, and the marks the stats triggers make are cleared.
    const owned =
      (
        await run(
          `SELECT COALESCE(bool_and(pg_has_role(c.relowner, 'USAGE')), false) AS owned
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname = ANY($1::text[])`,
          [plan.all],
        )
      ).rows[0]?.owned === true;
    const inSchema = `n.nspname = current_schema() AND t.relname = ANY($1::text[])`;
    const triggerTables = owned
      ? (
          await run(
            `SELECT DISTINCT t.relname AS name FROM pg_trigger g
               JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
              WHERE NOT g.tgisinternal AND ${inSchema}`,
            [plan.all],
          )
        ).rows.map((r) => String(r.name))
      : [];
    const foreignKeys = owned
      ? (
          await run(
            `SELECT k.conname AS name, t.relname AS table, pg_get_constraintdef(k.oid) AS def FROM pg_constraint k
               JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
              WHERE k.contype = 'f' AND ${inSchema} ORDER BY k.conname`,
            [plan.all],
          )
        ).rows
      : [];
    const indexes = owned
      ? (
          await run(
            `SELECT x.relname AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
               JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
               JOIN pg_namespace n ON n.oid = t.relnamespace
              WHERE NOT i.indisprimary AND NOT i.indisunique AND ${inSchema} ORDER BY x.relname`,
            [plan.all],
          )
        ).rows
      : [];
    for (const t of triggerTables) await run(`ALTER TABLE ${q(t)} DISABLE TRIGGER USER`);
    for (const k of foreignKeys)
      await run(`ALTER TABLE ${q(String(k.table))} DROP CONSTRAINT ${q(String(k.name))}`);
    for (const x of indexes) await run(`DROP INDEX ${q(String(x.name))}`);

    for (const [i, table] of plan.order.entries()) {
      const t0 = performance.now();
      if (table === TRIGGER_WRITTEN) await run(`DELETE FROM ${q(table)}`);
      const n = await copyTable(
        src,
        conn,
        table,
        plan,
        { method, batchRows, statementName: `fq_copy_${i}` },
        log,
      );
      const ms = performance.now() - t0;
      msByTable.set(table, ms);
      if (n >= 10_000 || ms >= 1000)
        log(`  ${table}：${n.toLocaleString("en-US")} 行，${(ms / 1000).toFixed(1)} 秒`);
    }

    if (plan.all.includes("case_search")) {
      // From the snapshot just copied, by the same code the migration indexes cases with.
      const t0 = performance.now();
      log("重建检索索引（case_search）…");
      const n = await buildCaseSearch(
        src,
        async (docs) => {
          await run(pgInsertSql("$1", "$2"), pgInsertValues(docs));
        },
        { log },
      );
      const ms = performance.now() - t0;
      msByTable.set("case_search", ms);
      log(`  case_search：${n.toLocaleString("en-US")} 件案件，${(ms / 1000).toFixed(1)} 秒`);
    }
    for (const s of plan.sequences) {
      const max = Number((await run(`SELECT MAX(${q(s.column)}) AS m FROM ${q(s.table)}`)).rows[0]?.m ?? 0);
      const next = Math.max(max, autoincrement.get(s.table) ?? 0) + 1;
      await run("SELECT setval($1::regclass, $2, false)", [s.sequence, next]);
    }
    if (owned) {
      const t0 = performance.now();
      log(`重建 ${indexes.length} 个索引，恢复并校验 ${foreignKeys.length} 个外键…`);
      await run("SET LOCAL maintenance_work_mem = '256MB'");
      for (const x of indexes) await run(String(x.def));
      for (const k of foreignKeys) {
        try {
          await run(`ALTER TABLE ${q(String(k.table))} ADD CONSTRAINT ${q(String(k.name))} ${String(k.def)}`);
        } catch (err) {
          const e = err as { message?: string; detail?: string };
          throw new Error(
            `表 ${String(k.table)} 的外键校验失败：${e.message}${e.detail ? `（${e.detail}）` : ""}`,
            {
              cause: err,
            },
          );
        }
      }
      for (const t of triggerTables) await run(`ALTER TABLE ${q(t)} ENABLE TRIGGER USER`);
      log(`  用时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒`);
    }
    log("提交事务…");
    await run("COMMIT");
    return { sourceCounts, triggers: owned ? "disabled" : "marks-cleared", msByTable, method };
  } catch (err) {
    await run("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    await target.client.releaseConnection(conn);
  }
}

async function copyTable(
  src: Knex.Transaction,
  conn: PgConnection,
  table: string,
  plan: Plan,
  how: { method: CopyMethod; batchRows: number; statementName: string },
  log: (line: string) => void,
): Promise<number> {
  const columns = plan.columns.get(table)!;
  const columnList = columns.map((c) => q(c.name)).join(", ");
  let copied = 0;
  let reported = performance.now();
  const counted = async (rows: number, send: () => Promise<void>) => {
    try {
      await send();
    } catch (err) {
      const e = err as { message?: string; detail?: string; where?: string };
      const context = [e.detail, e.where].filter(Boolean).join("；");
      throw new Error(
        `复制表 ${table} 失败（第 ${copied + 1}–${copied + rows} 行之间）：${e.message}${context ? `（${context}）` : ""}`,
        { cause: err },
      );
    }
    copied += rows;
    if (performance.now() - reported >= 10_000) {
      reported = performance.now();
      log(`  ${table}：已复制 ${copied.toLocaleString("en-US")} 行…`);
    }
  };
  // Pages of the source in rowid order; the next page is read while this one is written.
  const pages = async <T extends { rows: number; last: number }>(
    read: (after: number | null) => Promise<T>,
    write: (page: T) => Promise<void>,
    perPage: number,
  ) => {
    const next = (after: number | null) => {
      const p = read(after);
      p.catch(() => {}); // awaited below; this only keeps a failure during a write from going unhandled
      return p;
    };
    let pending = next(null);
    for (;;) {
      const page = await pending;
      if (page.rows === 0) break;
      pending = page.rows < perPage ? Promise.resolve({ ...page, rows: 0 }) : next(page.last);
      await counted(page.rows, () => write(page));
    }
  };
  const where = (after: number | null) => (after === null ? "" : " WHERE rowid > ?");
  const params = (after: number | null, limit: number) => (after === null ? [limit] : [after, limit]);

  const selfKey = plan.selfKeys.get(table);
  if (how.method === "copy" && !selfKey) {
    // SQLite writes COPY's text format itself: one string per page, no row objects in JavaScript.
    const perPage = Math.max(1, how.batchRows);
    const line = columns.map(copyExpression).join(" || char(9) || ");
    const copySql = `COPY ${q(table)} (${columnList}) FROM STDIN`;
    await pages(
      async (after) => {
        const [r] = (await src.raw(
          `SELECT COUNT(*) AS n, MAX(r) AS last, group_concat(line, char(10)) AS data
             FROM (SELECT rowid AS r, ${line} AS line FROM ${q(table)}${where(after)} ORDER BY rowid LIMIT ?)`,
          params(after, perPage),
        )) as Row[];
        return { rows: Number(r?.n ?? 0), last: Number(r?.last ?? 0), data: String(r?.data ?? "") };
      },
      (page) => copyIn(conn, copySql, Buffer.from(`${page.data}\n`, "utf8")),
      perPage,
    );
    return copied;
  }

  // INSERT: rows converted in JavaScript, up to 65,535 bind parameters a statement.
  const convert = columns.map((c) => converter(c.type));
  const perBatch = Math.max(1, Math.min(how.batchRows, Math.floor(PG_MAX_PARAMS / columns.length)));
  const insertSql = (rows: number) => {
    const tuples: string[] = [];
    for (let r = 0, p = 1; r < rows; r++) {
      tuples.push(`(${columns.map(() => `$${p++}`).join(", ")})`);
    }
    return `INSERT INTO ${q(table)} (${columnList}) VALUES ${tuples.join(", ")}`;
  };
  const fullSql = insertSql(perBatch);
  const insert = async (rows: Row[]) => {
    const values: unknown[] = new Array(rows.length * columns.length);
    let i = 0;
    for (const row of rows) {
      for (let c = 0; c < columns.length; c++) values[i++] = convert[c]!(row[columns[c]!.name]);
    }
    // Full batches as one named prepared statement per table: parsed once.
    await conn.query(
      rows.length === perBatch
        ? { name: how.statementName, text: fullSql, values }
        : { text: insertSql(rows.length), values },
    );
  };
  if (selfKey) {
    const rows = (await src.raw(`SELECT ${columnList} FROM ${q(table)} ORDER BY rowid`)) as Row[];
    const ordered = parentsFirstRows(rows, selfKey);
    for (let i = 0; i < ordered.length; i += perBatch) {
      const batch = ordered.slice(i, i + perBatch);
      await counted(batch.length, () => insert(batch));
    }
    return copied;
  }
  await pages(
    async (after) => {
      const rows = (await src.raw(
        `SELECT rowid AS ${q(ROWID)}, ${columnList} FROM ${q(table)}${where(after)} ORDER BY rowid LIMIT ?`,
        params(after, perBatch),
      )) as Row[];
      return { rows: rows.length, last: Number(rows.at(-1)?.[ROWID] ?? 0), list: rows };
    },
    (page) => insert(page.list),
    perBatch,
  );
  return copied;
}

/** The rows of a self-referencing table with every row after the row it refers to. */
function parentsFirstRows(rows: Row[], key: ForeignKey): Row[] {
  const keyOf = (r: Row, cols: string[]) => {
    const vals = cols.map((c) => r[c]);
    return vals.some((v) => v === null || v === undefined) ? null : JSON.stringify(vals.map(String));
  };
  const byKey = new Map<string, Row>();
  for (const r of rows) {
    const k = keyOf(r, key.parentColumns);
    if (k !== null) byKey.set(k, r);
  }
  const out: Row[] = [];
  const placed = new Set<Row>();
  for (const start of rows) {
    // Walk up to the first ancestor not yet placed, then place the chain top-down.
    const chain: Row[] = [];
    const seen = new Set<Row>();
    for (let r: Row | undefined = start; r && !placed.has(r) && !seen.has(r);) {
      seen.add(r);
      chain.push(r);
      const parentKey = keyOf(r, key.childColumns);
      r = parentKey === null ? undefined : byKey.get(parentKey);
    }
    for (const r of chain.reverse()) {
      placed.add(r);
      out.push(r);
    }
  }
  return out;
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
