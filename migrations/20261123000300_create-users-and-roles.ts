import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("users", (t) => {
    t.increments("id").primary();
    t.string("username", 64).notNullable().unique();
    t.string("display_name", 100).notNullable();
    t.string("password_hash", 200).notNullable();
    t.integer("organisation_id").notNullable().references("id").inTable("organisations");
    t.string("phone", 40).nullable();
    t.boolean("active").notNullable().defaultTo(true);
    t.integer("version").notNullable().defaultTo(1);
    t.string("created_at", 24).notNullable();
    t.string("updated_at", 24).notNullable();
    t.index(["organisation_id"]);
  });
  await knex.schema.createTable("user_roles", (t) => {
    t.integer("user_id").notNullable().references("id").inTable("users").onDelete("CASCADE");
    t.string("role", 16).notNullable();
    t.primary(["user_id", "role"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("user_roles");
  await knex.schema.dropTable("users");
}
