import type { Knex } from "knex";

/**
 * A written agreement saved before it is signed (待签署): committees print, then sign. One draft
 * per case, the form's values as JSON, with its own version so two people saving the same draft
 * do not silently overwrite each other. Deleted when the signed agreement is recorded.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("agreement_drafts", (t) => {
    t.integer("case_id").primary().references("id").inTable("cases").onDelete("CASCADE");
    t.text("payload_json").notNullable();
    t.integer("version").notNullable();
    t.integer("updated_by").notNullable().references("id").inTable("users");
    t.string("updated_at", 24).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("agreement_drafts");
}
