import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("cases", (t) => {
    t.increments("id").primary();
    t.string("number", 64).notNullable().unique();
    t.integer("organisation_id").notNullable().references("id").inTable("organisations");
    t.string("status", 32).notNullable();
    t.string("outcome", 32).nullable();
    t.string("source", 32).notNullable();
    t.string("type_code", 32).notNullable().references("code").inTable("dispute_types");
    t.text("summary").notNullable();
    t.string("occurred_on", 10).nullable();
    t.string("region_code", 15).notNullable().references("code").inTable("regions");
    t.string("address", 300).nullable();
    t.bigInteger("amount_fen").nullable();
    t.integer("people_involved").nullable();
    t.string("risk_level", 16).notNullable().defaultTo("ordinary");
    t.string("external_ref", 100).nullable();
    t.integer("referring_court_id").nullable().references("id").inTable("organisations");
    t.string("registered_on", 10).notNullable();
    t.string("accepted_on", 10).nullable();
    t.string("consent_notice_on", 10).nullable();
    t.string("mediation_due_on", 10).nullable();
    t.text("extension_reason").nullable();
    t.string("concluded_on", 10).nullable();
    t.string("closed_on", 10).nullable();
    t.text("conclusion_note").nullable();
    t.text("advice").nullable();
    t.integer("created_by").notNullable().references("id").inTable("users");
    t.integer("version").notNullable().defaultTo(1);
    t.string("created_at", 24).notNullable();
    t.string("updated_at", 24).notNullable();
    t.index(["organisation_id", "status"]);
    t.index(["region_code"]);
    t.index(["type_code"]);
    t.index(["registered_on"]);
    t.index(["status", "mediation_due_on"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("cases");
}
