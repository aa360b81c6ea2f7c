import type { Knex } from "knex";

/**
 * Fresh SMS codes for a party's step on a case (src/portal/step-codes.ts): signing the agreement
 * ('sign') or agreeing to apply for judicial confirmation ('confirm'). Each requested code is a row
 * (its HMAC, never the code), bound to the phone, the case and the purpose; the rows also count a
 * phone's requests for the rate limits.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("party_step_codes", (t) => {
    t.increments("id").primary();
    t.string("phone", 20).notNullable();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.string("purpose", 16).notNullable();
    t.string("code_hash", 64).notNullable();
    t.string("ip", 64).notNullable();
    t.integer("failures").notNullable().defaultTo(0);
    t.string("created_at", 24).notNullable();
    t.string("expires_at", 24).notNullable();
    t.string("used_at", 24).nullable();
    t.index(["phone", "created_at"]);
    t.index(["phone", "case_id", "purpose"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("party_step_codes");
}
