import type { Knex } from "knex";

/** Organisations a mediator serves besides their own (a village 五老 who also sits on the township committee). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("mediator_memberships", (t) => {
    t.integer("mediator_id").notNullable().references("id").inTable("mediators").onDelete("CASCADE");
    t.integer("organisation_id").notNullable().references("id").inTable("organisations");
    t.primary(["mediator_id", "organisation_id"]);
    t.index(["organisation_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("mediator_memberships");
}
