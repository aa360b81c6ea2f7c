import type { Knex } from "knex";
import type { DatabaseConfig } from "../../config.js";

/** The copy's shared vocabulary: its options and report, its refusals, and small catalogue reads. */

export type Row = Record<string, unknown>;

/** Tables that are not copied, and why (printed in the counts table). */
export const SKIPPED_TABLES: Readonly<Record<string, string>> = {
  sessions: "登录会话，迁移后重新登录",
  api_tokens: "API 令牌，数小时即过期，迁移后重新申请",
};

/**
 * A table built again on the target instead of copied: derived data whose storage differs by
 * dialect (the case search index). The feature that owns it supplies the builder (db/ knows no
 * feature); a target table with no builder and no source counterpart refuses the copy.
 */
export interface RebuiltTable {
  /** What the table is built again from (printed in the counts table). */
  label: string;
  /**
   * Builds the rows from the source snapshot, handing each batch to `insert` (one statement in
   * the copy's PostgreSQL transaction, `$1`-style placeholders). Returns the number built.
   */
  build(
    source: Knex.Transaction,
    insert: (sql: string, values: unknown[]) => Promise<void>,
    log: (line: string) => void,
  ): Promise<number>;
}

/** Written by the stats triggers: copied last, after any marks the copy itself made are cleared. */
export const TRIGGER_WRITTEN = "stats_dirty";

export const PG_MAX_PARAMS = 65_535;
export const DEFAULT_BATCH_ROWS = { copy: 10_000, insert: 5000 };
export const ROWID = "__fq_rowid";

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
  /** Tables built again on the target instead of copied, by name. */
  rebuilt?: Readonly<Record<string, RebuiltTable>>;
}

export interface Column {
  name: string;
  type: string;
}

export interface ForeignKey {
  child: string;
  parent: string;
  childColumns: string[];
  parentColumns: string[];
}

export const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const isBookkeeping = (t: string) => t.startsWith("knex_");

export async function countRows(db: Knex | Knex.Transaction, table: string): Promise<number> {
  const row = (await db(table).count({ n: "*" }).first()) as Row | undefined;
  return Number(row?.n ?? 0);
}

export async function pgTables(target: Knex): Promise<string[]> {
  const rows = (await target.raw(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  )) as { rows: Row[] };
  return rows.rows.map((r) => String(r.name));
}

/** Ordinary tables: not virtual tables (FTS5) or their shadow tables, nor SQLite's own. */
export async function sqliteTables(db: Knex | Knex.Transaction): Promise<string[]> {
  const rows = (await db.raw(
    "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  )) as Row[];
  return rows.map((r) => String(r.name));
}

export function listed(items: string[], max = 8): string {
  return items.length > max ? `${items.slice(0, max).join("、")} 等 ${items.length} 项` : items.join("、");
}

export interface Plan {
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
