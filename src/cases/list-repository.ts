import type { Knex } from "knex";
import { ValidationError } from "../errors.js";
import { scopeFor, type SessionUser } from "../people/scope.js";
import { regionPrefix, type RegionLevel } from "../places/kinds.js";
import type { CaseFilter } from "./list-items.js";
import { whereVisible, withCaseColumns } from "./repository.js";
import { openObligations, whereOverdue } from "./overdue.js";
import { whereMatches } from "./search-index.js";

type Row = Record<string, unknown>;

export interface CaseListRows {
  rows: Row[];
  parties: { case_id: number; side: string; name: string }[];
  /** Each listed case's earliest unperformed obligation (of its effective agreement). */
  dues: { case_id: number; due: string }[];
  counted: number;
}

/**
 * The case list's queries: one page of the cases the user may see, newest first, with their
 * parties' names and next obligation, and the count (stopped at `countLimit` when given).
 */
export async function listCaseRows(
  knex: Knex,
  user: SessionUser,
  filter: CaseFilter,
  page: { page: number; pageSize: number; today: string; countLimit?: number },
): Promise<CaseListRows> {
  const { today } = page;
  const q = whereVisible(knex("cases as c"), user, scopeFor(user));
  if (filter.status) q.where("c.status", filter.status);
  if (filter.typeCode) q.where("c.type_code", filter.typeCode);
  if (filter.source) q.where("c.source", filter.source);
  if (filter.from) q.where("c.registered_on", ">=", filter.from);
  if (filter.to) q.where("c.registered_on", "<=", filter.to);
  if (filter.region) {
    const region = await knex("regions").where({ code: filter.region }).first();
    if (!region) throw new ValidationError([{ field: "region", message: "区划代码不存在" }]);
    q.where("c.region_code", "like", `${regionPrefix(region.code, region.level as RegionLevel)}%`);
  }
  if (filter.mine) {
    q.whereIn("c.id", (s) =>
      s
        .select("ma.case_id")
        .from("case_assignments as ma")
        .join("mediators as mm", "mm.id", "ma.mediator_id")
        .whereNull("ma.ended_at")
        .andWhere("mm.user_id", user.id),
    );
  }
  if (filter.overdue) whereOverdue(q, knex, today);
  const term = filter.q?.trim();
  if (term) {
    // Through the search index: see whereMatches for the shapes by database and scope.
    const scope = scopeFor(user);
    whereMatches(q, knex, term, !scope.all && scope.regionPrefixes.length === 0);
  }
  const limit = page.countLimit;
  const countRow = limit
    ? await knex
        .from(
          q
            .clone()
            .select(knex.raw("1 AS one"))
            .limit(limit + 1)
            .as("x"),
        )
        .count({ n: "*" })
        .first()
    : await q.clone().count({ n: "c.id" }).first();
  const rows = (await withCaseColumns(q)
    .orderBy("c.registered_on", "desc")
    .orderBy("c.id", "desc")
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)) as Row[];
  const ids = rows.map((r) => Number(r.id));
  const [parties, dues] = ids.length
    ? await Promise.all([
        knex("parties").whereIn("case_id", ids).orderBy("position").select("case_id", "side", "name"),
        openObligations(knex)
          .whereIn("ob.case_id", ids)
          .groupBy("ob.case_id")
          .select({ case_id: "ob.case_id" })
          .min({ due: "ob.due_on" }),
      ])
    : [[], []];
  return { rows, parties, dues, counted: Number(countRow?.n ?? 0) } as CaseListRows;
}

/** Counts by status of the cases the user may see (one committee's when given). */
export async function countCasesByStatus(
  knex: Knex,
  user: SessionUser,
  organisationId?: number,
): Promise<Record<string, number>> {
  const q = whereVisible(knex("cases as c"), user, scopeFor(user));
  if (organisationId) q.where("c.organisation_id", organisationId);
  const rows = await q.groupBy("c.status").select("c.status").count({ n: "*" });
  return Object.fromEntries(
    (rows as { status: string; n: number | string }[]).map((r) => [String(r.status), Number(r.n)]),
  );
}
