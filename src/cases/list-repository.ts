import type { Knex } from "knex";
import { isPostgres } from "../db/knex.js";
import { ValidationError } from "../errors.js";
import { scopeFor, type SessionUser } from "../people/scope.js";
import { regionPrefix, type RegionLevel } from "../places/kinds.js";
import type { CaseFilter } from "./list-items.js";
import { assignedCaseIds, whereVisible, withCaseColumns } from "./repository.js";
import { openObligations, whereOverdue } from "./overdue.js";
import { whereMatches } from "./search-index.js";

type Row = Record<string, unknown>;

/** See listCaseRows: past this many matches a search's page walks the cases in date order. */
const DENSE_MATCHES = 10_000;

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
  // The page's query before the search term: its shape depends on how many cases the term finds.
  const base = term ? q.clone() : q;
  const scope = scopeFor(user);
  const narrow = !scope.all && scope.regionPrefixes.length === 0;
  // Through the search index: see whereMatches for the shapes by database and scope. A court's
  // cases are not its own (they are the confirmations'), so only committees and mediators search
  // by committee.
  const committee =
    narrow && isPostgres(knex) && !user.roles.includes("judge")
      ? { organisationIds: scope.organisationIds, assigned: assignedCaseIds(knex.queryBuilder(), user.id) }
      : undefined;
  if (term) whereMatches(q, knex, term, narrow, committee);
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
  // The page in two steps: its ids first, in order (the indexes hold what the filters, the
  // visibility test and the order read, so the cases the page skips are never read from the table),
  // then those rows with their names.
  // A term that finds more than DENSE_MATCHES cases (a year, a surname) is one in a few of what
  // the caller sees: walking their cases newest first finds a page sooner than sorting the matches.
  // SQLite only: PostgreSQL's planner, given the same choice, sorts the matches faster.
  const dense = !!term && !narrow && !isPostgres(knex) && Number(countRow?.n ?? 0) > DENSE_MATCHES;
  if (dense) whereMatches(base, knex, term, true);
  const pageQuery = dense ? base : q;
  const ids = (
    (await pageQuery
      .clone()
      .select("c.id")
      .orderBy("c.registered_on", "desc")
      .orderBy("c.id", "desc")
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)) as { id: number | string }[]
  ).map((r) => Number(r.id));
  const order = new Map(ids.map((id, i) => [id, i]));
  const rows = ids.length
    ? ((await withCaseColumns(knex("cases as c")).whereIn("c.id", ids)) as Row[]).sort(
        (a, b) => order.get(Number(a.id))! - order.get(Number(b.id))!,
      )
    : [];
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
