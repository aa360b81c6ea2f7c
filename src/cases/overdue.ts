import type { Knex } from "knex";

/**
 * 逾期: the one definition every page uses (src/reports/README.md, "overdue"). A case is overdue
 * when the deadline it is waiting on is before today (Beijing date):
 * - mediating (accepted, in_mediation): its mediation deadline (`cases.mediation_due_on`);
 * - performing (agreement, awaiting_confirmation, confirmed): the earliest unperformed
 *   obligation of its effective agreement (`obligations.due_on`).
 * Any other status waits on no deadline of the case's own. `nextDeadline` says it for one case
 * (the list rows, the statistics' facts), `whereOverdue` in SQL (the case list and the desks).
 */
export const MEDIATING_STATUSES = ["accepted", "in_mediation"] as const;
export const PERFORMING_STATUSES = ["agreement", "awaiting_confirmation", "confirmed"] as const;

export type DeadlineKind = "mediation" | "obligation";
export const DEADLINE_LABELS: Record<DeadlineKind, string> = {
  mediation: "调解期限",
  obligation: "履行期限",
};

export interface NextDeadline {
  kind: DeadlineKind;
  due: string;
}

/** The deadline a case is waiting on, or null. `obligationDue`: earliest unperformed, effective. */
export function nextDeadline(c: {
  status: string;
  mediationDueOn: string | null;
  obligationDue: string | null;
}): NextDeadline | null {
  if ((MEDIATING_STATUSES as readonly string[]).includes(c.status))
    return c.mediationDueOn ? { kind: "mediation", due: c.mediationDueOn } : null;
  if ((PERFORMING_STATUSES as readonly string[]).includes(c.status))
    return c.obligationDue ? { kind: "obligation", due: c.obligationDue } : null;
  return null;
}

/** Overdue the day after the due day; on the due day itself it is 今日到期. */
export const isOverdue = (due: string | null, today: string): boolean => due !== null && due < today;

/** Obligations that count: unperformed, of the case's effective agreement (alias `ob`). */
export function openObligations(knex: Knex): Knex.QueryBuilder {
  return knex("obligations as ob")
    .join("agreements as ag", "ag.id", "ob.agreement_id")
    .where("ag.status", "effective")
    .whereNull("ob.performed_on");
}

/** Narrows a query on `cases as c` to the overdue cases, as `nextDeadline` defines them. */
export function whereOverdue(q: Knex.QueryBuilder, knex: Knex, today: string): Knex.QueryBuilder {
  return q.where((w) =>
    w
      .where((m) => m.whereIn("c.status", MEDIATING_STATUSES).andWhere("c.mediation_due_on", "<", today))
      .orWhere((p) =>
        p
          .whereIn("c.status", PERFORMING_STATUSES)
          .whereExists(
            openObligations(knex)
              .select(knex.raw("1"))
              .whereRaw("ob.case_id = c.id")
              .andWhere("ob.due_on", "<", today),
          ),
      ),
  );
}
