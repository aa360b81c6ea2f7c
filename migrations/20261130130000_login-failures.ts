import type { Knex } from "knex";

/**
 * Failed logins, counted per username and per client address across the web form and the API
 * (issue 14 M4), in the database so that every app instance sees the same counts. Keys are
 * "user:<lower-case username>" and "ip:<address>".
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("login_failures", (t) => {
    t.string("key", 300).primary();
    t.integer("failures").notNullable().defaultTo(0);
    t.string("window_started_at", 24).notNullable();
    t.string("locked_until", 24).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("login_failures");
}
