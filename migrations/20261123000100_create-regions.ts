import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("regions", (t) => {
    // Statistical division code (统计用区划代码): 12 digits down to village; groups add 3 more.
    t.string("code", 15).primary();
    t.string("name", 100).notNullable();
    t.string("level", 16).notNullable();
    t.string("parent_code", 15).nullable().references("code").inTable("regions");
    t.integer("version").notNullable().defaultTo(1);
    t.index(["parent_code"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("regions");
}
