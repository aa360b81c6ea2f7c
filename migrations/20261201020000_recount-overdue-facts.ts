import type { Knex } from "knex";

/**
 * 当前逾期 now also counts a case in performance whose earliest unperformed obligation is past due
 * (src/cases/overdue.ts). Their stored statistics facts predate that: mark each such case changed,
 * so the next refresh recounts it (src/reports/refresh.ts). Nothing else changes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `INSERT INTO stats_dirty (case_id)
     SELECT c.id FROM cases c
     WHERE c.status IN ('agreement', 'awaiting_confirmation', 'confirmed')
       AND EXISTS (SELECT 1 FROM obligations o WHERE o.case_id = c.id AND o.performed_on IS NULL)`,
  );
}

/** Facts recounted either way are right for the code that reads them; nothing to undo. */
export async function down(): Promise<void> {}
