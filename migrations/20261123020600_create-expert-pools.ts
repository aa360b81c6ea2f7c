import type { Knex } from "knex";

/**
 * 人民调解专家库: a justice bureau's pool of experts at provincial, city or county level, appointed
 * in batches (第一批、第二批) that each carry a term. An expert with no batch in term is not matched.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("expert_pools", (t) => {
    t.increments("id").primary();
    t.string("name", 200).notNullable().unique();
    t.string("level", 16).notNullable();
    t.string("region_code", 15).notNullable().references("code").inTable("regions");
    t.integer("organisation_id").notNullable().references("id").inTable("organisations");
    t.integer("version").notNullable().defaultTo(1);
    t.string("created_at", 24).notNullable();
    t.string("updated_at", 24).notNullable();
    t.index(["region_code"]);
  });
  await knex.schema.createTable("expert_pool_batches", (t) => {
    t.increments("id").primary();
    t.integer("pool_id").notNullable().references("id").inTable("expert_pools").onDelete("CASCADE");
    t.integer("seq").notNullable();
    t.string("name", 50).notNullable();
    t.string("appointed_on", 10).notNullable();
    t.string("term_start", 10).notNullable();
    t.string("term_end", 10).notNullable();
    t.string("created_at", 24).notNullable();
    t.unique(["pool_id", "seq"]);
  });
  await knex.schema.createTable("expert_pool_members", (t) => {
    t.integer("batch_id").notNullable().references("id").inTable("expert_pool_batches").onDelete("CASCADE");
    t.integer("mediator_id").notNullable().references("id").inTable("mediators");
    t.string("created_at", 24).notNullable();
    t.primary(["batch_id", "mediator_id"]);
    t.index(["mediator_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("expert_pool_members");
  await knex.schema.dropTable("expert_pool_batches");
  await knex.schema.dropTable("expert_pools");
}
