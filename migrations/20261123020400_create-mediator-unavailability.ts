import type { Knex } from "knex";

/** Periods a mediator cannot take sessions (leave, illness, training), both days included. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("mediator_unavailability", (t) => {
    t.increments("id").primary();
    t.integer("mediator_id").notNullable().references("id").inTable("mediators").onDelete("CASCADE");
    t.string("from_on", 10).notNullable();
    t.string("to_on", 10).notNullable();
    t.string("reason", 16).notNullable();
    t.string("note", 300).nullable();
    t.integer("created_by").nullable().references("id").inTable("users");
    t.string("created_at", 24).notNullable();
    t.index(["mediator_id", "to_on"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("mediator_unavailability");
}
