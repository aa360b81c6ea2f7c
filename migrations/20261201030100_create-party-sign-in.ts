import type { Knex } from "knex";

/**
 * A party's sign-in by SMS code (src/portal/): each requested code is a row (its HMAC, never the
 * code), which also counts the requests per phone and per address for the rate limits; party
 * tokens are stored as SHA-256, apart from the staff's api_tokens so neither passes for the other.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("party_sign_in_codes", (t) => {
    t.increments("id").primary();
    t.string("phone", 20).notNullable();
    t.string("code_hash", 64).notNullable();
    t.string("ip", 64).notNullable();
    t.integer("failures").notNullable().defaultTo(0);
    t.string("created_at", 24).notNullable();
    t.string("expires_at", 24).notNullable();
    t.string("used_at", 24).nullable();
    t.index(["phone", "created_at"]);
    t.index(["ip", "created_at"]);
  });
  await knex.schema.createTable("party_tokens", (t) => {
    t.increments("id").primary();
    t.string("phone", 20).notNullable();
    t.string("token_hash", 64).notNullable().unique();
    t.string("created_at", 24).notNullable();
    t.string("expires_at", 24).notNullable();
    t.index(["phone"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("party_tokens");
  await knex.schema.dropTable("party_sign_in_codes");
}
