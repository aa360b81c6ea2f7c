import type { Knex } from "knex";
import { COMMITTEE_KINDS } from "../places/kinds.js";
import { hasRole, type SessionUser } from "../people/scope.js";
import { userArea, whereVisibleMediator } from "./access.js";
import { insertedId, type Db, type Row } from "./db-helpers.js";

/** Every query and write behind the mediator teams (teams.ts). */

/** The teams the user may see (of their area and the organisations serving it), by place. */
export function teamRows(db: Db, user: SessionUser): Knex.QueryBuilder {
  const q = db("mediator_teams as t")
    .join("organisations as o", "o.id", "t.organisation_id")
    .join("mediators as l", "l.id", "t.lead_mediator_id")
    .select("t.*", "o.name as org_name", "o.region_code as org_region", "l.name as lead_name")
    .orderBy("o.region_code")
    .orderBy("t.id");
  if (!hasRole(user, "admin")) {
    const { prefix, covering } = userArea(user);
    q.where((w) => w.where("o.region_code", "like", `${prefix}%`).orWhereIn("o.region_code", covering));
  }
  return q;
}

export async function teamMembers(db: Db, teamIds: number[]): Promise<Row[]> {
  return (await db("mediator_team_members as tm")
    .join("mediators as m", "m.id", "tm.mediator_id")
    .whereIn("tm.team_id", teamIds)
    .orderBy("m.id")
    .select("tm.team_id", "m.id", "m.name", "m.kind", "m.title")) as Row[];
}

export async function activeCommittees(db: Db): Promise<Row[]> {
  return (await db("organisations")
    .whereIn("kind", COMMITTEE_KINDS)
    .where("active", true)
    .orderBy("id")) as Row[];
}

/** Active mediators the user can see, those nearest first (at most 500). */
export async function memberRows(db: Db, user: SessionUser): Promise<Row[]> {
  return (await whereVisibleMediator(
    db("mediators as m")
      .join("organisations as o", "o.id", "m.organisation_id")
      .where("m.active", true)
      .select("m.id", "m.name", "m.kind", "o.name as org_name"),
    db,
    user,
  )
    .orderBy("o.region_code", "desc")
    .orderBy("m.id")
    .limit(500)) as Row[];
}

export async function findActiveOrganisation(db: Db, id: number): Promise<Row | undefined> {
  return (await db("organisations").where({ id, active: true }).first()) as Row | undefined;
}

export async function teamNameTaken(db: Db, name: string, exceptId?: number): Promise<boolean> {
  const q = db("mediator_teams").where({ name });
  if (exceptId) q.whereNot({ id: exceptId });
  return !!(await q.first());
}

export async function insertTeam(trx: Knex.Transaction, row: Row, memberIds: number[]): Promise<number> {
  const [inserted] = await trx("mediator_teams").insert(row).returning("id");
  const id = insertedId(inserted);
  await trx("mediator_team_members").insert(memberIds.map((mediator_id) => ({ team_id: id, mediator_id })));
  return id;
}

/** Updates a team still at `version` and replaces its members: false when someone saved it first. */
export async function updateTeam(
  trx: Knex.Transaction,
  id: number,
  version: number,
  patch: Row,
  memberIds: number[],
): Promise<boolean> {
  const n = await trx("mediator_teams")
    .where({ id, version })
    .update({ ...patch, version: version + 1 });
  if (n !== 1) return false;
  await trx("mediator_team_members").where({ team_id: id }).delete();
  await trx("mediator_team_members").insert(memberIds.map((mediator_id) => ({ team_id: id, mediator_id })));
  return true;
}
