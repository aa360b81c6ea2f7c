import type { Knex } from "knex";
import { createKnex } from "../knex.js";
import { migrateLatest } from "../migrations.js";
import {
  CopyRefusedError,
  countRows,
  isBookkeeping,
  listed,
  pgTables,
  q,
  sqliteTables,
  SKIPPED_TABLES,
  TRIGGER_WRITTEN,
  type Column,
  type ForeignKey,
  type Plan,
  type Row,
} from "./common.js";

/** Refuses a foreign database, migrates ours, and refuses if it then holds more than the migrations put in. */
export async function prepareTarget(target: Knex): Promise<void> {
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
export async function migratedBaseline(): Promise<Map<string, number>> {
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

/**
 * Checks that source and target have the same migrations, tables and columns; orders the copy.
 * `rebuilt`: the tables built again on the target, which the source need not have.
 */
export async function planCopy(source: Knex, target: Knex, rebuilt: readonly string[]): Promise<Plan> {
  const isRebuilt = (t: string) => rebuilt.includes(t);
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
  const onlyTarget = targetTables.filter((t) => !sourceApp.includes(t) && !isRebuilt(t));
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
  for (const t of targetTables.filter((x) => !isRebuilt(x))) {
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
  const toCopy = targetTables.filter((t) => !(t in SKIPPED_TABLES) && !isRebuilt(t));
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
export function parentsFirst(tables: string[], keys: ForeignKey[]): string[] {
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
