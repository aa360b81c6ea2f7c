import type { Knex } from "knex";

/**
 * Prevented escalations the Ministry of Justice's statistics ask for: a civil dispute that would
 * have become a criminal case (民转刑) and a group petition (群体性上访), each as cases and people.
 * Recorded when a dispute is resolved on the spot or a case is closed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("cases", (t) => {
    t.boolean("prevented_criminal").notNullable().defaultTo(false);
    t.integer("prevented_criminal_people").nullable();
    t.boolean("prevented_petition").notNullable().defaultTo(false);
    t.integer("prevented_petition_people").nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("cases", (t) => {
    t.dropColumn("prevented_petition_people");
    t.dropColumn("prevented_petition");
    t.dropColumn("prevented_criminal_people");
    t.dropColumn("prevented_criminal");
  });
}
