import type { Knex } from "knex";

/**
 * People a mediator has declared a tie to (kin, same household, employer, other interest). A party
 * matching one by ID number, or by name and phone, excludes the mediator from that case (回避).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("mediator_relations", (t) => {
    t.increments("id").primary();
    t.integer("mediator_id").notNullable().references("id").inTable("mediators").onDelete("CASCADE");
    t.string("kind", 16).notNullable();
    t.string("person_name", 100).notNullable();
    t.string("id_number", 18).nullable();
    t.string("phone", 40).nullable();
    t.string("note", 300).nullable();
    t.integer("created_by").nullable().references("id").inTable("users");
    t.string("created_at", 24).notNullable();
    t.index(["mediator_id"]);
    t.index(["id_number"]);
    t.index(["person_name"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("mediator_relations");
}
