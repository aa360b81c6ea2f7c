import type { Knex } from "knex";

/** The court's handling of an application: extension with the president's approval, requests for material, who decided. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("confirmations", (t) => {
    t.string("extended_on", 10).nullable();
    t.text("extension_reason").nullable();
    t.string("extension_approved_by", 100).nullable();
    t.integer("decided_by").nullable().references("id").inTable("users");
    t.integer("filed_by").nullable().references("id").inTable("users");
    // The judge may ask the committee for more material; the committee answers on the case.
    t.text("material_request").nullable();
    t.string("material_requested_on", 10).nullable();
    t.text("material_answer").nullable();
    t.string("material_answered_on", 10).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("confirmations", (t) => {
    t.dropColumn("extended_on");
    t.dropColumn("extension_reason");
    t.dropColumn("extension_approved_by");
    t.dropColumn("decided_by");
    t.dropColumn("filed_by");
    t.dropColumn("material_request");
    t.dropColumn("material_requested_on");
    t.dropColumn("material_answer");
    t.dropColumn("material_answered_on");
  });
}
