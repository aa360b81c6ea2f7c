import type { Knex } from "knex";
import { isPostgres } from "../db/knex.js";
import type { Scope, SessionUser } from "../people/scope.js";
import { OPEN_STATUSES, type Status } from "./lifecycle.js";
import type { CaseView } from "./views.js";

export { loadCase } from "./case-load.js";

type Row = Record<string, unknown>;

/**
 * Restricts a query on `cases as c` to what the user may see: their committee's cases; for
 * officers the cases in their region subtree (where the dispute is, or where the committee sits);
 * for judges the cases with an application filed at their court; for a mediator any case they
 * are assigned to; everything for admins.
 *
 * Every term is an indexed membership test (`IN` a column list or an uncorrelated subquery), so
 * both databases can answer the OR from indexes (SQLite's OR-by-union, PostgreSQL's BitmapOr)
 * instead of testing each case in turn.
 */
/** The ids of the cases a user mediates now (a subquery on `s`). */
export function assignedCaseIds(s: Knex.QueryBuilder, userId: number): Knex.QueryBuilder {
  return s
    .from("case_assignments as sa")
    .join("mediators as sm", "sm.id", "sa.mediator_id")
    .whereNull("sa.ended_at")
    .andWhere("sm.user_id", userId)
    .select("sa.case_id");
}

export function whereVisible(q: Knex.QueryBuilder, user: SessionUser, scope: Scope): Knex.QueryBuilder {
  if (scope.all) return q;
  if (scope.regionPrefixes.length === 0 && q.client.dialect === "postgresql") {
    // PostgreSQL will not combine an OR holding a subquery through indexes: it would test every
    // case the other conditions match. The cases assigned to the user (and a court's) are listed
    // once as an array (an InitPlan), so the OR is two plain conditions the planner can test on
    // the list's covering indexes: at a million cases a committee's filtered list counts in
    // 1.2 ms instead of 6.9 ms when the committee's ~4,400 case ids were listed and probed.
    // A court's confirmations are too many for an array (a county court has a tenth of the
    // county's cases): a judge's cases are listed and probed as before.
    const orgs = scope.organisationIds.length ? scope.organisationIds : [-1];
    const assigned = (s: Knex.QueryBuilder) => assignedCaseIds(s, user.id);
    if (!user.roles.includes("judge")) {
      const others = assigned(q.client.queryBuilder());
      return q.where((w) =>
        w.whereIn("c.organisation_id", orgs).orWhere("c.id", "=", q.client.raw("ANY(ARRAY(?))", [others])),
      );
    }
    return q.whereIn("c.id", (s: Knex.QueryBuilder) => {
      s.from("cases as vc").whereIn("vc.organisation_id", orgs).select("vc.id");
      s.unionAll((u: Knex.QueryBuilder) =>
        u.from("confirmations as sc").whereIn("sc.court_id", orgs).select("sc.case_id"),
      );
      s.unionAll(assigned);
    });
  }
  return q.where((w) => {
    w.whereIn("c.organisation_id", scope.organisationIds.length ? scope.organisationIds : [-1]);
    // A region's cases are most of what an officer sees: these two terms are tested case by
    // case (the `|| ''` and `+ 0` keep the planner from reading every case of the region through
    // the place index, and let it walk the filter's index or the date order instead).
    for (const prefix of scope.regionPrefixes) {
      w.orWhereIn(q.client.raw("(c.region_code || '')"), (s: Knex.QueryBuilder) =>
        s.from("regions as sr").where("sr.code", "like", `${prefix}%`).select("sr.code"),
      );
      w.orWhereIn(q.client.raw("(c.organisation_id + 0)"), (s: Knex.QueryBuilder) =>
        s.from("organisations as so").where("so.region_code", "like", `${prefix}%`).select("so.id"),
      );
    }
    if (user.roles.includes("judge")) {
      w.orWhereIn("c.id", (s) =>
        s.from("confirmations as sc").whereIn("sc.court_id", scope.organisationIds).select("sc.case_id"),
      );
    }
    w.orWhereIn("c.id", (s) =>
      s
        .from("case_assignments as sa")
        .join("mediators as sm", "sm.id", "sa.mediator_id")
        .whereNull("sa.ended_at")
        .andWhere("sm.user_id", user.id)
        .select("sa.case_id"),
    );
  });
}

export function caseBase(db: Knex | Knex.Transaction): Knex.QueryBuilder {
  return withCaseColumns(db("cases as c"));
}

/** Adds what a case row shows (committee, type and place names) to a query on `cases as c`. */
export function withCaseColumns(q: Knex.QueryBuilder): Knex.QueryBuilder {
  return q
    .join("organisations as o", "o.id", "c.organisation_id")
    .join("dispute_types as t", "t.code", "c.type_code")
    .join("regions as r", "r.code", "c.region_code")
    .select(
      "c.*",
      "o.name as organisation_name",
      "o.kind as organisation_kind",
      "o.region_code as organisation_region_code",
      "t.name as type_name",
      "r.name as region_name",
    );
}

/**
 * The one write of a case row after intake: a guarded transition (use-of-force's pattern). It
 * applies only if the case still has the version the user saw and the status the lifecycle
 * decided from; false means someone else changed it first (the caller answers 409).
 */
export async function updateGuarded(
  trx: Knex.Transaction,
  id: number,
  version: number,
  from: Status,
  patch: Record<string, unknown>,
): Promise<boolean> {
  const updated = await trx("cases")
    .where({ id, version, status: from })
    .update({ ...patch, version: version + 1 });
  return updated === 1;
}

/**
 * Queues concurrent actions on one case (PostgreSQL row lock; SQLite has one writer), so the
 * second sees the first's new version and answers 409 rather than colliding later.
 */
export async function lockCase(trx: Knex.Transaction, id: number): Promise<void> {
  if (isPostgres(trx)) await trx("cases").where({ id }).forUpdate().select("id").first();
}

/** Whether the user may see the case (whereVisible for one id). */
export async function isVisible(db: Knex | Knex.Transaction, user: SessionUser, scope: Scope, id: number) {
  return !!(await whereVisible(db("cases as c").select("c.id").where("c.id", id), user, scope).first());
}

/** Other open cases of this case's parties (same resident ID or phone), at most 20. */
export async function openCasesOfParties(
  db: Knex | Knex.Transaction,
  kase: CaseView,
): Promise<{ id: number; number: string; name: string }[]> {
  const ids = kase.parties.map((p) => p.idNumber).filter((x): x is string => !!x);
  const phones = kase.parties.map((p) => p.phone).filter((x): x is string => !!x);
  if (!ids.length && !phones.length) return [];
  const rows = await db("parties as p")
    .join("cases as c", "c.id", "p.case_id")
    .whereNot("c.id", kase.id)
    .whereIn(
      "c.status",
      OPEN_STATUSES.filter((s) => s !== "terminated"),
    )
    .where((w) => {
      if (ids.length) w.whereIn("p.id_number", ids);
      if (phones.length) w.orWhereIn("p.phone", phones);
    })
    .distinct("c.id", "c.number", "p.name", "c.organisation_id")
    .limit(20);
  return (rows as Row[]).map((r) => ({ id: Number(r.id), number: String(r.number), name: String(r.name) }));
}

/** Which of these cases the user may see. */
export async function visibleCaseIds(
  db: Knex | Knex.Transaction,
  user: SessionUser,
  scope: Scope,
  ids: readonly number[],
): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await whereVisible(db("cases as c").whereIn("c.id", ids).select("c.id"), user, scope);
  return new Set((rows as { id: number }[]).map((r) => Number(r.id)));
}
