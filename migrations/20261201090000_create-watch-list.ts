import type { Knex } from "knex";

/**
 * 管控 watch list: a high-risk dispute (a case, a grid report, or both when linked) stays on the
 * governance centre's list until closed, with the date of the next check-in (回访) and who checks.
 * `reasons_json` holds why it is watched (["risk_serious", "threats", "group", "repeat"]).
 * Each check-in is a row in watch_checkins and moves `next_check_on`. Dates are Beijing
 * 'YYYY-MM-DD'; times ISO strings (UTC).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("watch_items", (t) => {
    t.increments("id").primary();
    t.integer("version").notNullable().defaultTo(1);
    t.integer("case_id").nullable().references("id").inTable("cases");
    t.integer("report_id").nullable().references("id").inTable("grid_reports");
    t.integer("centre_id").notNullable().references("id").inTable("organisations");
    t.text("reasons_json").notNullable();
    t.text("note").nullable();
    t.string("next_check_on", 10).notNullable();
    t.string("checker_name", 100).notNullable();
    t.integer("checker_user_id").nullable().references("id").inTable("users");
    t.string("status", 16).notNullable().defaultTo("open");
    t.string("created_at", 24).notNullable();
    t.integer("created_by").notNullable().references("id").inTable("users");
    t.string("closed_at", 24).nullable();
    t.text("closed_reason").nullable();
    t.index(["centre_id", "status"]);
    t.index(["status", "next_check_on"]);
    t.index(["case_id"]);
    t.index(["report_id"]);
  });
  await knex.schema.createTable("watch_checkins", (t) => {
    t.increments("id").primary();
    t.integer("item_id").notNullable().references("id").inTable("watch_items").onDelete("CASCADE");
    t.string("checked_on", 10).notNullable();
    t.integer("by_user_id").notNullable().references("id").inTable("users");
    t.text("note").notNullable();
    t.string("next_check_on", 10).nullable();
    t.string("created_at", 24).notNullable();
    t.index(["item_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("watch_checkins");
  await knex.schema.dropTable("watch_items");
}
