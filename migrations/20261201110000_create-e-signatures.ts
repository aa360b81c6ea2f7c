import type { Knex } from "knex";

const NOT_NULL = "`effective_on` varchar(10) not null";
const NULLABLE = "`effective_on` varchar(10)";

/**
 * Agreements signed on the phone (电子签名, issue 19):
 * - `agreements` may be out for signing (status `signing`): no effective date yet (NULL), the exact
 *   text the parties read (`signing_text`) and its SHA-256 (`signing_hash`); who applied the seal.
 * - `agreement_e_signatures`: one row per party's signature — the hash signed, time, phone, IP,
 *   browser, the handwritten image (PNG bytes in the database, as evidence is) and, when the text
 *   changed afterwards, when and why it was voided.
 * - `organisation_seals`: the committee's seal image (a transparent PNG the admin uploads).
 * - `document_issues.signed_hash`: the hash an issued agreement's code vouches for (/verify).
 * SQLite cannot drop a NOT NULL: the stored CREATE TABLE text is rewritten, as in
 * 20261201040100_case-creator-optional (no stored content changes).
 */
export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === "pg") {
    await knex.raw("ALTER TABLE agreements ALTER COLUMN effective_on DROP NOT NULL");
  } else {
    await rewriteSqlite(knex, NOT_NULL, NULLABLE);
  }
  await knex.schema.alterTable("agreements", (t) => {
    t.text("signing_text").nullable();
    t.string("signing_hash", 64).nullable();
    t.string("sent_for_signing_at", 24).nullable();
  });
  // A plain ADD COLUMN … REFERENCES: knex would rebuild the SQLite table for a foreign key, and a
  // rebuild drops the statistics triggers on agreements.
  await knex.raw("ALTER TABLE agreements ADD COLUMN sealed_by integer NULL REFERENCES users(id)");
  await knex.schema.createTable("agreement_e_signatures", (t) => {
    t.increments("id").primary();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.integer("agreement_id").notNullable().references("id").inTable("agreements").onDelete("CASCADE");
    t.integer("party_id").notNullable().references("id").inTable("parties").onDelete("CASCADE");
    t.string("hash", 64).notNullable();
    t.string("signed_at", 24).notNullable();
    t.string("phone", 20).notNullable();
    t.string("ip", 64).nullable();
    t.string("user_agent", 500).nullable();
    t.string("provider", 32).notNullable();
    t.text("evidence_json").nullable();
    t.binary("image").notNullable();
    t.string("image_sha256", 64).notNullable();
    t.string("void_at", 24).nullable();
    t.string("void_reason", 200).nullable();
    t.index(["case_id", "void_at"]);
    t.index(["agreement_id"]);
  });
  await knex.schema.createTable("organisation_seals", (t) => {
    t.integer("organisation_id").primary().references("id").inTable("organisations").onDelete("CASCADE");
    t.binary("image").notNullable();
    t.string("sha256", 64).notNullable();
    t.integer("uploaded_by").notNullable().references("id").inTable("users");
    t.string("uploaded_at", 24).notNullable();
  });
  await knex.schema.alterTable("document_issues", (t) => {
    t.string("signed_hash", 64).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("document_issues", (t) => t.dropColumn("signed_hash"));
  await knex.schema.dropTable("organisation_seals");
  await knex.schema.dropTable("agreement_e_signatures");
  await knex("agreements").where({ status: "signing" }).delete();
  await knex.schema.alterTable("agreements", (t) => {
    t.dropColumn("sealed_by");
    t.dropColumn("sent_for_signing_at");
    t.dropColumn("signing_hash");
    t.dropColumn("signing_text");
  });
  if (knex.client.config.client === "pg") {
    await knex.raw("ALTER TABLE agreements ALTER COLUMN effective_on SET NOT NULL");
  } else {
    await rewriteSqlite(knex, NULLABLE + ",", NOT_NULL + ",");
  }
}

async function rewriteSqlite(knex: Knex, from: string, to: string): Promise<void> {
  const rows = (await knex.raw(
    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'agreements'",
  )) as { sql: string }[];
  const sql = rows[0]?.sql ?? "";
  if (!sql.includes(from)) throw new Error(`agreements: expected ${from} in its CREATE TABLE`);
  const [row] = (await knex.raw("PRAGMA schema_version")) as { schema_version: number }[];
  const version = Number(row?.schema_version);
  await knex.raw("PRAGMA writable_schema = ON");
  await knex.raw("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'agreements'", [
    sql.replace(from, to),
  ]);
  await knex.raw(`PRAGMA schema_version = ${version + 1}`);
  await knex.raw("PRAGMA writable_schema = OFF");
}
