import { whereVisible } from "../cases/repository.js";
import type { Status } from "../cases/lifecycle.js";
import { scopeFor, type SessionUser } from "../people/scope.js";
import { whereVisibleMediator } from "./access.js";
import { activeLoads } from "./candidates-repository.js";
import type { Db, Row } from "./db-helpers.js";
import type { RecordCase } from "./track-record.js";

/**
 * Reading mediator records: every query behind the list, a record's page and its track record.
 * Rows come back as the database gives them (`m.*` with the organisation's name and region as
 * `org_name`, `org_region`); records.ts turns them into MediatorSummary and MediatorDetail.
 */

/** The list's filters once the service has resolved the place to a prefix. */
export interface ListRowsFilter {
  kind?: string;
  specialty?: string;
  regionPrefix?: string;
  q?: string;
  organisationId?: number;
  includeRetired?: boolean;
}

const withOrganisation = (db: Db) =>
  db("mediators as m")
    .join("organisations as o", "o.id", "m.organisation_id")
    .select("m.*", "o.name as org_name", "o.region_code as org_region");

/** The records the user may see, by place, committee and id. */
export async function listRows(db: Db, user: SessionUser, filter: ListRowsFilter): Promise<Row[]> {
  const q = whereVisibleMediator(withOrganisation(db), db, user)
    .orderBy("o.region_code")
    .orderBy("m.organisation_id")
    .orderBy("m.id");
  if (!filter.includeRetired) q.where("m.active", true);
  if (filter.kind) q.where("m.kind", filter.kind);
  if (filter.specialty) {
    q.whereIn("m.id", db("mediator_specialties").select("mediator_id").where("type_code", filter.specialty));
  }
  if (filter.organisationId) {
    const orgId = filter.organisationId;
    q.where((w) =>
      w
        .where("m.organisation_id", orgId)
        .orWhereIn("m.id", db("mediator_memberships").select("mediator_id").where("organisation_id", orgId)),
    );
  }
  if (filter.q) q.where("m.name", "like", `%${filter.q.replace(/[\\%_]/g, "")}%`);
  const prefix = filter.regionPrefix;
  if (prefix !== undefined) {
    // Where they live, or where their committee sits for those with no home on record.
    q.where((w) =>
      w
        .where("m.home_region_code", "like", `${prefix}%`)
        .orWhere((o) => o.whereNull("m.home_region_code").andWhere("o.region_code", "like", `${prefix}%`)),
    );
  }
  return (await q) as Row[];
}

export async function findRegion(db: Db, code: string): Promise<Row | undefined> {
  return (await db("regions").where({ code }).first()) as Row | undefined;
}

/** One record the user may see (undefined otherwise). */
export async function findVisibleRow(db: Db, user: SessionUser, id: number): Promise<Row | undefined> {
  if (!Number.isInteger(id)) return undefined;
  return (await whereVisibleMediator(withOrganisation(db).where("m.id", id), db, user).first()) as
    Row | undefined;
}

/** Specialties, loads, absences today and pool terms for a page of records, in four queries. */
export async function summaryFacts(db: Db, ids: number[], today: string) {
  const [specialties, loads, away, appointments] = await Promise.all([
    db("mediator_specialties as s")
      .join("dispute_types as t", "t.code", "s.type_code")
      .whereIn("s.mediator_id", ids)
      .orderBy("t.sort_order")
      .select("s.mediator_id", "s.type_code", "t.name"),
    activeLoads(db, ids),
    db("mediator_unavailability")
      .whereIn("mediator_id", ids)
      .where("from_on", "<=", today)
      .where("to_on", ">=", today)
      .distinct("mediator_id"),
    db("expert_pool_members as pm")
      .join("expert_pool_batches as b", "b.id", "pm.batch_id")
      .join("expert_pools as p", "p.id", "b.pool_id")
      .whereIn("pm.mediator_id", ids)
      .select("pm.mediator_id", "p.level", "b.term_start", "b.term_end"),
  ]);
  return {
    specialties: specialties as Row[],
    loads: loads as Row[],
    away: away as Row[],
    appointments: appointments as Row[],
  };
}

/** What a record's page adds to its summary; ties only when `withRelations` (the keepers and the mediator). */
export async function detailFacts(
  db: Db,
  r: Row,
  today: string,
  withRelations: boolean,
): Promise<{
  others: Row[];
  home: Row | undefined;
  away: Row[];
  relations: Row[];
  appointments: Row[];
  teams: Row[];
}> {
  const id = Number(r.id);
  const [others, home, away, relations, appointments, teams] = await Promise.all([
    db("mediator_memberships as mm")
      .join("organisations as o", "o.id", "mm.organisation_id")
      .where("mm.mediator_id", id)
      .orderBy("o.id")
      .select("o.id", "o.name"),
    r.home_region_code ? db("regions").where({ code: r.home_region_code }).first() : undefined,
    db("mediator_unavailability").where("mediator_id", id).where("to_on", ">=", today).orderBy("from_on"),
    withRelations ? db("mediator_relations").where("mediator_id", id).orderBy("id") : [],
    db("expert_pool_members as pm")
      .join("expert_pool_batches as b", "b.id", "pm.batch_id")
      .join("expert_pools as p", "p.id", "b.pool_id")
      .where("pm.mediator_id", id)
      .orderBy("b.term_start")
      .select(
        "p.id as pool_id",
        "p.name as pool_name",
        "p.level",
        "b.name as batch_name",
        "b.term_start",
        "b.term_end",
      ),
    db("mediator_team_members as tm")
      .join("mediator_teams as t", "t.id", "tm.team_id")
      .where("tm.mediator_id", id)
      .orderBy("t.id")
      .select("t.id", "t.name", "t.kind", "t.lead_mediator_id"),
  ]);
  return {
    others: others as Row[],
    home: home as Row | undefined,
    away: away as Row[],
    relations: relations as Row[],
    appointments: appointments as Row[],
    teams: teams as Row[],
  };
}

/** Every case the mediator led or co-mediated, one row each, with their role if still on it. */
export async function recordCases(db: Db, id: number): Promise<RecordCase[]> {
  const rows = (await db("case_assignments as a")
    .join("cases as c", "c.id", "a.case_id")
    .join("dispute_types as t", "t.code", "c.type_code")
    .where("a.mediator_id", id)
    .whereIn("a.role", ["lead", "co"])
    .groupBy(
      "c.id",
      "c.number",
      "c.type_code",
      "t.name",
      "t.sort_order",
      "c.status",
      "c.outcome",
      "c.accepted_on",
      "c.concluded_on",
    )
    .orderBy("t.sort_order")
    .orderBy("c.id")
    .select(
      "c.id",
      "c.number",
      "c.type_code",
      "t.name as type_name",
      "c.status",
      "c.outcome",
      "c.accepted_on",
      "c.concluded_on",
      db.raw("max(case when a.ended_at is null then a.role else null end) as current_role"),
    )) as Row[];
  return rows.map((c) => ({
    id: Number(c.id),
    number: String(c.number),
    typeCode: String(c.type_code),
    typeName: String(c.type_name),
    status: c.status as Status,
    outcome: (c.outcome as string | null) ?? null,
    acceptedOn: c.accepted_on ? String(c.accepted_on) : null,
    concludedOn: c.concluded_on ? String(c.concluded_on) : null,
    currentRole: c.current_role ? String(c.current_role) : null,
  }));
}

/** Which of these cases the user may see (the case pages' rule). */
export async function visibleCaseIds(db: Db, user: SessionUser, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = (await whereVisible(
    db("cases as c").select("c.id").whereIn("c.id", ids),
    user,
    scopeFor(user),
  )) as Row[];
  return new Set(rows.map((r) => Number(r.id)));
}

/** Follow-up ratings (回访) on these cases, by rating. */
export async function ratings(
  db: Db,
  caseIds: number[],
): Promise<{ satisfied: number; basically: number; dissatisfied: number }> {
  const rows = caseIds.length
    ? ((await db("follow_ups")
        .whereIn("case_id", caseIds)
        .groupBy("satisfaction")
        .select("satisfaction")
        .count({ n: "*" })) as Row[])
    : [];
  const count = (s: string) => Number(rows.find((f) => f.satisfaction === s)?.n ?? 0);
  return {
    satisfied: count("satisfied"),
    basically: count("basically"),
    dissatisfied: count("dissatisfied"),
  };
}

/** Active organisations, by place: those a record may belong to are chosen from them. */
export async function activeOrganisations(db: Db): Promise<Row[]> {
  return (await db("organisations").where("active", true).orderBy("region_code").orderBy("id")) as Row[];
}
