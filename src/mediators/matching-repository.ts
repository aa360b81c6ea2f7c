import { whereVisible } from "../cases/repository.js";
import type { CaseView } from "../cases/views.js";
import { scopeFor, type SessionUser } from "../people/scope.js";
import { servingOrganisations, type CandidateScope } from "./candidates-repository.js";
import { groupBy, json, parsed, sequence, type Db, type Row } from "./db-helpers.js";
import type { TeamKind } from "./labels.js";
import type { TeamProfile } from "./matching.js";
import { CONCLUDED_SQL, SUCCESS_SQL } from "./tallies.js";

/**
 * Each mediator's cases of this type concluded (lead or co-mediator) and how many succeeded,
 * leaving out the case being matched: the counts kept per mediator and type in
 * mediator_type_records (src/mediators/tallies.ts), less the case itself where it counts.
 */
export async function loadExperience(
  db: Db,
  q: { typeCode: string; caseId?: number; ids: number[] },
): Promise<Map<number, { concluded: number; successful: number }>> {
  if (q.ids.length === 0) return new Map();
  const J = json(db);
  // The case itself, for those who led or co-mediated it, if it is of this type and concluded.
  const self = db("case_assignments as a")
    .join("cases as c", "c.id", "a.case_id")
    .where("a.case_id", q.caseId ?? 0)
    .where("c.type_code", q.typeCode)
    .whereIn("a.role", ["lead", "co"])
    .whereRaw(CONCLUDED_SQL)
    .distinct("a.mediator_id", db.raw(`case when ${SUCCESS_SQL} then 1 else 0 end as ok`))
    .as("s");
  const row = await db
    .from("mediator_type_records as r")
    .leftJoin(self, "s.mediator_id", "r.mediator_id")
    .where("r.type_code", q.typeCode)
    .whereIn("r.mediator_id", q.ids)
    .select(
      db.raw(
        `${J.agg}(${J.arr}(r.mediator_id, r.concluded - (case when s.mediator_id is null then 0 else 1 end),
         r.successful - coalesce(s.ok, 0))) as v`,
      ),
    )
    .first();
  return new Map(
    parsed<[number, number, number][]>(row, []).map(([id, concluded, successful]) => [
      Number(id),
      { concluded: Number(concluded), successful: Number(successful) },
    ]),
  );
}

/** Names and titles (职务或身份) for the few candidates shown; scoring needs neither. */
export async function loadDisplay(
  db: Db,
  ids: number[],
): Promise<Map<number, { name: string; title: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = (await db("mediators").whereIn("id", ids).select("id", "name", "title")) as Row[];
  return new Map(
    rows.map((r) => [Number(r.id), { name: String(r.name), title: (r.title as string | null) ?? null }]),
  );
}

/** What matching needs to know about a case. */
export type MatchableCase = Pick<
  CaseView,
  | "id"
  | "number"
  | "typeCode"
  | "typeName"
  | "regionCode"
  | "organisationId"
  | "riskLevel"
  | "amountFen"
  | "peopleInvolved"
> & {
  parties: Pick<CaseView["parties"][number], "id" | "name" | "idNumber" | "phone" | "ethnicity">[];
  assignments: Pick<CaseView["assignments"][number], "mediatorId" | "role" | "endedAt">[];
};

/**
 * The case as matching needs it, if the user may see it (the same rule as the case pages): its
 * facts, parties and current assignments, in three small queries rather than the whole file.
 */
export async function loadMatchableCase(
  db: Db,
  user: SessionUser,
  id: number,
): Promise<MatchableCase | null> {
  if (!Number.isInteger(id) || id <= 0) return null;
  const row = (await whereVisible(
    db("cases as c")
      .join("dispute_types as t", "t.code", "c.type_code")
      .where("c.id", id)
      .select(
        "c.id",
        "c.number",
        "c.type_code",
        "t.name as type_name",
        "c.region_code",
        "c.organisation_id",
        "c.risk_level",
        "c.amount_fen",
        "c.people_involved",
      ),
    user,
    scopeFor(user),
  ).first()) as Row | undefined;
  if (!row) return null;
  const [parties, assignments] = await sequence(db, [
    () =>
      db("parties")
        .where({ case_id: id })
        .orderBy("position")
        .select("id", "name", "id_number", "phone", "ethnicity"),
    () =>
      db("case_assignments")
        .where({ case_id: id })
        .whereNull("ended_at")
        .orderBy("id")
        .select("mediator_id", "role"),
  ]);
  return {
    id: Number(row.id),
    number: String(row.number),
    typeCode: String(row.type_code),
    typeName: String(row.type_name),
    regionCode: String(row.region_code),
    organisationId: Number(row.organisation_id),
    riskLevel: row.risk_level as CaseView["riskLevel"],
    amountFen: row.amount_fen === null || row.amount_fen === undefined ? null : Number(row.amount_fen),
    peopleInvolved:
      row.people_involved === null || row.people_involved === undefined ? null : Number(row.people_involved),
    parties: parties!.map((p) => ({
      id: Number(p.id),
      name: String(p.name),
      idNumber: (p.id_number as string | null) ?? null,
      phone: (p.phone as string | null) ?? null,
      ethnicity: (p.ethnicity as string | null) ?? null,
    })),
    assignments: assignments!.map((a) => ({
      mediatorId: Number(a.mediator_id),
      role: a.role as CaseView["assignments"][number]["role"],
      endedAt: null,
    })),
  };
}

/** Active teams that serve the place: those of the committees serving it or handling the case. */
export async function loadTeams(db: Db, s: CandidateScope): Promise<TeamProfile[]> {
  const teams = await db("mediator_teams")
    .where("active", true)
    .whereIn("organisation_id", servingOrganisations(db, s))
    .orderBy("id");
  if (teams.length === 0) return [];
  const members = await db("mediator_team_members")
    .whereIn(
      "team_id",
      teams.map((t: Row) => Number(t.id)),
    )
    .orderBy("mediator_id");
  const byTeam = groupBy(members as Row[], "team_id", (r) => Number(r.mediator_id));
  return (teams as Row[]).map((t) => ({
    teamId: Number(t.id),
    name: String(t.name),
    kind: t.kind as TeamKind,
    leadMediatorId: Number(t.lead_mediator_id),
    memberIds: byTeam.get(Number(t.id)) ?? [],
  }));
}

/** The parties' 回避 applications on the case, with who made each. */
export async function loadObjections(
  db: Db,
  caseId: number,
): Promise<{ mediatorId: number; reason: string; partyName: string }[]> {
  const rows = (await db("mediator_objections as x")
    .join("parties as p", "p.id", "x.party_id")
    .where("x.case_id", caseId)
    .select("x.mediator_id", "x.reason", "p.name as party_name")) as Row[];
  return rows.map((o) => ({
    mediatorId: Number(o.mediator_id),
    reason: String(o.reason),
    partyName: String(o.party_name),
  }));
}

/** Names of the given region codes, by code (for the reasons a score gives). */
export async function loadRegionNames(db: Db, codes: string[]): Promise<Record<string, string>> {
  const rows = (await db("regions").whereIn("code", codes).select("code", "name")) as Row[];
  return Object.fromEntries(rows.map((r) => [String(r.code), String(r.name)]));
}

/** Teams assigned as a whole and still on the case. */
export async function loadCurrentTeams(
  db: Db,
  caseId: number,
): Promise<{ id: number; name: string; kind: TeamKind }[]> {
  const rows = (await db("case_assignments as a")
    .join("mediator_teams as t", "t.id", "a.team_id")
    .where("a.case_id", caseId)
    .whereNull("a.ended_at")
    .distinct("t.id", "t.name", "t.kind")
    .orderBy("t.id")) as Row[];
  return rows.map((t) => ({ id: Number(t.id), name: String(t.name), kind: t.kind as TeamKind }));
}

/** Names and whether active, for the mediators an assignment names. */
export async function loadAssignable(
  db: Db,
  ids: number[],
): Promise<{ id: number; name: string; active: boolean }[]> {
  const rows = (await db("mediators").whereIn("id", ids).select("id", "name", "active")) as Row[];
  return rows.map((r) => ({ id: Number(r.id), name: String(r.name), active: Boolean(r.active) }));
}
