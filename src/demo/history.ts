import type { Knex } from "knex";
import { beijingDate } from "../shared/dates.js";
import { nextCaseNumber } from "../cases/numbers.js";
import { nameInitials } from "../cases/initials.js";
import { writeCaseEvent } from "../cases/events.js";
import { reindexCases } from "../cases/search-index.js";
import type { Clock } from "../clock.js";
import { caseStory, type Org } from "./history-story.js";
import { GIVEN, rng, SURNAMES } from "./history-vocabulary.js";

/**
 * Two years of past disputes for the demo county, so the desks and the statistics have something
 * to show: registered, accepted, mediated, agreed or terminated, performed, confirmed, visited and
 * closed, a few resolved on the spot or declined, a few still open (some overdue). Deterministic
 * for a given day. Called by `npm start` and `npm run seed:demo` right after the demo county is
 * loaded into an empty database; never by the tests, which start with no cases.
 */
export const HISTORY_CASES = 640;

const idOf = (row: unknown) =>
  Number(typeof row === "object" && row !== null ? (row as { id: number }).id : row);

/**
 * The demo villager's phone (README, "Demo logins"), so that /my has something to show: given to
 * the applicant of 北洲村's newest case waiting for acceptance, in mediation and agreed; the other
 * side of those cases gets the next number.
 */
export const DEMO_PARTY_PHONE = "13800138000";
export const DEMO_OTHER_SIDE_PHONE = "13800138001";

async function givePartyPhones(trx: Knex.Transaction): Promise<void> {
  const committee = await trx("organisations").where({ name: "北洲村人民调解委员会" }).first();
  if (!committee) return;
  for (const status of ["intake", "in_mediation", "agreement"]) {
    const kase = await trx("cases")
      .where({ organisation_id: committee.id, status })
      .orderBy("id", "desc")
      .first("id");
    if (!kase) continue;
    await trx("parties").where({ case_id: kase.id, side: "applicant" }).update({ phone: DEMO_PARTY_PHONE });
    await trx("parties")
      .where({ case_id: kase.id, side: "respondent" })
      .update({ phone: DEMO_OTHER_SIDE_PHONE });
  }
}

/** Adds the past disputes. Returns false (and does nothing) when there are cases already. */
export async function seedDemoHistory(knex: Knex, clock: Clock, count = HISTORY_CASES): Promise<boolean> {
  const today = beijingDate(clock.now());
  return knex.transaction(async (trx) => {
    const existing = await trx("cases").count({ n: "*" }).first();
    if (Number(existing?.n ?? 0) > 0) return false;
    const orgRow = async (name: string) => trx("organisations").where({ name }).first();
    const clerk = await trx("users").where({ username: "clerk" }).first();
    const court = await trx("organisations").where({ kind: "court" }).first();
    if (!clerk || !court) return false;
    const orgs: Org[] = [];
    for (const [key, name, places] of [
      ["beizhou", "北洲村人民调解委员会", ["430212101201", "430212101201001", "430212101201002"]],
      ["zhouping", "洲坪村人民调解委员会", ["430212101202", "430212101202001"]],
      ["nanzhou", "南洲镇人民调解委员会", ["430212101201", "430212101202"]],
      ["traffic", "渌口区道路交通事故纠纷人民调解委员会", ["430212100001", "430212101201", "430212101202"]],
    ] as const) {
      const o = await orgRow(name);
      if (!o) return false;
      const mediators = (await trx("mediators")
        .where({ organisation_id: o.id, active: true })
        .select("id", "kind")) as {
        id: number;
        kind: string;
      }[];
      orgs.push({
        id: Number(o.id),
        key,
        numberPrefix: String(o.number_prefix),
        places: [...places],
        mediators,
      });
    }
    const byKey = (k: string) => orgs.find((o) => o.key === k)!;
    const r = rng(Number(today.replace(/-/g, "")));
    const at = (day: string, hour = 2) =>
      `${day}T${String(hour).padStart(2, "0")}:${String(Math.floor(r() * 60)).padStart(2, "0")}:00.000Z`;
    // Indexed for search once, after the loop, in this transaction.
    const caseIds: number[] = [];

    for (let i = 0; i < count; i++) {
      const story = caseStory({ today, r, at, byKey, clerkId: Number(clerk.id) });
      const { org, registered, row, lead, agreement, confirmations, followUps, events } = story;
      const issued = await nextCaseNumber(
        trx,
        { id: org.id, numberPrefix: org.numberPrefix },
        Number(registered.slice(0, 4)),
      );
      const [created] = await trx("cases")
        .insert({ ...row, number: issued.number })
        .returning("id");
      const caseId = idOf(created);
      await issued.record(caseId);
      caseIds.push(caseId);
      const partyIds: number[] = [];
      for (const [position, side] of (["applicant", "respondent"] as const).entries()) {
        const name = SURNAMES[Math.floor(r() * SURNAMES.length)]! + GIVEN[Math.floor(r() * GIVEN.length)]!;
        const [p] = await trx("parties")
          .insert({
            case_id: caseId,
            position,
            side,
            kind: "person",
            name,
            name_initials: nameInitials(name),
            consent: row.accepted_on ? "yes" : null,
          })
          .returning("id");
        partyIds.push(idOf(p));
      }
      if (lead && row.accepted_on) {
        await trx("case_assignments").insert({
          case_id: caseId,
          mediator_id: lead.id,
          role: "lead",
          parties_consented: false,
          assigned_by: clerk.id,
          assigned_at: at(String(row.accepted_on), 3),
        });
      }
      if (agreement) {
        const [a] = await trx("agreements")
          .insert({
            case_id: caseId,
            form: "written",
            terms: "被申请人按期履行协议约定的义务。",
            effective_on: agreement.effective,
            mediator_signed_on: agreement.effective,
            sealed_on: agreement.effective,
            copies: 3,
            status: "effective",
            created_by: clerk.id,
            created_at: at(agreement.effective, 6),
          })
          .returning("id");
        const agreementId = idOf(a);
        for (const [idx, o] of agreement.obligations.entries()) {
          await trx("obligations").insert({
            agreement_id: agreementId,
            case_id: caseId,
            idx,
            obligor_party_id: partyIds[1],
            obligee_party_id: partyIds[0],
            content: o.fen ? `支付赔偿款第 ${idx + 1} 期` : "履行协议约定事项",
            amount_fen: o.fen,
            due_on: o.due,
            performed_on: o.performed,
          });
        }
        for (const c of confirmations) {
          await trx("confirmations").insert({
            ...c,
            case_id: caseId,
            agreement_id: agreementId,
            court_id: court.id,
            applicant_party_ids_json: JSON.stringify(partyIds),
            materials_json: JSON.stringify(["application", "agreement", "identity", "service_addresses"]),
            version: 1,
            created_at: at(String(c.applied_on), 3),
          });
        }
      }
      for (const f of followUps) {
        await trx("follow_ups").insert({
          ...f,
          case_id: caseId,
          recorded_by: clerk.id,
          created_at: at(String(f.visited_on), 7),
        });
      }
      for (const e of events) {
        await writeCaseEvent(trx, {
          caseId,
          actorUserId: clerk.id,
          action: e.action,
          fromStatus: e.from as never,
          toStatus: e.to as never,
          summary: e.summary,
          at: at(e.day, 4),
        });
      }
    }
    await givePartyPhones(trx);
    await reindexCases(trx, caseIds);
    return true;
  });
}
