import type { Knex } from "knex";

/** An uploaded roster waiting for confirmation: parsed rows and their errors; nothing is imported before. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("mediator_imports", (t) => {
    t.increments("id").primary();
    t.integer("user_id").notNullable().references("id").inTable("users");
    t.integer("organisation_id").notNullable().references("id").inTable("organisations");
    t.string("filename", 200).notNullable();
    t.text("rows_json").notNullable();
    t.integer("valid_rows").notNullable();
    t.integer("error_rows").notNullable();
    t.string("status", 16).notNullable();
    t.integer("version").notNullable().defaultTo(1);
    t.string("created_at", 24).notNullable();
    t.string("confirmed_at", 24).nullable();
    t.index(["user_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("mediator_imports");
}
