import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("idempotency_keys", (t) => {
    t.integer("user_id").notNullable().references("id").inTable("users");
    t.string("key", 200).notNullable();
    t.string("body_hash", 64).notNullable();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.string("created_at", 24).notNullable();
    t.primary(["user_id", "key"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("idempotency_keys");
}
