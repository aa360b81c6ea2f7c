import type { Knex } from "knex";

/** A village 五老 team, a sages' council (乡贤理事会), a studio: assignable as a whole under a named lead. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("mediator_teams", (t) => {
    t.increments("id").primary();
    t.string("name", 200).notNullable().unique();
    t.string("kind", 24).notNullable();
    t.integer("organisation_id").notNullable().references("id").inTable("organisations");
    t.integer("lead_mediator_id").notNullable().references("id").inTable("mediators");
    t.boolean("active").notNullable().defaultTo(true);
    t.integer("version").notNullable().defaultTo(1);
    t.string("created_at", 24).notNullable();
    t.string("updated_at", 24).notNullable();
    t.index(["organisation_id"]);
  });
  await knex.schema.createTable("mediator_team_members", (t) => {
    t.integer("team_id").notNullable().references("id").inTable("mediator_teams").onDelete("CASCADE");
    t.integer("mediator_id").notNullable().references("id").inTable("mediators");
    t.primary(["team_id", "mediator_id"]);
    t.index(["mediator_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("mediator_team_members");
  await knex.schema.dropTable("mediator_teams");
}
