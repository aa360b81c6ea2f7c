import type { Knex } from "knex";

/**
 * The case list at a million cases: the common filters (state, then type) walk an index in
 * registration order, so a page of the newest twenty reads twenty rows and a count reads the index
 * alone. The type index gains the registration date in the same way and replaces the old one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("cases", (t) => {
    t.index(["status", "type_code", "registered_on"], "cases_status_type_registered_index");
    t.index(["type_code", "registered_on"], "cases_type_registered_index");
    t.index(["organisation_id", "registered_on"], "cases_organisation_registered_index");
  });
  await knex.schema.alterTable("cases", (t) => t.dropIndex(["type_code"], "cases_type_code_index"));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("cases", (t) => t.index(["type_code"], "cases_type_code_index"));
  await knex.schema.alterTable("cases", (t) => {
    t.dropIndex(["status", "type_code", "registered_on"], "cases_status_type_registered_index");
    t.dropIndex(["type_code", "registered_on"], "cases_type_registered_index");
    t.dropIndex(["organisation_id", "registered_on"], "cases_organisation_registered_index");
  });
}
