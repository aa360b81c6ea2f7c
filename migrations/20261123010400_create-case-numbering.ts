import type { Knex } from "knex";

/** Each committee's yearly series; every number issued is kept, so none is reused or skipped. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("number_sequences", (t) => {
    t.integer("organisation_id").notNullable().references("id").inTable("organisations");
    t.integer("year").notNullable();
    t.integer("last_seq").notNullable();
    t.primary(["organisation_id", "year"]);
  });
  await knex.schema.createTable("case_numbers", (t) => {
    t.integer("organisation_id").notNullable().references("id").inTable("organisations");
    t.integer("year").notNullable();
    t.integer("seq").notNullable();
    t.string("number", 64).notNullable().unique();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.primary(["organisation_id", "year", "seq"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("case_numbers");
  await knex.schema.dropTable("number_sequences");
}
