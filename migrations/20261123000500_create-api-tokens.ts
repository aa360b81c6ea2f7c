import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("api_tokens", (t) => {
    t.increments("id").primary();
    t.integer("user_id").notNullable().references("id").inTable("users").onDelete("CASCADE");
    // SHA-256 of the bearer token: a leaked table does not leak usable tokens.
    t.string("token_hash", 64).notNullable().unique();
    t.string("created_at", 24).notNullable();
    t.string("expires_at", 24).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("api_tokens");
}
