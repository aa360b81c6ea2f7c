import type { Knex } from "knex";

/**
 * Grid reports (网格上报) and their dispatch by a governance centre (综治中心): a grid worker or a
 * party reports a dispute, a hazard or a request; the centre serving the place sends it to a
 * committee (a case is created there, linked both ways through `case_id` / `cases.grid_report_id`)
 * or to a department (a work order with `due_on`), or closes it with a reason. Every step is a row
 * in grid_report_events (the timeline); ratings and photos sit beside. `users.grid_region_code` is
 * the grid (village or villager group) a grid worker covers. Times are ISO strings (UTC).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("users", (t) => {
    t.string("grid_region_code", 15).nullable();
  });
  await knex.schema.createTable("grid_reports", (t) => {
    t.increments("id").primary();
    t.integer("version").notNullable().defaultTo(1);
    t.string("category", 16).notNullable();
    t.string("region_code", 15).notNullable().references("code").inTable("regions");
    t.text("summary").notNullable();
    t.string("occurred_on", 10).nullable();
    t.integer("people").nullable();
    t.text("parties_json").nullable();
    t.string("risk_level", 16).notNullable().defaultTo("ordinary");
    t.boolean("threats").notNullable().defaultTo(false);
    t.string("reporter_kind", 16).notNullable();
    t.integer("reporter_user_id").nullable().references("id").inTable("users");
    t.string("reporter_phone", 40).nullable();
    t.integer("centre_id").notNullable().references("id").inTable("organisations");
    t.string("status", 16).notNullable().defaultTo("new");
    t.integer("dispatched_to").nullable().references("id").inTable("organisations");
    t.string("dispatched_at", 24).nullable();
    t.integer("dispatched_by").nullable().references("id").inTable("users");
    t.string("due_on", 10).nullable();
    t.text("dispatch_note").nullable();
    t.integer("case_id").nullable().references("id").inTable("cases");
    t.text("result").nullable();
    t.string("done_on", 10).nullable();
    t.text("closed_reason").nullable();
    t.string("reported_at", 24).notNullable();
    t.string("updated_at", 24).notNullable();
    t.index(["centre_id", "status"]);
    t.index(["dispatched_to", "status"]);
    t.index(["region_code"]);
    t.index(["reporter_user_id"]);
    t.index(["reporter_phone"]);
    t.index(["case_id"]);
  });
  await knex.schema.createTable("grid_report_events", (t) => {
    t.increments("id").primary();
    t.integer("report_id").notNullable().references("id").inTable("grid_reports").onDelete("CASCADE");
    t.string("at", 24).notNullable();
    t.integer("actor_user_id").nullable().references("id").inTable("users");
    t.string("actor_phone", 40).nullable();
    t.string("kind", 24).notNullable();
    t.text("text").notNullable();
    t.text("data_json").nullable();
    t.index(["report_id"]);
  });
  await knex.schema.createTable("grid_report_ratings", (t) => {
    t.increments("id").primary();
    t.integer("report_id").notNullable().references("id").inTable("grid_reports").onDelete("CASCADE");
    t.string("satisfaction", 24).notNullable();
    t.text("comment").nullable();
    t.string("rated_at", 24).notNullable();
    t.integer("rater_user_id").nullable().references("id").inTable("users");
    t.string("rater_phone", 40).nullable();
    t.index(["report_id"]);
  });
  await knex.schema.createTable("grid_report_photos", (t) => {
    t.increments("id").primary();
    t.integer("report_id").notNullable().references("id").inTable("grid_reports").onDelete("CASCADE");
    t.string("name", 200).notNullable();
    t.string("mime", 40).notNullable();
    t.integer("size").notNullable();
    t.string("sha256", 64).notNullable();
    t.binary("bytes").notNullable();
    t.binary("thumbnail").nullable();
    t.string("uploaded_at", 24).notNullable();
    t.index(["report_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("grid_report_photos");
  await knex.schema.dropTable("grid_report_ratings");
  await knex.schema.dropTable("grid_report_events");
  await knex.schema.dropTable("grid_reports");
  await knex.schema.alterTable("users", (t) => {
    t.dropColumn("grid_region_code");
  });
}
