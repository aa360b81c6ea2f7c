import type { Knex } from "knex";
import { COMMITTEE_KINDS } from "../places/kinds.js";
import { coveringCodes, isVillageCode } from "./coverage.js";
import { groupBy, json, parsed, parseList, type Db, type Row } from "./db-helpers.js";
import type { FiveEldersKind, PoolLevel, RelationKind } from "./labels.js";
import { UNAVAILABILITY_LABELS, type UnavailabilityReason } from "./labels.js";
import type { CandidateProfile, MatchParty } from "./matching.js";
import type { MediatorKind } from "./roster.js";

/** Case statuses in which an assignment counts against a mediator's capacity. */
export const ACTIVE_STATUSES = ["accepted", "in_mediation"] as const;

/** What decides whether a mediator may be matched to (and assigned on) a case. */
export interface CandidateScope {
  caseOrganisationId: number;
  /** Where the dispute is. */
  regionCode: string;
}

/** Committees (and studios) serving the place, plus the committee handling the case. */
export function servingOrganisations(db: Db, s: CandidateScope) {
  return db("organisations")
    .select("id")
    .where("active", true)
    .where((w) =>
      w
        .where((k) => k.whereIn("kind", COMMITTEE_KINDS).whereIn("region_code", coveringCodes(s.regionCode)))
        .orWhere("id", s.caseOrganisationId),
    );
}

/**
 * Restricts `mediators as m` to the candidates for a case: active mediators of the committee
 * handling it and of every committee, professional committee and studio serving the place; the
 * village's 五老, sages and liaisons by where they live; and the experts of every pool whose
 * area holds the place (in term or not: an expired term is an exclusion the clerk should see).
 */
export function whereCandidate(q: Knex.QueryBuilder, db: Db, s: CandidateScope): Knex.QueryBuilder {
  const village = isVillageCode(s.regionCode) ? s.regionCode.slice(0, 12) : null;
  return q.where("m.active", true).where((w) => {
    w.whereIn("m.organisation_id", servingOrganisations(db, s))
      .orWhereIn(
        "m.id",
        db("mediator_memberships")
          .select("mediator_id")
          .whereIn("organisation_id", servingOrganisations(db, s)),
      )
      .orWhereIn(
        "m.id",
        db("expert_pool_members as pm")
          .join("expert_pool_batches as b", "b.id", "pm.batch_id")
          .join("expert_pools as p", "p.id", "b.pool_id")
          .whereIn("p.region_code", coveringCodes(s.regionCode))
          .select("pm.mediator_id"),
      );
    if (village) {
      w.orWhere((v) =>
        v
          .whereIn("m.kind", ["five_elders", "sage", "liaison"])
          .andWhere("m.home_region_code", "like", `${village}%`),
      );
    }
  });
}

function candidateIds(db: Db, s: CandidateScope, onlyIds?: number[]) {
  const q = whereCandidate(db("mediators as m").select("m.id"), db, s);
  return onlyIds ? q.whereIn("m.id", onlyIds) : q;
}

export interface CandidateQuery extends CandidateScope {
  typeCode: string;
  parties: MatchParty[];
  /** The case itself, left out of experience and load. */
  caseId?: number;
  dates: string[];
  /** Only these mediators (an assignment being checked). */
  onlyIds?: number[];
}

/** Open cases each mediator leads or co-mediates (invited helpers do not carry the case). */
export function activeLoads(db: Db, ids: number[], exceptCaseId?: number) {
  const q = db("cases as c")
    .crossJoin(db.raw("?? as ??", ["case_assignments", "a"]))
    .whereRaw("c.id = a.case_id")
    .whereNull("a.ended_at")
    .whereIn("a.role", ["lead", "co"])
    .whereIn("c.status", ACTIVE_STATUSES)
    .whereIn("a.mediator_id", ids)
    .groupBy("a.mediator_id")
    .select("a.mediator_id")
    .countDistinct({ n: "a.case_id" });
  return exceptCaseId ? q.whereNot("c.id", exceptCaseId) : q;
}

/**
 * Every candidate's profile for the pure scorer, whatever their number, in a handful of
 * queries that each hand over one JSON document (a driver pays for every value it converts, so
 * five thousand rows of twenty cells would cost more than all the rest): the candidates with
 * their load (the candidate set worked out once, in a CTE); the
 * organisations; appointments in the pools serving the place; absences around the proposed
 * dates; other memberships; and declared ties that could concern this case's parties.
 * Only what scoring needs comes back: `specialties` holds the case's type or nothing, `name`
 * is empty and `title` null (loadDisplay fetches them for the few shown), and `experience` is
 * null (loadExperience fetches it for those who can reach the list, see needsExperience).
 */
export async function loadCandidates(
  db: Db,
  q: CandidateQuery & { languages?: boolean },
): Promise<CandidateProfile[]> {
  const J = json(db);
  const covering = coveringCodes(q.regionCode);
  const dates = [...q.dates].sort();
  const from = dates[0] ?? "0000-00-00";
  const to = dates.at(-1) ?? "9999-99-99";
  const idNumbers = q.parties.map((p) => p.idNumber?.toUpperCase()).filter((x): x is string => !!x);
  const names = q.parties.map((p) => p.name);
  // Everything in one statement: the candidates, and beside them the few rows of the small
  // tables they refer to, each side list as one JSON value (uncorrelated, so evaluated once).
  const side = {
    // Each mediator's open cases are counted in mediator_loads (src/mediators/tallies.ts); the
    // case itself counts for those on it while it is open, and is taken off again here.
    ...(q.caseId
      ? {
          onCase: db("case_assignments as a")
            .join("cases as c", "c.id", "a.case_id")
            .where("a.case_id", q.caseId)
            .whereNull("a.ended_at")
            .whereIn("a.role", ["lead", "co"])
            .whereIn("c.status", ACTIVE_STATUSES)
            .select(db.raw(`${J.agg}(distinct a.mediator_id)`)),
        }
      : {}),
    orgs: db("organisations").select(db.raw(`${J.agg}(${J.arr}(id, name, kind, region_code))`)),
    batches: db("expert_pool_batches as b")
      .join("expert_pools as p", "p.id", "b.pool_id")
      .whereIn("p.region_code", covering)
      .select(db.raw(`${J.agg}(${J.arr}(b.id, p.name, p.level, b.name, b.term_start, b.term_end))`)),
    appointments: db("expert_pool_members as pm")
      .join("expert_pool_batches as b", "b.id", "pm.batch_id")
      .join("expert_pools as p", "p.id", "b.pool_id")
      .whereIn("p.region_code", covering)
      .select(db.raw(`${J.agg}(${J.arr}(pm.mediator_id, pm.batch_id))`)),
    away: db("mediator_unavailability")
      .where("to_on", ">=", from)
      .where("from_on", "<=", to)
      .select(db.raw(`${J.agg}(${J.arr}(mediator_id, from_on, to_on, reason))`)),
    memberships: db("mediator_memberships")
      .whereIn("organisation_id", servingOrganisations(db, q))
      .select(db.raw(`${J.agg}(${J.arr}(mediator_id, organisation_id))`)),
    relations: db("mediator_relations")
      .where((w) => {
        if (idNumbers.length) w.whereIn("id_number", idNumbers);
        if (names.length) w.orWhereIn("person_name", names);
        if (!idNumbers.length && !names.length) w.whereRaw("1 = 0");
      })
      .select(db.raw(`${J.agg}(${J.arr}(mediator_id, kind, person_name, id_number, phone))`)),
  };
  const row = (await db
    .queryBuilder()
    .withMaterialized("cand", candidateIds(db, q, q.onlyIds))
    .from("cand")
    .join("mediators as m", "m.id", "cand.id")
    .leftJoin("mediator_loads as ml", "ml.mediator_id", "m.id")
    .leftJoin("mediator_specialties as sp", (j) =>
      j.on("sp.mediator_id", "=", "m.id").andOn("sp.type_code", "=", db.raw("?", [q.typeCode])),
    )
    // Column by column: a few long arrays parse faster than thousands of short ones.
    .select(
      db.raw(
        `${J.agg}(m.id) as ids, ${J.agg}(m.kind) as kinds, ${J.agg}(m.five_elders_kind) as five,
         ${J.agg}(m.organisation_id) as orgs_of, ${J.agg}(m.home_region_code) as homes,
         ${J.agg}(m.capacity) as capacities, ${J.agg}(m.since_year) as since,
         ${J.agg}(coalesce(ml.open_cases, 0)) as loads_of,
         ${J.agg}(case when sp.mediator_id is null then 0 else 1 end) as specialty
         ${q.languages ? `, ${J.agg}(m.languages_json) as languages` : ""}`,
      ),
      side,
    )
    .first()) as Record<string, unknown>;
  const value = (key: string) => ({ v: row[key] });
  const [orgs, appointments, away, memberships] = [
    value("orgs"),
    value("appointments"),
    value("away"),
    value("memberships"),
  ];
  const relations = parsed<[number, RelationKind, string, string | null, string | null][]>(
    value("relations"),
    [],
  ).map(([mediator_id, kind, person_name, id_number, phone]) => ({
    mediator_id,
    kind,
    person_name,
    id_number,
    phone,
  }));
  const orgOf = new Map(
    parsed<[number, string, string, string][]>(orgs, []).map(([id, name, kind, region]) => [
      Number(id),
      { name, kind, region },
    ]),
  );
  // One Appointment object per batch, shared by its experts.
  const batchOf = new Map<number, CandidateProfile["appointments"][number]>();
  for (const [id, poolName, level, batchName, termStart, termEnd] of parsed<
    [number, string, string, string, string, string][]
  >(value("batches"), [])) {
    batchOf.set(id, { poolName, level: level as PoolLevel, batchName, termStart, termEnd });
  }
  const appointmentsOf = new Map<number, CandidateProfile["appointments"]>();
  for (const [id, batchId] of parsed<[number, number][]>(appointments, [])) {
    const list = appointmentsOf.get(id);
    if (list) list.push(batchOf.get(batchId)!);
    else appointmentsOf.set(id, [batchOf.get(batchId)!]);
  }
  const awayOf = new Map<number, CandidateProfile["unavailable"]>();
  for (const [id, fromOn, toOn, reason] of parsed<[number, string, string, string][]>(away, [])) {
    const list = awayOf.get(id) ?? [];
    list.push({ fromOn, toOn, label: UNAVAILABILITY_LABELS[reason as UnavailabilityReason] ?? reason });
    awayOf.set(id, list);
  }
  const membershipsOf = new Map<number, number[]>();
  for (const [id, orgId] of parsed<[number, number][]>(memberships, [])) {
    membershipsOf.set(id, [...(membershipsOf.get(id) ?? []), orgId]);
  }
  const onCase = new Set(parsed<number[]>(value("onCase"), []).map(Number));
  const relationsOf = groupBy(relations as Row[], "mediator_id", (r) => ({
    kind: r.kind as RelationKind,
    personName: String(r.person_name),
    idNumber: (r.id_number as string | null) ?? null,
    phone: (r.phone as string | null) ?? null,
  }));
  const none: never[] = [];
  const ids = parsed<number[]>(value("ids"), []);
  const kinds = parsed<string[]>(value("kinds"), []);
  const five = parsed<(string | null)[]>(value("five"), []);
  const orgsOf = parsed<number[]>(value("orgs_of"), []);
  const homes = parsed<(string | null)[]>(value("homes"), []);
  const capacities = parsed<number[]>(value("capacities"), []);
  const since = parsed<(number | null)[]>(value("since"), []);
  const loadsOf = parsed<number[]>(value("loads_of"), []);
  const specialty = parsed<number[]>(value("specialty"), []);
  const languages = q.languages ? parsed<(string | null)[]>(value("languages"), []) : [];
  const hasType = [q.typeCode];
  const out: CandidateProfile[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = Number(ids[i]);
    const orgId = Number(orgsOf[i]);
    const org = orgOf.get(orgId)!;
    out[i] = {
      mediatorId: id,
      name: "",
      kind: kinds[i] as MediatorKind,
      fiveEldersKind: (five[i] as FiveEldersKind | null) ?? null,
      title: null,
      organisationId: orgId,
      organisationName: org.name,
      organisationKind: org.kind,
      organisationRegionCode: org.region,
      memberOrganisationIds: membershipsOf.get(id) ?? none,
      homeRegionCode: homes[i] ?? null,
      languages: languages[i] ? parseList(languages[i]) : none,
      specialties: specialty[i] ? hasType : none,
      capacity: Number(capacities[i]),
      activeCases: Number(loadsOf[i]) - (onCase.has(id) ? 1 : 0),
      sinceYear: since[i] === null || since[i] === undefined ? null : Number(since[i]),
      experience: null,
      appointments: appointmentsOf.get(id) ?? none,
      unavailable: awayOf.get(id) ?? none,
      relations: relationsOf.get(id) ?? none,
    };
  }
  return out;
}
