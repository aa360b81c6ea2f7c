import type { Knex } from "knex";

/**
 * How a case came in (`channel`: counter — registered by staff — or online, a party's own
 * application from their phone) and, for an online application, its tracking code (查询码): eight
 * characters without 0/O/1/I, short enough to read aloud over the phone, unique.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("cases", (t) => {
    t.string("channel", 16).notNullable().defaultTo("counter");
    t.string("tracking_code", 12).nullable();
  });
  await knex.schema.alterTable("cases", (t) => {
    t.unique(["tracking_code"], { indexName: "cases_tracking_code_unique" });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("cases", (t) => {
    t.dropUnique(["tracking_code"], "cases_tracking_code_unique");
  });
  await knex.schema.alterTable("cases", (t) => {
    t.dropColumn("tracking_code");
    t.dropColumn("channel");
  });
}
