import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("agreements", (t) => {
    t.increments("id").primary();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.string("form", 16).notNullable();
    t.text("facts").nullable();
    t.text("disputed_matters").nullable();
    t.text("responsibilities").nullable();
    t.text("terms").notNullable();
    // The day it took effect: all parties and the mediator signed and the seal was applied (written),
    // or the day it was reached (oral).
    t.string("effective_on", 10).notNullable();
    t.string("mediator_signed_on", 10).nullable();
    t.string("sealed_on", 10).nullable();
    t.integer("copies").nullable();
    t.string("status", 16).notNullable();
    t.integer("created_by").notNullable().references("id").inTable("users");
    t.string("created_at", 24).notNullable();
    t.index(["case_id", "status"]);
  });
  await knex.schema.createTable("agreement_signatures", (t) => {
    t.integer("agreement_id").notNullable().references("id").inTable("agreements").onDelete("CASCADE");
    t.integer("party_id").notNullable().references("id").inTable("parties").onDelete("CASCADE");
    t.string("signed_on", 10).notNullable();
    t.string("method", 16).notNullable();
    t.primary(["agreement_id", "party_id"]);
  });
  await knex.schema.createTable("obligations", (t) => {
    t.increments("id").primary();
    t.integer("agreement_id").notNullable().references("id").inTable("agreements").onDelete("CASCADE");
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.integer("idx").notNullable();
    t.integer("obligor_party_id").notNullable().references("id").inTable("parties");
    t.integer("obligee_party_id").notNullable().references("id").inTable("parties");
    t.text("content").notNullable();
    t.bigInteger("amount_fen").nullable();
    t.string("place", 300).nullable();
    t.string("manner", 300).nullable();
    t.string("due_on", 10).notNullable();
    t.string("performed_on", 10).nullable();
    t.text("performance_note").nullable();
    t.index(["case_id", "performed_on"]);
    t.unique(["agreement_id", "idx"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("obligations");
  await knex.schema.dropTable("agreement_signatures");
  await knex.schema.dropTable("agreements");
}
