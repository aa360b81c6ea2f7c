import type { Knex } from "knex";
import { backfillNumber } from "../cases/backdating.js";
import { writeCaseEvent } from "../cases/events.js";
import { nameInitials } from "../cases/initials.js";
import type { Status } from "../cases/lifecycle.js";
import { reindexCases } from "../cases/search-index.js";
import { LEDGER_OUTCOME_LABELS, type LedgerCase } from "./parse.js";

/** A party named like a company, a committee or a shop is an organisation (单位); others are people. */
const ORG_WORDS =
  /(公司|厂|委员会|合作社|学校|医院|局|中心|商店|超市|集团|银行|协会|事务所|物业|村民小组|经营部|门市部)$/;

/** The start of a Beijing day as a UTC timestamp: when a back-entered step is dated. */
const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();

/**
 * One ledger case, with its parties, its agreement (for a success) and its timeline on the real
 * dates, in the caller's transaction. Its number is the paper number marked 补录, which no number
 * of the committee's series (（2026）北洲调字第12号) can equal; the series is not touched.
 */
export async function insertLedgerCase(
  trx: Knex.Transaction,
  c: LedgerCase,
  ctx: {
    importId: number;
    organisationId: number;
    numberPrefix: string;
    regionCode: string;
    userId: number;
    now: string;
  },
): Promise<number> {
  const status: Status = c.outcome === "terminated" ? "terminated" : "closed";
  const [row] = await trx("cases")
    .insert({
      number: backfillNumber(c.paperNumber, ctx.numberPrefix),
      paper_number: c.paperNumber,
      organisation_id: ctx.organisationId,
      status,
      outcome: c.outcome === "success" ? "success" : "failure",
      source: c.source,
      type_code: c.typeCode,
      summary: c.summary,
      region_code: ctx.regionCode,
      registered_on: c.registeredOn,
      accepted_on: c.acceptedOn,
      concluded_on: c.outcome === "success" ? c.agreementOn : c.closedOn,
      closed_on: status === "closed" ? c.closedOn : null,
      conclusion_note: `纸质台账补录：${LEDGER_OUTCOME_LABELS[c.outcome]}`,
      created_by: ctx.userId,
      backfilled_by: ctx.userId,
      backfilled_at: ctx.now,
      ledger_import_id: ctx.importId,
      version: 1,
      created_at: ctx.now,
      updated_at: ctx.now,
    })
    .returning("id");
  const caseId = Number(typeof row === "object" ? row.id : row);
  const parties = [
    ...c.applicants.map((name) => ({ side: "applicant", name })),
    ...c.respondents.map((name) => ({ side: "respondent", name })),
  ];
  const partyRows = (await trx("parties")
    .insert(
      parties.map((p, position) => ({
        case_id: caseId,
        position,
        side: p.side,
        kind: ORG_WORDS.test(p.name) ? "organisation" : "person",
        name: p.name,
        name_initials: nameInitials(p.name),
      })),
    )
    .returning("id")) as (number | { id: number })[];
  const partyIds = partyRows.map((r) => Number(typeof r === "object" ? r.id : r));
  if (c.outcome === "success") await insertAgreement(trx, caseId, c, partyIds, ctx);
  await reindexCases(trx, [caseId]);

  const event = (action: string, from: Status | null, to: Status | null, summary: string, date: string) =>
    writeCaseEvent(trx, {
      caseId,
      actorUserId: ctx.userId,
      action,
      fromStatus: from,
      toStatus: to,
      summary: `${summary}（补录）`,
      data: { backfill: true, importId: ctx.importId, on: date },
      at: dayStart(date),
    });
  await event("intake", null, "intake", `登记纠纷，纸质台账编号 ${c.paperNumber}`, c.registeredOn);
  await event("accept", "intake", "accepted", "受理", c.acceptedOn);
  if (c.sessionOn) await event("record-session", "accepted", "in_mediation", "调解", c.sessionOn);
  const before: Status = c.sessionOn ? "in_mediation" : "accepted";
  if (c.outcome === "success") {
    const amount = c.amountFen ? `，协议金额 ${(c.amountFen / 100).toFixed(2)} 元` : "";
    await event("record-agreement", before, "agreement", `达成调解协议${amount}`, c.agreementOn!);
    await event("close", "agreement", "closed", "结案（调解成功）", c.closedOn);
  } else {
    await event("terminate", before, "terminated", "终止调解", c.closedOn);
    if (status === "closed") await event("close", "terminated", "closed", "结案（调解不成）", c.closedOn);
  }
  await writeCaseEvent(trx, {
    caseId,
    actorUserId: ctx.userId,
    action: "backfill",
    fromStatus: null,
    toStatus: status,
    summary: `从纸质台账补录（导入 #${ctx.importId}）`,
    data: { importId: ctx.importId, paperNumber: c.paperNumber },
    at: ctx.now,
  });
  return caseId;
}

/** The agreement of a successful ledger case; the amount, if any, as one obligation performed on closing. */
async function insertAgreement(
  trx: Knex.Transaction,
  caseId: number,
  c: LedgerCase,
  partyIds: number[],
  ctx: { userId: number; now: string },
) {
  const [row] = await trx("agreements")
    .insert({
      case_id: caseId,
      form: "written",
      terms: "纸质台账补录，协议原件存于纸质卷宗。",
      effective_on: c.agreementOn,
      status: "effective",
      created_by: ctx.userId,
      created_at: ctx.now,
    })
    .returning("id");
  const agreementId = Number(typeof row === "object" ? row.id : row);
  if (c.amountFen !== null && c.amountFen > 0) {
    await trx("obligations").insert({
      agreement_id: agreementId,
      case_id: caseId,
      idx: 0,
      obligor_party_id: partyIds[c.applicants.length],
      obligee_party_id: partyIds[0],
      content: `按协议给付 ${(c.amountFen / 100).toFixed(2)} 元（台账补录）`,
      amount_fen: c.amountFen,
      due_on: c.agreementOn,
      performed_on: c.closedOn,
    });
  }
}
