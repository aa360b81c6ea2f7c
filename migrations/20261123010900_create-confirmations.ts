import type { Knex } from "knex";

/** The parties' joint application for judicial confirmation, and (later) the court's handling of it. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("confirmations", (t) => {
    t.increments("id").primary();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.integer("agreement_id").notNullable().references("id").inTable("agreements");
    t.integer("court_id").notNullable().references("id").inTable("organisations");
    t.string("applied_on", 10).notNullable();
    t.string("window_ends_on", 10).notNullable();
    t.text("applicant_party_ids_json").notNullable();
    t.text("materials_json").notNullable();
    t.string("status", 16).notNullable();
    t.string("filed_on", 10).nullable();
    t.string("number", 64).nullable();
    t.string("due_on", 10).nullable();
    t.string("decided_on", 10).nullable();
    t.string("outcome", 16).nullable();
    t.text("grounds_json").nullable();
    t.text("reasons").nullable();
    t.integer("version").notNullable().defaultTo(1);
    t.string("created_at", 24).notNullable();
    t.index(["court_id", "status"]);
    t.index(["case_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("confirmations");
}
