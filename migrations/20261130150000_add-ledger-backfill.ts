import type { Knex } from "knex";

/**
 * 补录: cases brought in from a committee's paper ledger (台账). An uploaded ledger waits in
 * ledger_imports as a checked preview until confirmed; each imported case keeps its paper number
 * (unique per committee, never part of the committee's numbering series) and who entered it, when.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("ledger_imports", (t) => {
    t.increments("id").primary();
    t.integer("user_id").notNullable().references("id").inTable("users");
    t.integer("organisation_id").notNullable().references("id").inTable("organisations");
    t.string("filename", 200).notNullable();
    t.text("rows_json").notNullable();
    t.integer("valid_rows").notNullable();
    t.integer("error_rows").notNullable();
    t.string("status", 16).notNullable();
    t.integer("version").notNullable().defaultTo(1);
    t.string("created_at", 24).notNullable();
    t.string("confirmed_at", 24).nullable();
    t.index(["user_id"]);
  });
  await knex.schema.alterTable("cases", (t) => {
    t.string("paper_number", 64).nullable();
    // Plain columns (no foreign keys): SQLite would rebuild the table, and drop its triggers, to add one.
    t.integer("backfilled_by").nullable();
    t.string("backfilled_at", 24).nullable();
    t.integer("ledger_import_id").nullable();
    t.unique(["organisation_id", "paper_number"], { indexName: "cases_paper_number_unique" });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("cases", (t) => {
    t.dropUnique(["organisation_id", "paper_number"], "cases_paper_number_unique");
  });
  await knex.schema.alterTable("cases", (t) => {
    t.dropColumn("ledger_import_id");
    t.dropColumn("backfilled_at");
    t.dropColumn("backfilled_by");
    t.dropColumn("paper_number");
  });
  await knex.schema.dropTable("ledger_imports");
}
