import type { Knex } from "knex";

/**
 * Every change to a case or to what hangs off it marks the case in stats_dirty, in the same
 * transaction as the change; the statistics refresher recounts marked cases before it answers
 * (src/reports/refresh.ts). Marks are never merged, so a change committed while a refresh runs
 * keeps its own mark and is counted by the next one.
 */
const CHILD_TABLES = ["case_assignments", "agreements", "obligations", "confirmations", "follow_ups"];

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === "pg") await upPostgres(knex);
  else await upSqlite(knex);
  // Cases that already exist are counted on the first refresh.
  await knex.raw("INSERT INTO stats_dirty (case_id) SELECT id FROM cases");
}

async function upSqlite(knex: Knex): Promise<void> {
  const mark = (name: string, event: string, table: string, expr: string) =>
    knex.raw(
      `CREATE TRIGGER ${name} AFTER ${event} ON ${table} BEGIN INSERT INTO stats_dirty (case_id) VALUES (${expr}); END`,
    );
  await mark("stats_cases_ins", "INSERT", "cases", "NEW.id");
  await mark("stats_cases_upd", "UPDATE", "cases", "NEW.id");
  await mark("stats_cases_del", "DELETE", "cases", "OLD.id");
  for (const t of CHILD_TABLES) {
    await mark(`stats_${t}_ins`, "INSERT", t, "NEW.case_id");
    await mark(`stats_${t}_upd`, "UPDATE", t, "NEW.case_id");
    await mark(`stats_${t}_del`, "DELETE", t, "OLD.case_id");
  }
  await knex.raw(
    `CREATE TRIGGER stats_mediators_kind AFTER UPDATE OF kind ON mediators WHEN OLD.kind IS NOT NEW.kind
     BEGIN INSERT INTO stats_dirty (case_id) SELECT case_id FROM case_assignments WHERE mediator_id = NEW.id; END`,
  );
}

/** Statement-level triggers with transition tables: one insert per statement, also for bulk loads. */
async function upPostgres(knex: Knex): Promise<void> {
  const fn = (name: string, body: string) =>
    knex.raw(
      `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${body}; RETURN NULL; END $$`,
    );
  await fn("stats_mark_new_cases", "INSERT INTO stats_dirty (case_id) SELECT id FROM new_rows");
  await fn("stats_mark_old_cases", "INSERT INTO stats_dirty (case_id) SELECT id FROM old_rows");
  await fn(
    "stats_mark_new_children",
    "INSERT INTO stats_dirty (case_id) SELECT DISTINCT case_id FROM new_rows",
  );
  await fn(
    "stats_mark_old_children",
    "INSERT INTO stats_dirty (case_id) SELECT DISTINCT case_id FROM old_rows",
  );
  await fn(
    "stats_mark_mediator_cases",
    `INSERT INTO stats_dirty (case_id) SELECT DISTINCT a.case_id FROM case_assignments a
       JOIN new_rows n ON n.id = a.mediator_id JOIN old_rows o ON o.id = n.id
      WHERE o.kind IS DISTINCT FROM n.kind`,
  );
  const trigger = (name: string, event: string, table: string, ref: string, fnName: string) =>
    knex.raw(
      `CREATE TRIGGER ${name} AFTER ${event} ON ${table} REFERENCING ${ref} FOR EACH STATEMENT EXECUTE FUNCTION ${fnName}()`,
    );
  await trigger("stats_cases_ins", "INSERT", "cases", "NEW TABLE AS new_rows", "stats_mark_new_cases");
  await trigger("stats_cases_upd", "UPDATE", "cases", "NEW TABLE AS new_rows", "stats_mark_new_cases");
  await trigger("stats_cases_del", "DELETE", "cases", "OLD TABLE AS old_rows", "stats_mark_old_cases");
  for (const t of CHILD_TABLES) {
    await trigger(`stats_${t}_ins`, "INSERT", t, "NEW TABLE AS new_rows", "stats_mark_new_children");
    await trigger(`stats_${t}_upd`, "UPDATE", t, "NEW TABLE AS new_rows", "stats_mark_new_children");
    await trigger(`stats_${t}_del`, "DELETE", t, "OLD TABLE AS old_rows", "stats_mark_old_children");
  }
  await trigger(
    "stats_mediators_kind",
    "UPDATE",
    "mediators",
    "NEW TABLE AS new_rows OLD TABLE AS old_rows",
    "stats_mark_mediator_cases",
  );
}

export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === "pg";
  const drop = (name: string, table: string) =>
    knex.raw(pg ? `DROP TRIGGER IF EXISTS ${name} ON ${table}` : `DROP TRIGGER IF EXISTS ${name}`);
  for (const t of ["cases", ...CHILD_TABLES]) {
    for (const op of ["ins", "upd", "del"]) await drop(`stats_${t}_${op}`, t);
  }
  await drop("stats_mediators_kind", "mediators");
  if (pg) {
    for (const f of [
      "stats_mark_new_cases",
      "stats_mark_old_cases",
      "stats_mark_new_children",
      "stats_mark_old_children",
      "stats_mark_mediator_cases",
    ]) {
      await knex.raw(`DROP FUNCTION IF EXISTS ${f}()`);
    }
  }
}
