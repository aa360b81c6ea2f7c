import { performance } from "node:perf_hooks";
import type { Knex } from "knex";
import {
  countRows,
  DEFAULT_BATCH_ROWS,
  q,
  TRIGGER_WRITTEN,
  type CopyMethod,
  type CopyOptions,
  type CopyReport,
  type Plan,
  type Row,
} from "./common.js";
import type { PgConnection } from "./protocol.js";
import { copyTable } from "./table.js";

export async function copyTables(
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

    for (const [table, rebuilt] of Object.entries(options.rebuilt ?? {})) {
      if (!plan.all.includes(table)) continue;
      // From the snapshot just copied, by the owning feature's own code (it logs its progress).
      const t0 = performance.now();
      await rebuilt.build(
        src,
        async (sql, values) => {
          await run(sql, values);
        },
        log,
      );
      msByTable.set(table, performance.now() - t0);
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
