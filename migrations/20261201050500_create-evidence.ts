import type { Knex } from "knex";

/**
 * Evidence (证据材料) a party or a member of staff attaches to a case: a photo or a PDF, its bytes
 * in the database itself (bytea on PostgreSQL, blob on SQLite) so that every app instance, every
 * `npm run backup` and every `db:copy` has them. Photos are stored with their EXIF (location)
 * removed, beside a small JPEG thumbnail; `sha256` is of the bytes as stored. The uploader is a
 * user or a party, never both. Times are ISO strings (UTC), as elsewhere.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("evidence", (t) => {
    t.increments("id").primary();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.string("name", 200).notNullable();
    t.string("description", 500).nullable();
    t.string("mime", 40).notNullable();
    t.integer("size").notNullable();
    t.string("sha256", 64).notNullable();
    t.binary("content").notNullable();
    t.binary("thumbnail").nullable();
    t.integer("uploaded_by_user_id").nullable().references("id").inTable("users");
    t.integer("uploaded_by_party_id").nullable().references("id").inTable("parties").onDelete("SET NULL");
    t.string("uploaded_at", 24).notNullable();
    t.index(["case_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("evidence");
}
