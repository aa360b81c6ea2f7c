import { createRequire } from "node:module";

/**
 * knex's sqlite3 client, with one change: a transaction starts with `BEGIN IMMEDIATE`, not
 * knex's deferred `BEGIN`. With several server processes on one SQLite file (node:cluster,
 * src/cluster.ts), a deferred transaction that reads and then writes can find that another
 * process wrote in between; SQLite then answers SQLITE_BUSY at once, without waiting out the busy
 * timeout, because waiting could not help (its snapshot is stale). Taking the write lock at BEGIN
 * makes a second writer wait (busy_timeout) instead and then see the first one's commit. Savepoints
 * (nested transactions) are unchanged. knex has no option for this, so the two classes come from
 * its dialect folder (knex 3's published files; the subclass overrides one method each).
 */
const require = createRequire(import.meta.url);

type Query = (conn: unknown, sql: string) => Promise<unknown>;
interface TransactionClass {
  new (...args: unknown[]): { query: Query; begin(conn: unknown): Promise<unknown> };
}
interface ClientClass {
  new (config: unknown): { transaction(...args: unknown[]): unknown };
}

const SqliteClient = require("knex/lib/dialects/sqlite3/index.js") as ClientClass;
const SqliteTransaction =
  require("knex/lib/dialects/sqlite3/execution/sqlite-transaction.js") as TransactionClass;

class ImmediateTransaction extends SqliteTransaction {
  override begin(conn: unknown): Promise<unknown> {
    return this.query(conn, "BEGIN IMMEDIATE;");
  }
}

export class ImmediateSqliteClient extends SqliteClient {
  override transaction(...args: unknown[]): unknown {
    return new ImmediateTransaction(this, ...args);
  }
}
