import fs from "node:fs";
import path from "node:path";
import knexFactory, { type Knex } from "knex";
import type { DatabaseConfig } from "../config.js";
import { ImmediateSqliteClient } from "./sqlite-client.js";

/**
 * One Knex configuration per dialect. SQLite gets foreign keys, WAL and a busy timeout on
 * every pooled connection, and transactions that take the write lock when they begin
 * (src/db/sqlite-client.ts). One connection per process serialises that process's statements;
 * several processes (src/cluster.ts) read in parallel and queue for the one writer.
 */
export function createKnex(db: DatabaseConfig): Knex {
  if (db.client === "sqlite") {
    if (db.filename !== ":memory:") fs.mkdirSync(path.dirname(db.filename), { recursive: true });
    return knexFactory({
      // knex takes a dialect class as `client`; `isPostgres` and friends look at `dialect`.
      client: ImmediateSqliteClient as unknown as string,
      connection: { filename: db.filename },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
          conn.exec(
            "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;",
            (err) => done(err, conn),
          );
        },
      },
    });
  }
  return knexFactory({
    client: "pg",
    connection: db.connectionString,
    pool: { min: 0, max: 10 },
  });
}

interface SqliteConnection {
  exec(sql: string, cb: (err: Error | null) => void): void;
}

export function isPostgres(knex: Knex): boolean {
  return knex.client.dialect === "postgresql";
}
