import type { Knex } from "knex";

/** Where a case came from when a governance centre sent it from a grid report. */
export interface CaseGridSource {
  reportId: number;
  reporterKind: "grid_worker" | "party";
  /** The grid worker's name; null for a party's report (whose phone is not shown on the case page). */
  reporterName: string | null;
}

/**
 * The case page's 来源 line for a case made from a grid report (src/routes/cases/show.ts): the
 * report and who raised it. The caller has already been allowed to see the case; the report's
 * page checks its own visibility.
 */
export class GridCaseSource {
  constructor(private readonly knex: Knex) {}

  async of(caseId: number): Promise<CaseGridSource | null> {
    return findCaseSource(this.knex, caseId);
  }
}

/** Repository function: the report linked to a case (`grid_reports.case_id`), with its reporter's name. */
export async function findCaseSource(knex: Knex, caseId: number): Promise<CaseGridSource | null> {
  const row = (await knex("grid_reports as r")
    .leftJoin("users as u", "u.id", "r.reporter_user_id")
    .where("r.case_id", caseId)
    .orderBy("r.id")
    .first("r.id", "r.reporter_kind", "u.display_name")) as Record<string, unknown> | undefined;
  if (!row) return null;
  return {
    reportId: Number(row.id),
    reporterKind: row.reporter_kind === "party" ? "party" : "grid_worker",
    reporterName: typeof row.display_name === "string" ? row.display_name : null,
  };
}
