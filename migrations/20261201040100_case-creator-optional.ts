import type { Knex } from "knex";

const NOT_NULL = "`created_by` integer not null";
const NULLABLE = "`created_by` integer";

/**
 * A case a party applied for online has no staff creator: `cases.created_by` may be NULL.
 * PostgreSQL drops the constraint. SQLite cannot alter a column, and rebuilding `cases` would
 * drop its triggers and, with foreign keys on, the rows that reference it; so the constraint is
 * removed from the stored CREATE TABLE text, the procedure SQLite documents for removing a NOT
 * NULL constraint (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table
 * Schema Changes": no stored content changes), with the schema version bumped so every
 * connection reloads the schema.
 */
export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === "pg") {
    await knex.raw("ALTER TABLE cases ALTER COLUMN created_by DROP NOT NULL");
    return;
  }
  await rewriteSqlite(knex, NOT_NULL, NULLABLE);
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === "pg") {
    await knex.raw("ALTER TABLE cases ALTER COLUMN created_by SET NOT NULL");
    return;
  }
  await rewriteSqlite(knex, NULLABLE, NOT_NULL);
}

async function rewriteSqlite(knex: Knex, from: string, to: string): Promise<void> {
  const rows = (await knex.raw("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'cases'")) as {
    sql: string;
  }[];
  const sql = rows[0]?.sql ?? "";
  if (!sql.includes(from)) throw new Error(`cases: expected ${from} in its CREATE TABLE`);
  const [row] = (await knex.raw("PRAGMA schema_version")) as { schema_version: number }[];
  const version = Number(row?.schema_version);
  await knex.raw("PRAGMA writable_schema = ON");
  await knex.raw("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'cases'", [
    sql.replace(from, to),
  ]);
  await knex.raw(`PRAGMA schema_version = ${version + 1}`);
  await knex.raw("PRAGMA writable_schema = OFF");
}
