import type { Knex } from "knex";
import { z } from "zod";
import { isoNow, type Clock } from "../clock.js";
import { writeCaseEvent } from "../cases/events.js";
import { periodEndDays } from "../cases/periods.js";
import { ConflictError, LegalRuleError, ValidationError, type FieldError } from "../errors.js";
import type { SessionUser } from "../people/scope.js";
import { asArray, isoDate, optionalText, parseOrThrow, requiredText, versionField } from "../validation.js";
import {
  DEEMED_WITHDRAWAL_GROUNDS,
  DEEMED_WITHDRAWAL_LABELS,
  FILING_DAYS,
  formatCourtNumber,
  REFUSAL_GROUND_LABELS,
  REFUSAL_GROUNDS,
} from "./periods.js";
import type { NotifyDecision } from "./notify.js";
import { loadForCourt, moveCase, saveGuarded, type Row } from "./rows.js";

/** The bodies of a refusal and a withdrawal (also listed in the service's schemas). */
export const endingSchemas = {
  refusal: z.object({
    version: versionField,
    grounds: z.preprocess(
      asArray,
      z
        .array(z.enum(REFUSAL_GROUNDS, { error: "不予受理理由无效" }))
        .min(1, "不予受理须至少选择一项法定理由（民诉法解释第三百五十五条）"),
    ),
    reasons: requiredText("不予受理的理由", 8000),
    decidedOn: isoDate("裁定日期"),
  }),
  withdrawal: z
    .object({
      version: versionField,
      kind: z.enum(["party", "deemed"], { error: "请选择撤回方式（当事人申请撤回或按撤回申请处理）" }),
      partyIds: z.preprocess(
        asArray,
        z.array(z.coerce.number({ error: "撤回申请的当事人无效" }).int("撤回申请的当事人无效")),
      ),
      requestedOn: z.preprocess((v) => (v === "" ? undefined : v), isoDate("申请撤回日期").optional()),
      deemedGround: z.preprocess(
        (v) => (v === "" ? undefined : v),
        z.enum(DEEMED_WITHDRAWAL_GROUNDS, { error: "按撤回处理的理由无效" }).optional(),
      ),
      reasons: optionalText("撤回理由", 4000),
      decidedOn: isoDate("裁定日期"),
    })
    .superRefine((d, ctx) => {
      const need = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
      if (d.kind === "party" && d.partyIds.length === 0) need("partyIds", "请选择申请撤回的当事人");
      if (d.kind === "party" && !d.requestedOn) need("requestedOn", "请填写申请撤回日期");
      if (d.kind === "deemed" && !d.deemedGround) need("deemedGround", "请选择按撤回申请处理的理由");
      if (d.kind === "deemed" && !d.reasons)
        need("reasons", "按撤回申请处理须写明当事人未补充材料或未到场的事实");
    }),
};

/** The next number in the court's 民特 series: refusals and withdrawals are rulings and are numbered too. */
export async function nextCourtNumber(
  trx: Knex.Transaction,
  courtId: number,
  year: number,
): Promise<{ number: string; courtName: string }> {
  const court = await trx("organisations").where({ id: courtId }).first();
  await trx("number_sequences")
    .insert({ organisation_id: courtId, year, last_seq: 0 })
    .onConflict(["organisation_id", "year"])
    .ignore();
  await trx("number_sequences").where({ organisation_id: courtId, year }).increment("last_seq", 1);
  const seq = Number(
    (await trx("number_sequences").where({ organisation_id: courtId, year }).first()).last_seq,
  );
  return { number: formatCourtNumber(year, String(court.number_prefix), seq), courtName: String(court.name) };
}

function dateBetween(field: string, value: string, from: string, to: string, message: string): void {
  if (value < from || value > to) throw new ValidationError([{ field, message }]);
}

/** How the service calls an ending: the same for every one. */
type Ending = (
  knex: Knex,
  clock: Clock,
  today: string,
  user: SessionUser,
  id: number,
  input: unknown,
  /** The parties' SMS on the ruling (notify.ts), in its transaction. */
  notify?: NotifyDecision,
) => Promise<void>;

/**
 * An ending of an application by the court: the input checked with its schema, then, in one
 * transaction, the application loaded as the judge saw it (at its version) and `end` run on it.
 */
function courtEnding<S extends z.ZodType<{ version: number }>>(
  schema: S,
  end: (
    trx: Knex.Transaction,
    row: Row,
    data: z.output<S>,
    ctx: { clock: Clock; today: string; user: SessionUser; id: number; notify: NotifyDecision },
  ) => Promise<void>,
): Ending {
  return async (knex, clock, today, user, id, input, notify = () => Promise.resolve()) => {
    const data = parseOrThrow(schema, input);
    await knex.transaction(async (trx) => {
      const row = await loadForCourt(trx, user, id, data.version);
      await end(trx, row, data, { clock, today, user, id, notify });
    });
  };
}

/**
 * 不予受理 (民诉法解释 art. 355 ¶1): only before filing. The 3 days bind the court, not the
 * parties: a late decision is still a decision (and is recorded as late); after filing the same
 * grounds lead to a rejection (art. 355 ¶2), never to a refusal.
 */
export const refuse = courtEnding(
  endingSchemas.refusal,
  async (trx, row, data, { clock, today, user, id, notify }) => {
    if (row.status === "filed") {
      throw new ConflictError(
        "该申请已经立案：立案后发现不予受理情形的，应当裁定驳回申请（民诉法解释第三百五十五条第二款），请在“作出裁定”中选择相应理由",
      );
    }
    if (row.status !== "pending") throw new ConflictError("该申请已经办结");
    dateBetween("decidedOn", data.decidedOn, String(row.applied_on), today, "裁定日期应在申请日期与今天之间");
    const filingDue = periodEndDays(String(row.applied_on), FILING_DAYS);
    const late = data.decidedOn > filingDue;
    const { number, courtName } = await nextCourtNumber(
      trx,
      user.organisation.id,
      Number(data.decidedOn.slice(0, 4)),
    );
    await saveGuarded(trx, id, data.version, "pending", {
      status: "decided",
      outcome: "refused",
      number,
      grounds_json: JSON.stringify(data.grounds),
      reasons: data.reasons,
      decided_on: data.decidedOn,
      decided_by: user.id,
    });
    await moveCase(trx, row.case_id, "agreement", isoNow(clock));
    await writeCaseEvent(trx, {
      caseId: Number(row.case_id),
      actorUserId: user.id,
      action: "court-refuse",
      fromStatus: "awaiting_confirmation",
      toStatus: "agreement",
      summary:
        `${courtName}裁定对司法确认申请不予受理（${number}）：${data.grounds.map((g) => REFUSAL_GROUND_LABELS[g]).join("；")}` +
        (late ? `。超过立案审查期限（${filingDue}）作出` : ""),
      data: { confirmationId: id, number, grounds: data.grounds, late, filingDue },
      at: isoNow(clock),
    });
    await notify(trx, row, "不予受理");
  },
);

/**
 * Withdrawal before the ruling (SQ5 ¶2, 民诉法解释 art. 357): a party asks and the court allows
 * it (¶1), or the court treats the application as withdrawn when a party without good reason
 * does not supply what it was asked for or refuses to be questioned (¶2).
 */
export const withdraw = courtEnding(
  endingSchemas.withdrawal,
  async (trx, row, data, { clock, today, user, id, notify }) => {
    if (row.status !== "pending" && row.status !== "filed")
      throw new ConflictError("该申请已经办结，不能再撤回");
    const applied = String(row.applied_on);
    const applicants = JSON.parse(String(row.applicant_party_ids_json)) as number[];
    const errors: FieldError[] = [];
    if (data.kind === "party" && data.partyIds.some((p) => !applicants.includes(p)))
      errors.push({ field: "partyIds", message: "申请撤回的须是本申请的申请人" });
    if (data.requestedOn && (data.requestedOn < applied || data.requestedOn > today))
      errors.push({ field: "requestedOn", message: "申请撤回日期应在申请日期与今天之间" });
    const earliest = [
      applied,
      String(row.filed_on ?? ""),
      data.kind === "party" ? (data.requestedOn ?? "") : "",
    ]
      .sort()
      .at(-1)!;
    if (data.decidedOn < earliest || data.decidedOn > today)
      errors.push({ field: "decidedOn", message: `裁定日期应在 ${earliest} 与今天之间` });
    if (errors.length) throw new ValidationError(errors);
    if (data.kind === "deemed" && data.deemedGround === "no_material" && !row.material_request)
      throw new LegalRuleError("本院未曾要求限期补充陈述或证明材料，不能以未补充材料为由按撤回申请处理", [
        { field: "deemedGround", message: "请先要求补充材料，或选择其他理由" },
      ]);
    if (data.kind === "deemed" && data.deemedGround === "no_material" && row.material_answered_on)
      throw new LegalRuleError("调委会已答复补充材料要求，不能以未补充材料为由按撤回申请处理", [
        { field: "deemedGround", message: "补充材料要求已获答复" },
      ]);
    const numbered = row.number
      ? { number: String(row.number), courtName: await courtNameOf(trx, row) }
      : await nextCourtNumber(trx, user.organisation.id, Number(data.decidedOn.slice(0, 4)));
    const partyIds = data.kind === "party" ? data.partyIds : [];
    await saveGuarded(trx, id, data.version, String(row.status), {
      status: "decided",
      outcome: "withdrawn",
      number: numbered.number,
      withdrawal_kind: data.kind,
      withdrawal_requested_on: data.kind === "party" ? data.requestedOn : null,
      withdrawal_party_ids_json: JSON.stringify(partyIds),
      grounds_json: JSON.stringify(data.kind === "deemed" ? [data.deemedGround] : []),
      reasons: data.reasons,
      decided_on: data.decidedOn,
      decided_by: user.id,
    });
    await moveCase(trx, row.case_id, "agreement", isoNow(clock));
    const names = (await trx("parties").whereIn("id", partyIds).orderBy("position").select("name")).map(
      (p: { name: string }) => p.name,
    );
    await writeCaseEvent(trx, {
      caseId: Number(row.case_id),
      actorUserId: user.id,
      action: "court-withdraw",
      fromStatus: "awaiting_confirmation",
      toStatus: "agreement",
      summary:
        data.kind === "party"
          ? `${numbered.courtName}裁定准许${names.join("、")}撤回司法确认申请（${numbered.number}，${data.requestedOn}申请撤回${data.reasons ? `：${data.reasons}` : ""}）`
          : `${numbered.courtName}裁定本案按撤回司法确认申请处理（${numbered.number}）：${DEEMED_WITHDRAWAL_LABELS[data.deemedGround!]}`,
      data: {
        confirmationId: id,
        number: numbered.number,
        kind: data.kind,
        partyIds,
        ground: data.deemedGround ?? null,
      },
      at: isoNow(clock),
    });
    await notify(trx, row, data.kind === "party" ? "准许撤回司法确认申请" : "按撤回司法确认申请处理");
  },
);

async function courtNameOf(trx: Knex.Transaction, row: Row): Promise<string> {
  return String((await trx("organisations").where({ id: row.court_id }).first()).name);
}
