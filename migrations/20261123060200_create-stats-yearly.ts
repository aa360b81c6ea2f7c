import type { Knex } from "knex";

/** The measures of the statistics rows as of this migration (see 20261123040200). */
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

const KEY = ["dim", "year", "dim_value", "organisation_id", "region_code"];

/** A statistics table: the key columns (with `days` for a days table), then the measures or `n`. */
async function createStatsTable(knex: Knex, name: string, days: boolean) {
  await knex.schema.createTable(name, (t) => {
    t.string("dim", 16).notNullable();
    t.string("year", 4).notNullable();
    t.string("dim_value", 80).notNullable();
    t.integer("organisation_id").notNullable();
    t.string("region_code", 15).notNullable();
    if (days) {
      t.integer("days").notNullable();
      t.bigInteger("n").notNullable().defaultTo(0);
    } else for (const m of MEASURES) t.bigInteger(m).notNullable().defaultTo(0);
    t.primary(days ? [...KEY, "days"] : KEY);
  });
}

/**
 * Statistics at a million cases: a year's figures summed from twelve months of stats_monthly read
 * tens of thousands of rows per request. stats_yearly and stats_yearly_days hold the same sums
 * per year (src/reports/README.md), filled here from the monthly rows and maintained with them.
 * "Obligations due up to today" reads the facts of the current month: a covering partial index
 * reads only the days on which an obligation falls due, without touching the table.
 */
export async function up(knex: Knex): Promise<void> {
  await createStatsTable(knex, "stats_yearly", false);
  await createStatsTable(knex, "stats_yearly_days", true);
  const group = "dim, substr(month, 1, 4), dim_value, organisation_id, region_code";
  await knex.raw(
    `INSERT INTO stats_yearly (${[...KEY, ...MEASURES].join(", ")})
     SELECT ${group}, ${MEASURES.map((m) => `SUM(${m})`).join(", ")} FROM stats_monthly GROUP BY ${group}`,
  );
  await knex.raw(
    `INSERT INTO stats_yearly_days (${[...KEY, "days", "n"].join(", ")})
     SELECT ${group}, days, SUM(n) FROM stats_monthly_days GROUP BY ${group}, days`,
  );
  await knex.raw(
    `CREATE INDEX stats_facts_oblig_due ON stats_facts
       (day, organisation_id, region_code, oblig_due, oblig_performed) WHERE oblig_due > 0`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("DROP INDEX stats_facts_oblig_due");
  await knex.schema.dropTable("stats_yearly_days");
  await knex.schema.dropTable("stats_yearly");
}
