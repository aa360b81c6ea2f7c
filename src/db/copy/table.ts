import { performance } from "node:perf_hooks";
import type { Knex } from "knex";
import { PG_MAX_PARAMS, q, ROWID, type CopyMethod, type ForeignKey, type Plan, type Row } from "./common.js";
import { copyIn, type PgConnection } from "./protocol.js";
import { converter, copyExpression } from "./values.js";

export async function copyTable(
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
export function parentsFirstRows(rows: Row[], key: ForeignKey): Row[] {
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
