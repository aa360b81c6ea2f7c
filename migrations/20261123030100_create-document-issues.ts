import type { Knex } from "knex";

/**
 * Every document the system prints gets a verification code. When a document's content changes
 * (a new agreement after re-mediation, say), the old code is kept but marked superseded, so a
 * paper copy still verifies and shows that it is no longer the current version.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("document_issues", (t) => {
    t.increments("id").primary();
    t.string("code", 16).notNullable().unique();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.string("kind", 32).notNullable();
    t.string("ref", 32).notNullable();
    t.string("fingerprint", 64).notNullable();
    t.string("title", 100).notNullable();
    t.string("case_number", 64).notNullable();
    t.string("committee_name", 200).notNullable();
    t.string("document_date", 10).nullable();
    t.string("issued_at", 24).notNullable();
    t.string("superseded_at", 24).nullable();
    t.index(["case_id", "kind", "ref"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("document_issues");
}
