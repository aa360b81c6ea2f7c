import type { Knex } from "knex";
import { ACTIVE_STATUSES } from "./candidates-repository.js";

/**
 * Each mediator's open cases (mediator_loads) and, per dispute type, the cases they concluded
 * and how many succeeded (mediator_type_records): what matching reads instead of their cases.
 * Triggers recount them in the same transaction as every change to an assignment or to a case's
 * status, outcome or type (migrations/20261201140000_create-mediator-tallies.ts, whose backfill
 * counts the same). Bulk loads set those triggers aside and call rebuildMediatorTallies after.
 */
export const SUCCESS_SQL =
  "(c.outcome = 'success' or (c.outcome is null and c.status in ('agreement','awaiting_confirmation','confirmed','performed')))";
export const CONCLUDED_SQL = `(${SUCCESS_SQL} or c.outcome = 'failure')`;

/** Recounts both tables for every mediator, in one transaction. */
export async function rebuildMediatorTallies(knex: Knex): Promise<void> {
  const active = ACTIVE_STATUSES.map((s) => `'${s}'`).join(",");
  await knex.transaction(async (trx) => {
    await trx("mediator_loads").delete();
    await trx("mediator_type_records").delete();
    await trx.raw(
      `INSERT INTO mediator_loads (mediator_id, open_cases)
       SELECT a.mediator_id, count(DISTINCT a.case_id) FROM case_assignments a JOIN cases c ON c.id = a.case_id
        WHERE a.ended_at IS NULL AND a.role IN ('lead','co') AND c.status IN (${active})
        GROUP BY a.mediator_id`,
    );
    await trx.raw(
      `INSERT INTO mediator_type_records (mediator_id, type_code, concluded, successful)
       SELECT a.mediator_id, c.type_code, count(DISTINCT c.id), count(DISTINCT CASE WHEN ${SUCCESS_SQL} THEN c.id END)
         FROM case_assignments a JOIN cases c ON c.id = a.case_id
        WHERE a.role IN ('lead','co') AND ${CONCLUDED_SQL}
        GROUP BY a.mediator_id, c.type_code`,
    );
  });
}
