import type { Knex } from "knex";

/** The measures every statistics row carries; src/reports/figures.ts defines each one. */
const MEASURES = [
  "found",
  "prevented",
  "accepted",
  "concluded",
  "successful",
  "days_sum",
  "agreed_fen",
  "open_due",
  "conf_applied",
  "conf_confirmed",
  "conf_rejected",
  "oblig_due",
  "oblig_performed",
  "follow_ups",
  "satisfied",
  "criminal_cases",
  "criminal_people",
  "petition_cases",
  "petition_people",
];

function measures(t: Knex.CreateTableBuilder): void {
  for (const m of MEASURES) t.bigInteger(m).notNullable().defaultTo(0);
}

/**
 * Statistics are read from maintained aggregates (src/reports/README.md):
 * - stats_dirty: cases changed since they were last counted (written by triggers, next migration);
 * - stats_facts: what each case counts for, one row per case and day;
 * - stats_monthly / stats_monthly_days: the facts summed by month, committee and place, once in
 *   total (dim '') and once per grouping (type, source, mediator kind, type and source), and the
 *   days-to-conclude distribution for medians;
 * - stats_state: one row the refresher locks, so refreshes run one at a time.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("stats_dirty", (t) => {
    t.bigIncrements("id").primary();
    t.integer("case_id").notNullable();
  });
  await knex.schema.createTable("stats_state", (t) => {
    t.integer("id").primary();
    t.string("refreshed_at", 24).nullable();
    t.bigInteger("refreshes").notNullable().defaultTo(0);
  });
  await knex("stats_state").insert({ id: 1, refreshed_at: null, refreshes: 0 });
  await knex.schema.createTable("stats_facts", (t) => {
    t.integer("case_id").notNullable();
    t.string("day", 10).notNullable();
    t.integer("organisation_id").notNullable();
    t.string("region_code", 15).notNullable();
    t.string("type_code", 32).notNullable();
    t.string("source", 32).notNullable();
    t.string("mediator_kind", 32).notNullable();
    measures(t);
    t.primary(["case_id", "day"]);
    t.index(["day", "organisation_id", "region_code"]);
  });
  // Cases in mediation, by deadline: "overdue now" reads only these few rows.
  await knex.raw("CREATE INDEX stats_facts_open_due ON stats_facts (day) WHERE open_due > 0");
  await knex.schema.createTable("stats_monthly", (t) => {
    t.string("dim", 16).notNullable();
    t.string("month", 7).notNullable();
    t.string("dim_value", 80).notNullable();
    t.integer("organisation_id").notNullable();
    t.string("region_code", 15).notNullable();
    measures(t);
    t.primary(["dim", "month", "dim_value", "organisation_id", "region_code"]);
  });
  await knex.schema.createTable("stats_monthly_days", (t) => {
    t.string("dim", 16).notNullable();
    t.string("month", 7).notNullable();
    t.string("dim_value", 80).notNullable();
    t.integer("organisation_id").notNullable();
    t.string("region_code", 15).notNullable();
    t.integer("days").notNullable();
    t.bigInteger("n").notNullable().defaultTo(0);
    t.primary(["dim", "month", "dim_value", "organisation_id", "region_code", "days"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("stats_monthly_days");
  await knex.schema.dropTable("stats_monthly");
  await knex.schema.dropTable("stats_facts");
  await knex.schema.dropTable("stats_state");
  await knex.schema.dropTable("stats_dirty");
}
