import type { Knex } from "knex";

/**
 * A mediator of record is not always a user: a 五老 member or a sage may never log in. Users with
 * the mediator or director role get a mediator record; others are kept by the committee.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("mediators", (t) => {
    t.increments("id").primary();
    t.string("name", 100).notNullable();
    t.string("kind", 32).notNullable();
    t.integer("organisation_id").notNullable().references("id").inTable("organisations");
    t.integer("user_id").nullable().unique().references("id").inTable("users");
    t.string("phone", 40).nullable();
    t.boolean("active").notNullable().defaultTo(true);
    t.integer("version").notNullable().defaultTo(1);
    t.string("created_at", 24).notNullable();
    t.string("updated_at", 24).notNullable();
    t.index(["organisation_id"]);
  });
  const now = new Date().toISOString();
  const users = await knex("users as u")
    .join("user_roles as r", "r.user_id", "u.id")
    .whereIn("r.role", ["mediator", "director"])
    .distinct("u.id", "u.display_name", "u.organisation_id", "u.phone", "u.active");
  for (const u of users) {
    await knex("mediators").insert({
      name: u.display_name,
      kind: "staff",
      organisation_id: u.organisation_id,
      user_id: u.id,
      phone: u.phone,
      active: u.active,
      version: 1,
      created_at: now,
      updated_at: now,
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("mediators");
}
