import type { Knex } from "knex";

/**
 * A party's objection to a mediator on one case (回避申请): that mediator is never matched to or
 * assigned on the case again. Assignments also remember whether the parties chose the mediator
 * (RL19) and the team they were assigned with.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("mediator_objections", (t) => {
    t.increments("id").primary();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.integer("party_id").notNullable().references("id").inTable("parties").onDelete("CASCADE");
    t.integer("mediator_id").notNullable().references("id").inTable("mediators");
    t.text("reason").notNullable();
    t.integer("recorded_by").notNullable().references("id").inTable("users");
    t.string("created_at", 24).notNullable();
    t.index(["case_id"]);
  });
  await knex.schema.alterTable("case_assignments", (t) => {
    t.integer("team_id").nullable();
    t.string("chosen_by", 16).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("case_assignments", (t) => {
    t.dropColumn("team_id");
    t.dropColumn("chosen_by");
  });
  await knex.schema.dropTable("mediator_objections");
}
