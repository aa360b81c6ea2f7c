import type { Knex } from "knex";

/** The dispute types a mediator is good at (their 专长). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("mediator_specialties", (t) => {
    t.integer("mediator_id").notNullable().references("id").inTable("mediators").onDelete("CASCADE");
    t.string("type_code", 32).notNullable().references("code").inTable("dispute_types");
    t.primary(["mediator_id", "type_code"]);
    t.index(["type_code"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("mediator_specialties");
}
