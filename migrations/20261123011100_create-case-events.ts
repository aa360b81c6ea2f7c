import type { Knex } from "knex";

/** The case's timeline and audit trail: who did what, when, with the state before and after. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("case_events", (t) => {
    t.increments("id").primary();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.integer("actor_user_id").nullable().references("id").inTable("users");
    t.string("action", 32).notNullable();
    t.string("from_status", 32).nullable();
    t.string("to_status", 32).nullable();
    t.text("summary").notNullable();
    t.text("data_json").nullable();
    t.string("at", 24).notNullable();
    t.index(["case_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("case_events");
}
