import type { Knex } from "knex";
import { isPostgres } from "../db/knex.js";

/** Query helpers the mediator repositories share; nothing here knows a table. */
export type Db = Knex | Knex.Transaction;
export type Row = Record<string, unknown>;

export const parseList = (v: unknown): string[] => {
  if (typeof v !== "string" || !v) return [];
  try {
    const parsed = JSON.parse(v) as unknown;
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
};

/** Runs queries one after another inside a transaction (one connection), side by side outside it. */
export async function sequence(db: Db, queries: (() => PromiseLike<unknown>)[]): Promise<Row[][]> {
  if ((db as Knex.Transaction).isTransaction) {
    const out: Row[][] = [];
    for (const q of queries) out.push((await q()) as Row[]);
    return out;
  }
  return (await Promise.all(queries.map((q) => q()))) as Row[][];
}

export function groupBy<T>(rows: Row[], key: string, map: (r: Row) => T): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = Number(r[key]);
    const list = out.get(k);
    if (list) list.push(map(r));
    else out.set(k, [map(r)]);
  }
  return out;
}

/** JSON building blocks in each dialect: one value crosses the driver, not one per cell. */
export function json(db: Db) {
  return isPostgres(db)
    ? { agg: "json_agg", arr: "json_build_array" }
    : { agg: "json_group_array", arr: "json_array" };
}

/** A JSON document from the database: PostgreSQL's driver parses it, SQLite hands over text. */
export function parsed<T>(row: unknown, empty: T): T {
  const v = (row as { v?: unknown } | undefined)?.v;
  if (v === null || v === undefined) return empty;
  return (typeof v === "string" ? JSON.parse(v) : v) as T;
}

/** The id `insert … returning id` gave: a row object on PostgreSQL, the bare value on SQLite. */
export const insertedId = (row: unknown): number =>
  Number(typeof row === "object" && row ? (row as { id: unknown }).id : row);
