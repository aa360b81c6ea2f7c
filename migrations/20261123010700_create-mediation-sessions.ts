import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("mediation_sessions", (t) => {
    t.increments("id").primary();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.integer("seq").notNullable();
    t.string("held_at", 24).notNullable();
    t.string("place_kind", 16).notNullable();
    t.string("place", 300).nullable();
    t.boolean("is_public").notNullable();
    t.text("closed_reason").nullable();
    t.text("attendees_json").notNullable();
    t.text("applicant_statement").nullable();
    t.text("respondent_statement").nullable();
    t.text("proposals").nullable();
    t.text("record").notNullable();
    t.string("outcome", 16).notNullable();
    t.integer("recorded_by").notNullable().references("id").inTable("users");
    t.string("created_at", 24).notNullable();
    t.unique(["case_id", "seq"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("mediation_sessions");
}
