import type { Knex } from "knex";

/** The statistics tables that carry the measures (20261123040200, 20261123060200). */
const TABLES = ["stats_facts", "stats_monthly", "stats_yearly"];
/** Two measures for the parties' ratings (src/reports/README.md, satisfactionRate). */
const NEW_MEASURES = ["ratings", "rated_satisfied"];

/**
 * Ratings count in the statistics: two measures on every statistics table, and a rating marks
 * its case in stats_dirty like any other child row (20261123040300). No rating exists yet, so
 * nothing needs recounting.
 */
export async function up(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => {
      for (const m of NEW_MEASURES) t.bigInteger(m).notNullable().defaultTo(0);
    });
  }
  if (knex.client.config.client === "pg") {
    const trigger = (op: string, event: string, ref: string, fn: string) =>
      knex.raw(
        `CREATE TRIGGER stats_case_ratings_${op} AFTER ${event} ON case_ratings REFERENCING ${ref} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
    await trigger("ins", "INSERT", "NEW TABLE AS new_rows", "stats_mark_new_children");
    await trigger("upd", "UPDATE", "NEW TABLE AS new_rows", "stats_mark_new_children");
    await trigger("del", "DELETE", "OLD TABLE AS old_rows", "stats_mark_old_children");
  } else {
    const mark = (op: string, event: string, expr: string) =>
      knex.raw(
        `CREATE TRIGGER stats_case_ratings_${op} AFTER ${event} ON case_ratings BEGIN INSERT INTO stats_dirty (case_id) VALUES (${expr}); END`,
      );
    await mark("ins", "INSERT", "NEW.case_id");
    await mark("upd", "UPDATE", "NEW.case_id");
    await mark("del", "DELETE", "OLD.case_id");
  }
}

export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === "pg";
  for (const op of ["ins", "upd", "del"]) {
    await knex.raw(
      pg
        ? `DROP TRIGGER IF EXISTS stats_case_ratings_${op} ON case_ratings`
        : `DROP TRIGGER IF EXISTS stats_case_ratings_${op}`,
    );
  }
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => {
      for (const m of NEW_MEASURES) t.dropColumn(m);
    });
  }
}
