import type { Status } from "./lifecycle.js";
import { sessionMediators } from "./session-mediators.js";
import type {
  AgreementView,
  AssignmentView,
  CaseView,
  ConfirmationView,
  EventView,
  FollowUpView,
  InterventionView,
  ObligationView,
  PartyView,
  SessionView,
} from "./views.js";

/**
 * Database rows → the case's views, for loadCase (repository.ts). Rows come back with driver
 * types (PostgreSQL's bigint ids as strings, SQLite's booleans as 0/1): every value is
 * converted here, so the views are the same on both databases.
 */

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The effective agreement with its signatures and obligations (names from the case's parties). */
export function toAgreement(
  a: Row,
  signatures: Row[],
  obligations: Row[],
  partyName: Map<number, string>,
): AgreementView {
  return {
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

/** A party's own step (actor_user_id NULL, data.actor {kind: "party"}): "张三（网上）". */
function partyActor(json: unknown, parties: PartyView[]): string | null {
  if (typeof json !== "string" || !json.includes('"party"')) return null;
  const actor = (JSON.parse(json) as { actor?: { kind?: string; partyId?: number } }).actor;
  const party = actor?.kind === "party" ? parties.find((p) => p.id === actor.partyId) : undefined;
  return party ? `${party.name}（网上）` : null;
}

/** The case row (with its committee, type and place names) and its parts. */
export function toCase(
  c: Row,
  parts: {
    parties: PartyView[];
    assignments: Row[];
    sessions: Row[];
    agreement: AgreementView | null;
    confirmations: Row[];
    followUps: Row[];
    interventions: Row[];
    events: Row[];
  },
): CaseView {
  return {
    id: Number(c.id),
    number: String(c.number),
    status: c.status as Status,
    outcome: str(c.outcome),
    source: String(c.source),
    channel: String(c.channel ?? "counter"),
    trackingCode: str(c.tracking_code),
    gridReportId:
      c.grid_report_id === null || c.grid_report_id === undefined ? null : Number(c.grid_report_id),
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
    parties: parts.parties,
    assignments: parts.assignments.map((r): AssignmentView => ({
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
    sessions: parts.sessions.map((s): SessionView => ({
      id: Number(s.id),
      seq: Number(s.seq),
      heldAt: String(s.held_at),
      placeKind: String(s.place_kind),
      place: str(s.place),
      isPublic: Boolean(s.is_public),
      closedReason: str(s.closed_reason),
      attendees: JSON.parse(String(s.attendees_json)) as SessionView["attendees"],
      ...sessionMediators(s, parts.assignments),
      applicantStatement: str(s.applicant_statement),
      respondentStatement: str(s.respondent_statement),
      proposals: str(s.proposals),
      record: String(s.record),
      outcome: String(s.outcome),
      recordedBy: String(s.recorder),
      ...(s.online_attendance_json
        ? { online: JSON.parse(String(s.online_attendance_json)) as NonNullable<SessionView["online"]> }
        : {}),
    })),
    agreement: parts.agreement,
    confirmations: parts.confirmations.map((f): ConfirmationView => ({
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
      channel: f.channel === "online" ? "online" : "paper",
      version: Number(f.version),
    })),
    followUps: parts.followUps.map((f): FollowUpView => ({
      id: Number(f.id),
      visitedOn: String(f.visited_on),
      method: String(f.method),
      performed: String(f.performed),
      satisfaction: String(f.satisfaction),
      note: str(f.note),
      recordedBy: String(f.recorder),
    })),
    interventions: parts.interventions.map((i): InterventionView => ({
      id: Number(i.id),
      takenAt: String(i.taken_at),
      measures: String(i.measures),
      risks: JSON.parse(String(i.risks_json)) as string[],
      riskDetail: str(i.risk_detail),
      people: Number(i.people),
      referral: i.referral_body
        ? {
            body: String(i.referral_body),
            unit: String(i.referral_unit),
            on: String(i.referral_on),
            receipt: str(i.referral_receipt),
          }
        : null,
      recordedBy: String(i.recorder),
    })),
    events: parts.events.map((e): EventView => ({
      id: Number(e.id),
      action: String(e.action),
      fromStatus: (e.from_status as Status | null) ?? null,
      toStatus: (e.to_status as Status | null) ?? null,
      summary: String(e.summary),
      actor: str(e.actor) ?? partyActor(e.data_json, parts.parties),
      at: String(e.at),
    })),
    deadlines: [],
  };
}
