import type { Knex } from "knex";

/**
 * A case created when a governance centre dispatches a grid report to a committee points back at
 * the report (`cases.grid_report_id`; the report's `case_id` points the other way). Only
 * `grid_reports.case_id` is a foreign key: two keys pointing at each other would be a cycle that
 * `npm run db:copy` cannot order; the service writes both in the same transaction. Added with a
 * plain ALTER TABLE … ADD COLUMN, which SQLite does without rebuilding `cases` (a rebuild would
 * drop its statistics triggers).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw("ALTER TABLE cases ADD COLUMN grid_report_id integer NULL");
  await knex.raw("CREATE INDEX cases_grid_report_id_index ON cases (grid_report_id)");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("DROP INDEX cases_grid_report_id_index");
  await knex.schema.alterTable("cases", (t) => {
    t.dropColumn("grid_report_id");
  });
}
