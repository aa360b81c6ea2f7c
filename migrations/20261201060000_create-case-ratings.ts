import type { Knex } from "knex";

/**
 * 群众评单: each party rates a concluded case once (src/ratings/). `rated_on` is the Beijing date
 * of `rated_at`, the day the statistics count the rating on.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("case_ratings", (t) => {
    t.increments("id").primary();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.integer("party_id").notNullable().references("id").inTable("parties").onDelete("CASCADE");
    t.string("satisfaction", 24).notNullable();
    t.text("comment").nullable();
    t.string("rated_at", 24).notNullable();
    t.string("rated_on", 10).notNullable();
    t.unique(["case_id", "party_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("case_ratings");
}
