import type { Knex } from "knex";

/**
 * What matching reads per mediator instead of walking their cases on every request (issue 21):
 * each mediator's open cases (led or co-mediated, the case accepted or in mediation) and, per
 * dispute type, the cases they concluded and how many succeeded. Recounted for the mediators a
 * change concerns, in the same transaction, by triggers on case_assignments and on a case's
 * status, outcome and type. The triggers are named stats_* so that bulk loads set them aside
 * with the statistics triggers (bench/_synthetic.ts; db:copy copies the tables as they are);
 * src/mediators/tallies.ts rebuilds the tables after such a load.
 */
const ACTIVE = "('accepted','in_mediation')";
const SUCCESS =
  "(c.outcome = 'success' or (c.outcome is null and c.status in ('agreement','awaiting_confirmation','confirmed','performed')))";

/** Deletes and recounts both tallies of the mediators `match` picks (given a mediator id column). */
function recount(match: (col: string) => string): string[] {
  return [
    `DELETE FROM mediator_loads WHERE ${match("mediator_id")}`,
    `INSERT INTO mediator_loads (mediator_id, open_cases)
     SELECT a.mediator_id, count(DISTINCT a.case_id) FROM case_assignments a JOIN cases c ON c.id = a.case_id
      WHERE ${match("a.mediator_id")} AND a.ended_at IS NULL AND a.role IN ('lead','co') AND c.status IN ${ACTIVE}
      GROUP BY a.mediator_id`,
    `DELETE FROM mediator_type_records WHERE ${match("mediator_id")}`,
    `INSERT INTO mediator_type_records (mediator_id, type_code, concluded, successful)
     SELECT a.mediator_id, c.type_code, count(DISTINCT c.id), count(DISTINCT CASE WHEN ${SUCCESS} THEN c.id END)
       FROM case_assignments a JOIN cases c ON c.id = a.case_id
      WHERE ${match("a.mediator_id")} AND a.role IN ('lead','co') AND (${SUCCESS} OR c.outcome = 'failure')
      GROUP BY a.mediator_id, c.type_code`,
  ];
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("mediator_loads", (t) => {
    t.integer("mediator_id").primary();
    t.integer("open_cases").notNullable();
  });
  await knex.schema.createTable("mediator_type_records", (t) => {
    t.integer("mediator_id").notNullable();
    t.string("type_code", 40).notNullable();
    t.integer("concluded").notNullable();
    t.integer("successful").notNullable();
    t.primary(["mediator_id", "type_code"]);
  });
  if (knex.client.config.client === "pg") await upPostgres(knex);
  else await upSqlite(knex);
  // Backfill: every mediator with cases, in one pass.
  for (const s of recount(() => "1 = 1").filter((s) => s.startsWith("INSERT"))) await knex.raw(s);
}

async function upSqlite(knex: Knex): Promise<void> {
  const trigger = async (name: string, head: string, ids: string) => {
    const body = recount((col) => `${col} IN ${ids}`).join(";\n");
    await knex.raw(`CREATE TRIGGER ${name} ${head} BEGIN\n${body};\nEND`);
  };
  await trigger("stats_mediator_tallies_ins", "AFTER INSERT ON case_assignments", "(NEW.mediator_id)");
  await trigger("stats_mediator_tallies_del", "AFTER DELETE ON case_assignments", "(OLD.mediator_id)");
  await trigger(
    "stats_mediator_tallies_upd",
    `AFTER UPDATE OF mediator_id, case_id, role, ended_at ON case_assignments
     WHEN OLD.mediator_id IS NOT NEW.mediator_id OR OLD.case_id IS NOT NEW.case_id
       OR OLD.role IS NOT NEW.role OR OLD.ended_at IS NOT NEW.ended_at`,
    "(OLD.mediator_id, NEW.mediator_id)",
  );
  await trigger(
    "stats_mediator_tallies_case",
    `AFTER UPDATE OF status, outcome, type_code ON cases
     WHEN OLD.status IS NOT NEW.status OR OLD.outcome IS NOT NEW.outcome OR OLD.type_code IS NOT NEW.type_code`,
    "(SELECT mediator_id FROM case_assignments WHERE case_id = NEW.id)",
  );
}

/**
 * Row triggers calling one function; the function takes one transaction-scoped advisory lock
 * before recounting, so that two transactions changing tallies recount one after the other, each
 * statement seeing what the other committed. One lock for every mediator, not one per mediator:
 * an assignment of two mediators fires two row triggers, and locks taken row by row in another
 * transaction's opposite order deadlock (the load check saw it: bench/load.ts --pg --workers 2).
 */
async function upPostgres(knex: Knex): Promise<void> {
  const body = recount((col) => `${col} = ANY(ids)`).join(";\n");
  await knex.raw(`CREATE FUNCTION mediator_tallies_recount(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF cardinality(ids) = 0 THEN RETURN; END IF;
      PERFORM pg_advisory_xact_lock(1401, 0);
      ${body};
    END $$`);
  await knex.raw(`CREATE FUNCTION stats_mediator_tallies_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN PERFORM mediator_tallies_recount(ARRAY[NEW.mediator_id]);
      ELSIF TG_OP = 'DELETE' THEN PERFORM mediator_tallies_recount(ARRAY[OLD.mediator_id]);
      ELSE PERFORM mediator_tallies_recount(ARRAY[OLD.mediator_id, NEW.mediator_id]);
      END IF;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE FUNCTION stats_mediator_tallies_case() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM mediator_tallies_recount(ARRAY(SELECT mediator_id FROM case_assignments WHERE case_id = NEW.id));
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER stats_mediator_tallies_ins AFTER INSERT OR DELETE ON case_assignments
    FOR EACH ROW EXECUTE FUNCTION stats_mediator_tallies_assignment()`);
  await knex.raw(`CREATE TRIGGER stats_mediator_tallies_upd AFTER UPDATE OF mediator_id, case_id, role, ended_at
    ON case_assignments FOR EACH ROW
    WHEN (OLD.mediator_id IS DISTINCT FROM NEW.mediator_id OR OLD.case_id IS DISTINCT FROM NEW.case_id
       OR OLD.role IS DISTINCT FROM NEW.role OR OLD.ended_at IS DISTINCT FROM NEW.ended_at)
    EXECUTE FUNCTION stats_mediator_tallies_assignment()`);
  await knex.raw(`CREATE TRIGGER stats_mediator_tallies_case AFTER UPDATE OF status, outcome, type_code ON cases
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.outcome IS DISTINCT FROM NEW.outcome
       OR OLD.type_code IS DISTINCT FROM NEW.type_code)
    EXECUTE FUNCTION stats_mediator_tallies_case()`);
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === "pg") {
    await knex.raw("DROP TRIGGER IF EXISTS stats_mediator_tallies_ins ON case_assignments");
    await knex.raw("DROP TRIGGER IF EXISTS stats_mediator_tallies_upd ON case_assignments");
    await knex.raw("DROP TRIGGER IF EXISTS stats_mediator_tallies_case ON cases");
    await knex.raw("DROP FUNCTION IF EXISTS stats_mediator_tallies_assignment()");
    await knex.raw("DROP FUNCTION IF EXISTS stats_mediator_tallies_case()");
    await knex.raw("DROP FUNCTION IF EXISTS mediator_tallies_recount(integer[])");
  } else {
    for (const t of ["ins", "del", "upd", "case"])
      await knex.raw(`DROP TRIGGER IF EXISTS stats_mediator_tallies_${t}`);
  }
  await knex.schema.dropTable("mediator_type_records");
  await knex.schema.dropTable("mediator_loads");
}
