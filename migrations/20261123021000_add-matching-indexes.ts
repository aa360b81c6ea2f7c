import type { Knex } from "knex";

/**
 * Narrow covering indexes for matching and mediators' records: a mediator's assignments by role
 * and case; a case's type and outcome by id (a case row is wide, with its summary, and reading
 * thousands of them to learn their type was most of the work); open assignments by case.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("case_assignments", (t) => {
    t.index(["mediator_id", "role", "case_id"], "case_assignments_mediator_role_case_index");
    t.index(["case_id", "ended_at", "role", "mediator_id"], "case_assignments_case_open_index");
  });
  await knex.schema.alterTable("cases", (t) => {
    t.index(["id", "type_code", "outcome", "status"], "cases_id_type_outcome_index");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("cases", (t) => {
    t.dropIndex(["id", "type_code", "outcome", "status"], "cases_id_type_outcome_index");
  });
  await knex.schema.alterTable("case_assignments", (t) => {
    t.dropIndex(["case_id", "ended_at", "role", "mediator_id"], "case_assignments_case_open_index");
    t.dropIndex(["mediator_id", "role", "case_id"], "case_assignments_mediator_role_case_index");
  });
}
