import type { Knex } from "knex";

/** Who mediates a case; a re-assignment ends rows rather than deleting them, so history stays. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("case_assignments", (t) => {
    t.increments("id").primary();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.integer("mediator_id").notNullable().references("id").inTable("mediators");
    t.string("role", 16).notNullable();
    t.boolean("parties_consented").notNullable().defaultTo(false);
    t.integer("assigned_by").notNullable().references("id").inTable("users");
    t.string("assigned_at", 24).notNullable();
    t.string("ended_at", 24).nullable();
    t.text("end_reason").nullable();
    t.index(["case_id"]);
    t.index(["mediator_id", "ended_at"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("case_assignments");
}
