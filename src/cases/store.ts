import type { Knex } from "knex";
import { planAssignment, type AssignRequest } from "../mediators/eligibility.js";
import type { OrganisationKind } from "../places/kinds.js";
import { deleteDraft } from "./agreement-drafts.js";
import { nextCaseNumber } from "./numbers.js";
import type { PartyColumns } from "./party-rows.js";
import { reindexCases } from "./search-index.js";
import { SigningStore } from "../signing/repository.js";
import type { CaseView, SessionMediator } from "./views.js";
import { attendanceOf, unrecordedOnlineSession, type OnlineAttendee } from "../video/attendance.js";

type Id = number;
const idOf = (row: unknown) => Number(typeof row === "object" && row ? (row as { id: unknown }).id : row);

/**
 * The reads and writes the action effects need (src/cases/actions/), bound to the action's
 * transaction: effects decide, this writes, so every statement about a case's parts is here and
 * an effect can be read without SQL. The case row itself is written once by the service through
 * `updateGuarded` (repository.ts).
 */
export class ActionStore {
  constructor(private readonly trx: Knex.Transaction) {}

  async activeOrganisation(
    id: Id,
  ): Promise<{ id: Id; name: string; kind: OrganisationKind; numberPrefix: string } | null> {
    const o = await this.trx("organisations").where({ id, active: true }).first();
    return o
      ? {
          id: Number(o.id),
          name: String(o.name),
          kind: o.kind as OrganisationKind,
          numberPrefix: o.number_prefix,
        }
      : null;
  }

  async activeCourt(id: Id): Promise<{ id: Id; name: string } | null> {
    const c = await this.trx("organisations").where({ id, kind: "court", active: true }).first();
    return c ? { id: Number(c.id), name: String(c.name) } : null;
  }

  /** A referred case takes the receiving committee's next number (the old one stays issued). */
  async renumber(caseId: Id, org: { id: Id; numberPrefix: string }, year: number): Promise<string> {
    const issued = await nextCaseNumber(this.trx, org, year);
    await issued.record(caseId);
    return issued.number;
  }

  async updateParty(caseId: Id, partyId: Id, columns: PartyColumns): Promise<void> {
    await this.trx("parties").where({ id: partyId, case_id: caseId }).update(columns);
    await reindexCases(this.trx, [caseId]);
  }

  /** Each party's answer; `how` (online or in person, and when) is written only where given. */
  async setConsents(
    caseId: Id,
    consents: readonly { partyId: Id; consented: boolean; how?: { channel: string; at: string } }[],
  ): Promise<void> {
    for (const c of consents) {
      const how = c.how ? { consent_channel: c.how.channel, consent_at: c.how.at } : {};
      await this.trx("parties")
        .where({ id: c.partyId, case_id: caseId })
        .update({ consent: c.consented ? "yes" : "no", ...how });
    }
  }

  /** Who an assignment would put on the case, by the matching rules (src/mediators/eligibility.ts). */
  planAssignment(kase: CaseView, request: AssignRequest, today: string) {
    return planAssignment(this.trx, kase, request, today);
  }

  async endAssignment(id: Id, at: string, reason: string): Promise<void> {
    await this.trx("case_assignments").where({ id }).update({ ended_at: at, end_reason: reason });
  }

  async addAssignment(a: {
    caseId: Id;
    mediatorId: Id;
    role: SessionMediator["role"];
    partiesConsented: boolean;
    assignedBy: Id;
    at: string;
    teamId: Id | null;
    chosenBy: string;
  }): Promise<void> {
    await this.trx("case_assignments").insert({
      case_id: a.caseId,
      mediator_id: a.mediatorId,
      role: a.role,
      parties_consented: a.partiesConsented,
      assigned_by: a.assignedBy,
      assigned_at: a.at,
      team_id: a.teamId,
      chosen_by: a.chosenBy,
    });
  }

  async mediator(id: Id): Promise<{ id: Id; name: string } | null> {
    const m = await this.trx("mediators").where({ id }).first();
    return m ? { id: Number(m.id), name: String(m.name) } : null;
  }

  async hasObjection(caseId: Id, partyId: Id, mediatorId: Id): Promise<boolean> {
    const row = await this.trx("mediator_objections")
      .where({ case_id: caseId, party_id: partyId, mediator_id: mediatorId })
      .first();
    return !!row;
  }

  async addObjection(o: { caseId: Id; partyId: Id; mediatorId: Id; reason: string; by: Id; at: string }) {
    await this.trx("mediator_objections").insert({
      case_id: o.caseId,
      party_id: o.partyId,
      mediator_id: o.mediatorId,
      reason: o.reason,
      recorded_by: o.by,
      created_at: o.at,
    });
  }

  /** A session scheduled ahead (src/video/); its id. */
  async addScheduledSession(row: Record<string, unknown>): Promise<Id> {
    const [inserted] = await this.trx("scheduled_sessions").insert(row, ["id"]);
    return idOf(inserted);
  }

  /** Who attended an ended online session of the case not yet recorded (src/video/attendance.ts); null if none such. */
  async onlineAttendance(caseId: Id, scheduledSessionId: Id): Promise<OnlineAttendee[] | null> {
    const open = await unrecordedOnlineSession(this.trx, caseId);
    if (!open || open.id !== scheduledSessionId) return null;
    return attendanceOf(this.trx, scheduledSessionId);
  }

  /** Cancels a session of the case still scheduled; its start, or null when there is none such. */
  async cancelScheduledSession(caseId: Id, id: Id): Promise<{ startsAt: string } | null> {
    const row = await this.trx("scheduled_sessions")
      .where({ id, case_id: caseId, status: "scheduled" })
      .first();
    if (!row) return null;
    await this.trx("scheduled_sessions").where({ id }).update({ status: "cancelled" });
    return { startsAt: String(row.starts_at) };
  }

  /** Columns of `mediation_sessions` (JSON columns as values; they are serialised here). */
  async addSession(row: Record<string, unknown> & { attendees: unknown; mediators: unknown }) {
    const { attendees, mediators, ...rest } = row;
    await this.trx("mediation_sessions").insert({
      ...rest,
      attendees_json: JSON.stringify(attendees),
      mediators_json: JSON.stringify(mediators),
    });
  }

  /** The new effective agreement with its signatures and obligations; an earlier one is superseded. */
  async replaceAgreement(
    caseId: Id,
    agreement: Record<string, unknown>,
    signatures: readonly Record<string, unknown>[],
    obligations: readonly Record<string, unknown>[],
  ): Promise<Id> {
    await this.trx("agreements")
      .where({ case_id: caseId, status: "effective" })
      .update({ status: "superseded" });
    const [row] = await this.trx("agreements")
      .insert({ ...agreement, case_id: caseId, status: "effective" })
      .returning("id");
    const agreementId = idOf(row);
    if (signatures.length) {
      await this.trx("agreement_signatures").insert(
        signatures.map((s) => ({ ...s, agreement_id: agreementId })),
      );
    }
    await this.trx("obligations").insert(
      obligations.map((o) => ({ ...o, agreement_id: agreementId, case_id: caseId })),
    );
    return agreementId;
  }

  /** Drafting for signing on the phone, the parties' signatures, the seal (src/signing/repository.ts). */
  signing(): SigningStore {
    return new SigningStore(this.trx);
  }

  /** The unsigned draft, once the signed agreement is recorded. */
  async deleteAgreementDraft(caseId: Id): Promise<void> {
    await deleteDraft(this.trx, caseId);
  }

  /** Stores an application for the court; its id. */
  async addConfirmation(row: Record<string, unknown>): Promise<number> {
    const [inserted] = (await this.trx("confirmations").insert(row).returning("id")) as unknown[];
    return Number(typeof inserted === "object" && inserted ? (inserted as { id: unknown }).id : inserted);
  }

  async recordPerformance(obligationId: Id, performedOn: string, note: string | null): Promise<void> {
    await this.trx("obligations")
      .where({ id: obligationId })
      .update({ performed_on: performedOn, performance_note: note });
  }

  async addFollowUp(row: Record<string, unknown>): Promise<void> {
    await this.trx("follow_ups").insert(row);
  }

  /** Columns of `case_interventions` (防激化措施), the risks as a list (serialised here). */
  async addIntervention(row: Record<string, unknown> & { risks: readonly string[] }): Promise<void> {
    const { risks, ...rest } = row;
    await this.trx("case_interventions").insert({ ...rest, risks_json: JSON.stringify(risks) });
  }
}
