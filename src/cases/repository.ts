import type { Knex } from "knex";
import type { Scope, SessionUser } from "../people/scope.js";
import type { Status } from "./lifecycle.js";
import type {
  AgreementView,
  AssignmentView,
  CaseView,
  ConfirmationView,
  EventView,
  FollowUpView,
  ObligationView,
  PartyView,
  SessionView,
} from "./views.js";
import { sessionMediators } from "./session-mediators.js";

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

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
export function whereVisible(q: Knex.QueryBuilder, user: SessionUser, scope: Scope): Knex.QueryBuilder {
  if (scope.all) return q;
  if (scope.regionPrefixes.length === 0 && q.client.config.client === "pg") {
    // PostgreSQL will not combine an OR holding a subquery through indexes: it would test every
    // case the other conditions match. A committee, court or mediator sees a few thousand cases:
    // list their ids once instead.
    const orgs = scope.organisationIds.length ? scope.organisationIds : [-1];
    return q.whereIn("c.id", (s: Knex.QueryBuilder) => {
      s.from("cases as vc").whereIn("vc.organisation_id", orgs).select("vc.id");
      if (user.roles.includes("judge"))
        s.unionAll((u: Knex.QueryBuilder) =>
          u.from("confirmations as sc").whereIn("sc.court_id", orgs).select("sc.case_id"),
        );
      s.unionAll((u: Knex.QueryBuilder) =>
        u
          .from("case_assignments as sa")
          .join("mediators as sm", "sm.id", "sa.mediator_id")
          .whereNull("sa.ended_at")
          .andWhere("sm.user_id", user.id)
          .select("sa.case_id"),
      );
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

/** Loads one case with everything on it; `deadlines` is filled in by the service. */
export async function loadCase(db: Knex | Knex.Transaction, id: number): Promise<CaseView | null> {
  const c = (await caseBase(db).where("c.id", id).first()) as Row | undefined;
  if (!c) return null;
  // Inside a transaction there is one connection: run the queries one after another there.
  const queries: (() => PromiseLike<unknown>)[] = [
    () => db("parties").where({ case_id: id }).orderBy("position"),
    () =>
      db("case_assignments as a")
        .join("mediators as m", "m.id", "a.mediator_id")
        .select("a.*", "m.name as mediator_name", "m.kind as mediator_kind", "m.user_id")
        .where("a.case_id", id)
        .orderBy("a.id"),
    () =>
      db("mediation_sessions as s")
        .join("users as u", "u.id", "s.recorded_by")
        .select("s.*", "u.display_name as recorder")
        .where("s.case_id", id)
        .orderBy("s.seq"),
    () => db("agreements").where({ case_id: id, status: "effective" }).orderBy("id", "desc").limit(1),
    () =>
      db("confirmations as f")
        .join("organisations as o", "o.id", "f.court_id")
        .leftJoin("users as j", "j.id", "f.decided_by")
        .select("f.*", "o.name as court_name", "j.display_name as judge_name")
        .where("f.case_id", id)
        .orderBy("f.id"),
    () =>
      db("follow_ups as f")
        .join("users as u", "u.id", "f.recorded_by")
        .select("f.*", "u.display_name as recorder")
        .where("f.case_id", id)
        .orderBy("f.id"),
    () =>
      db("case_events as e")
        .leftJoin("users as u", "u.id", "e.actor_user_id")
        .select("e.*", "u.display_name as actor")
        .where("e.case_id", id)
        .orderBy("e.id"),
  ];
  const results: unknown[] = [];
  if ((db as Knex.Transaction).isTransaction) for (const q of queries) results.push(await q());
  else results.push(...(await Promise.all(queries.map((q) => q()))));
  const [parties, assignments, sessions, agreements, confirmations, followUps, events] = results as Row[][];
  const partyViews = (parties as Row[]).map(toParty);
  const partyName = new Map(partyViews.map((p) => [p.id, p.name]));
  let agreement: AgreementView | null = null;
  const a = (agreements as Row[])[0];
  if (a) {
    const signatures = await db("agreement_signatures").where({ agreement_id: a.id }).orderBy("party_id");
    const obligations = await db("obligations").where({ agreement_id: a.id }).orderBy("idx");
    agreement = {
      id: Number(a.id),
      form: a.form as AgreementView["form"],
      facts: str(a.facts),
      disputedMatters: str(a.disputed_matters),
      responsibilities: str(a.responsibilities),
      terms: String(a.terms),
      effectiveOn: String(a.effective_on),
      mediatorSignedOn: str(a.mediator_signed_on),
      sealedOn: str(a.sealed_on),
      copies: num(a.copies),
      status: a.status as AgreementView["status"],
      signatures: (signatures as Row[]).map((s) => ({
        partyId: Number(s.party_id),
        partyName: partyName.get(Number(s.party_id)) ?? "",
        signedOn: String(s.signed_on),
        method: String(s.method),
      })),
      obligations: (obligations as Row[]).map((o): ObligationView => ({
        id: Number(o.id),
        index: Number(o.idx),
        obligorPartyId: Number(o.obligor_party_id),
        obligor: partyName.get(Number(o.obligor_party_id)) ?? "",
        obligeePartyId: Number(o.obligee_party_id),
        obligee: partyName.get(Number(o.obligee_party_id)) ?? "",
        content: String(o.content),
        amountFen: num(o.amount_fen),
        place: str(o.place),
        manner: str(o.manner),
        dueOn: String(o.due_on),
        performedOn: str(o.performed_on),
        performanceNote: str(o.performance_note),
        overdue: false,
      })),
    };
  }
  return {
    id: Number(c.id),
    number: String(c.number),
    status: c.status as Status,
    outcome: str(c.outcome),
    source: String(c.source),
    typeCode: String(c.type_code),
    typeName: String(c.type_name),
    summary: String(c.summary),
    occurredOn: str(c.occurred_on),
    regionCode: String(c.region_code),
    regionName: String(c.region_name),
    address: str(c.address),
    amountFen: num(c.amount_fen),
    peopleInvolved: num(c.people_involved),
    riskLevel: c.risk_level as CaseView["riskLevel"],
    externalRef: str(c.external_ref),
    organisationId: Number(c.organisation_id),
    organisationName: String(c.organisation_name),
    organisationKind: String(c.organisation_kind),
    organisationRegionCode: String(c.organisation_region_code),
    referringCourtId: num(c.referring_court_id),
    registeredOn: String(c.registered_on),
    acceptedOn: str(c.accepted_on),
    consentNoticeOn: str(c.consent_notice_on),
    mediationDueOn: str(c.mediation_due_on),
    extensionReason: str(c.extension_reason),
    concludedOn: str(c.concluded_on),
    closedOn: str(c.closed_on),
    conclusionNote: str(c.conclusion_note),
    advice: str(c.advice),
    version: Number(c.version),
    createdAt: String(c.created_at),
    updatedAt: String(c.updated_at),
    parties: partyViews,
    assignments: (assignments as Row[]).map((r): AssignmentView => ({
      id: Number(r.id),
      mediatorId: Number(r.mediator_id),
      mediatorName: String(r.mediator_name),
      mediatorKind: String(r.mediator_kind),
      userId: num(r.user_id),
      role: r.role as AssignmentView["role"],
      partiesConsented: Boolean(r.parties_consented),
      assignedAt: String(r.assigned_at),
      endedAt: str(r.ended_at),
      endReason: str(r.end_reason),
    })),
    sessions: (sessions as Row[]).map((s): SessionView => ({
      id: Number(s.id),
      seq: Number(s.seq),
      heldAt: String(s.held_at),
      placeKind: String(s.place_kind),
      place: str(s.place),
      isPublic: Boolean(s.is_public),
      closedReason: str(s.closed_reason),
      attendees: JSON.parse(String(s.attendees_json)) as SessionView["attendees"],
      ...sessionMediators(s, assignments as Row[]),
      applicantStatement: str(s.applicant_statement),
      respondentStatement: str(s.respondent_statement),
      proposals: str(s.proposals),
      record: String(s.record),
      outcome: String(s.outcome),
      recordedBy: String(s.recorder),
    })),
    agreement,
    confirmations: (confirmations as Row[]).map((f): ConfirmationView => ({
      id: Number(f.id),
      courtId: Number(f.court_id),
      courtName: String(f.court_name),
      appliedOn: String(f.applied_on),
      windowEndsOn: String(f.window_ends_on),
      applicantPartyIds: JSON.parse(String(f.applicant_party_ids_json)) as number[],
      materials: JSON.parse(String(f.materials_json)) as string[],
      status: String(f.status),
      filedOn: str(f.filed_on),
      number: str(f.number),
      dueOn: str(f.due_on),
      decidedOn: str(f.decided_on),
      outcome: str(f.outcome),
      extendedOn: str(f.extended_on),
      extensionReason: str(f.extension_reason),
      extensionApprovedBy: str(f.extension_approved_by),
      grounds: f.grounds_json ? (JSON.parse(String(f.grounds_json)) as string[]) : [],
      reasons: str(f.reasons),
      judgeName: str(f.judge_name),
      materialRequest: str(f.material_request),
      materialRequestedOn: str(f.material_requested_on),
      materialAnswer: str(f.material_answer),
      materialAnsweredOn: str(f.material_answered_on),
      withdrawalKind: str(f.withdrawal_kind),
      withdrawalRequestedOn: str(f.withdrawal_requested_on),
      withdrawalPartyIds: f.withdrawal_party_ids_json
        ? (JSON.parse(String(f.withdrawal_party_ids_json)) as number[])
        : [],
      version: Number(f.version),
    })),
    followUps: (followUps as Row[]).map((f): FollowUpView => ({
      id: Number(f.id),
      visitedOn: String(f.visited_on),
      method: String(f.method),
      performed: String(f.performed),
      satisfaction: String(f.satisfaction),
      note: str(f.note),
      recordedBy: String(f.recorder),
    })),
    events: (events as Row[]).map((e): EventView => ({
      id: Number(e.id),
      action: String(e.action),
      fromStatus: (e.from_status as Status | null) ?? null,
      toStatus: (e.to_status as Status | null) ?? null,
      summary: String(e.summary),
      actor: str(e.actor),
      at: String(e.at),
    })),
    deadlines: [],
  };
}

function toParty(p: Row): PartyView {
  return {
    id: Number(p.id),
    position: Number(p.position),
    side: p.side as PartyView["side"],
    kind: p.kind as PartyView["kind"],
    name: String(p.name),
    idNumber: str(p.id_number),
    unifiedCode: str(p.unified_code),
    gender: (p.gender as PartyView["gender"]) ?? null,
    birthDate: str(p.birth_date),
    ethnicity: str(p.ethnicity),
    occupation: str(p.occupation),
    phone: str(p.phone),
    address: str(p.address),
    legalRepresentative: str(p.legal_representative),
    legalRepresentativeTitle: str(p.legal_representative_title),
    agent: p.agent_name
      ? { name: String(p.agent_name), phone: str(p.agent_phone), idNumber: str(p.agent_id_number) }
      : null,
    consent: (p.consent as PartyView["consent"]) ?? null,
  };
}
