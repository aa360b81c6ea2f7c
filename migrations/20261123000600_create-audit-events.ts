import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("audit_events", (t) => {
    t.increments("id").primary();
    t.integer("actor_user_id").nullable().references("id").inTable("users");
    t.string("action", 64).notNullable();
    t.string("entity_type", 32).notNullable();
    t.string("entity_id", 64).notNullable();
    t.text("before_json").nullable();
    t.text("after_json").nullable();
    t.string("at", 24).notNullable();
    t.index(["entity_type", "entity_id"]);
    t.index(["at"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("audit_events");
}
