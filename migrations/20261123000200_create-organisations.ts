import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("organisations", (t) => {
    t.increments("id").primary();
    t.string("name", 200).notNullable().unique();
    t.string("kind", 32).notNullable();
    t.string("region_code", 15).notNullable().references("code").inTable("regions");
    // Short form used in case numbers: （2026）北洲调字第12号, or a court's 湘0212.
    t.string("number_prefix", 32).notNullable();
    t.string("seal_name", 200).nullable();
    t.string("phone", 40).nullable();
    t.string("address", 300).nullable();
    t.boolean("active").notNullable().defaultTo(true);
    t.integer("version").notNullable().defaultTo(1);
    t.string("created_at", 24).notNullable();
    t.string("updated_at", 24).notNullable();
    t.index(["region_code"]);
    t.index(["kind"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("organisations");
}
