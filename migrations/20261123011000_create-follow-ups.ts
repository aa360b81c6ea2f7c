import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("follow_ups", (t) => {
    t.increments("id").primary();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.string("visited_on", 10).notNullable();
    t.string("method", 16).notNullable();
    t.string("performed", 16).notNullable();
    t.string("satisfaction", 16).notNullable();
    t.text("note").nullable();
    t.integer("recorded_by").notNullable().references("id").inTable("users");
    t.string("created_at", 24).notNullable();
    t.index(["case_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("follow_ups");
}
