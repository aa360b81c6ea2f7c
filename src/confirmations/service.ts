import type { Knex } from "knex";
import { z } from "zod";
import { isoNow, type Clock } from "../clock.js";
import { writeCaseEvent } from "../cases/events.js";
import { beijingDate, daysUntil } from "../shared/dates.js";
import type { CaseDetail, CaseService } from "../cases/service.js";
import { ConflictError, ForbiddenError, NotFoundError, STALE_MESSAGE, ValidationError } from "../errors.js";
import { endingSchemas, nextCourtNumber, refuse, withdraw } from "./endings.js";
import type { MessageService } from "../messages/service.js";
import { nextSteps, outcomeLabel } from "./next-steps.js";
import { decisionNotifier, stepNotifier, type NotifyDecision, type NotifySteps } from "./notify.js";
import { loadForCourt, moveCase, saveGuarded } from "./rows.js";
import { hasRole, type SessionUser } from "../people/scope.js";
import { isoDate, optionalText, parseOrThrow, requiredText, versionField } from "../validation.js";
import {
  courtClock,
  extendedDue,
  DECISION_GROUNDS,
  groundLabel,
  LEGACY_GROUNDS,
  reviewDue,
  type CourtClock,
} from "./periods.js";

export interface QueueItem extends CourtClock {
  id: number;
  caseId: number;
  caseNumber: string;
  committee: string;
  parties: string;
  status: "pending" | "filed" | "decided";
  version: number;
  appliedOn: string;
  filedOn: string | null;
  number: string | null;
  dueOn: string | null;
  outcome: string | null;
  /** How it ended (确认有效 / 驳回申请 / 不予受理 / 准许撤回 / 按撤回申请处理). */
  outcomeLabel: string | null;
  /** For a withdrawal: "party" (准许撤回) or "deemed" (按撤回申请处理). */
  withdrawalKind: string | null;
  decidedOn: string | null;
  /** What the parties may do now that it has ended (empty while it is open). */
  nextSteps: string[];
  /** How it came: registered by the committee (paper) or sent by the parties from their phones (online, 线上申请). */
  channel?: "paper" | "online";
}

export const schemas = {
  ...endingSchemas,
  file: z.object({ version: versionField, filedOn: isoDate("立案日期") }),
  extend: z.object({
    version: versionField,
    reason: requiredText("延长理由", 2000),
    approvedBy: requiredText("批准延长的院长", 100),
  }),
  request: z.object({ version: versionField, request: requiredText("需要补充的材料", 2000) }),
  answer: z.object({ version: versionField, answer: requiredText("答复内容", 4000) }),
  decision: z
    .object({
      version: versionField,
      outcome: z.enum(["confirmed", "rejected"], { error: "请选择裁定结果（确认有效或驳回申请）" }),
      grounds: z.preprocess(
        // Clients written against the older codes (README) still send them: take them as the ground they fall under.
        (v) =>
          (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]).map((g) => LEGACY_GROUNDS[g] ?? g),
        z.array(z.enum(DECISION_GROUNDS, { error: "驳回理由无效" })),
      ),
      reasons: optionalText("裁定理由", 8000),
      decidedOn: isoDate("裁定日期"),
    })
    .superRefine((d, ctx) => {
      if (d.outcome === "rejected" && d.grounds.length === 0) {
        ctx.addIssue({ code: "custom", path: ["grounds"], message: "驳回申请须至少选择一项法定理由" });
      }
      if (d.outcome === "rejected" && !d.reasons) {
        ctx.addIssue({ code: "custom", path: ["reasons"], message: "驳回申请须写明理由" });
      }
    }),
};

/** The court's side of judicial confirmation: the judge's queue, filing, extension and ruling. */
export class ConfirmationService {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly cases: CaseService,
    messages?: MessageService,
  ) {
    this.notify = decisionNotifier(messages);
    this.notifySteps = stepNotifier(messages);
  }

  /** The parties' SMS on filing and on a request for material (notify.ts), in the step's transaction. */
  private readonly notifySteps: NotifySteps;

  /** The parties' SMS on a ruling (notify.ts), queued in the ruling's transaction. */
  private readonly notify: NotifyDecision;

  private today(): string {
    return beijingDate(this.clock.now());
  }

  private judge(user: SessionUser): void {
    if (!hasRole(user, "judge")) throw new ForbiddenError("只有法官可以办理司法确认申请");
  }

  /** Applications filed with the judge's court; overdue first, then by days left. */
  async queue(user: SessionUser, status?: "pending" | "filed" | "decided"): Promise<QueueItem[]> {
    this.judge(user);
    const q = this.knex("confirmations as f")
      .join("cases as c", "c.id", "f.case_id")
      .join("organisations as o", "o.id", "c.organisation_id")
      .where("f.court_id", user.organisation.id)
      .select("f.*", "c.number as case_number", "o.name as committee")
      .orderBy("f.id");
    if (status) q.where("f.status", status);
    const rows = (await q) as Record<string, unknown>[];
    const parties = rows.length
      ? await this.knex("parties")
          .whereIn(
            "case_id",
            rows.map((r) => Number(r.case_id)),
          )
          .orderBy("position")
      : [];
    const today = this.today();
    const items = rows.map((r): QueueItem => {
      const names = (parties as { case_id: number; name: string }[])
        .filter((p) => Number(p.case_id) === Number(r.case_id))
        .map((p) => p.name);
      return {
        ...courtClock(
          {
            status: String(r.status),
            appliedOn: String(r.applied_on),
            filedOn: (r.filed_on as string) ?? null,
            dueOn: (r.due_on as string) ?? null,
            extendedOn: (r.extended_on as string) ?? null,
          },
          today,
          daysUntil,
        ),
        id: Number(r.id),
        caseId: Number(r.case_id),
        caseNumber: String(r.case_number),
        committee: String(r.committee),
        parties: names.join("、"),
        status: r.status as QueueItem["status"],
        version: Number(r.version),
        appliedOn: String(r.applied_on),
        filedOn: (r.filed_on as string) ?? null,
        number: (r.number as string) ?? null,
        dueOn: (r.due_on as string) ?? null,
        outcome: (r.outcome as string) ?? null,
        outcomeLabel: outcomeLabel({
          outcome: (r.outcome as string) ?? null,
          withdrawalKind: (r.withdrawal_kind as string) ?? null,
        }),
        withdrawalKind: (r.withdrawal_kind as string) ?? null,
        decidedOn: (r.decided_on as string) ?? null,
        channel: r.channel === "online" ? "online" : "paper",
        nextSteps: nextSteps({
          outcome: (r.outcome as string) ?? null,
          withdrawalKind: (r.withdrawal_kind as string) ?? null,
          grounds: r.grounds_json ? (JSON.parse(String(r.grounds_json)) as string[]) : [],
          windowEndsOn: String(r.window_ends_on),
        }),
      };
    });
    return items.sort((a, b) => {
      if (a.status === "decided" || b.status === "decided") return a.status === "decided" ? 1 : -1;
      return (a.daysLeft ?? 0) - (b.daysLeft ?? 0);
    });
  }

  /** One application with its whole case, for the judge's desk. */
  async get(user: SessionUser, id: number): Promise<{ item: QueueItem; kase: CaseDetail }> {
    this.judge(user);
    const item = (await this.queue(user)).find((q) => q.id === id);
    if (!item) throw new NotFoundError("找不到该司法确认申请，或它不是向本院提出的");
    return { item, kase: await this.cases.get(user, item.caseId) };
  }

  private load(trx: Knex.Transaction, user: SessionUser, id: number, version: number) {
    return loadForCourt(trx, user, id, version);
  }

  private save(
    trx: Knex.Transaction,
    id: number,
    version: number,
    from: string,
    update: Record<string, unknown>,
  ) {
    return saveGuarded(trx, id, version, from, update);
  }

  /** 立案: gives the application a number in the court's 民特 series and starts the 15-day review. */
  async file(user: SessionUser, id: number, input: unknown): Promise<void> {
    this.judge(user);
    const data = parseOrThrow(schemas.file, input);
    await this.knex.transaction(async (trx) => {
      const row = await this.load(trx, user, id, data.version);
      if (row.status !== "pending") throw new ConflictError("该申请已经立案");
      if (data.filedOn < String(row.applied_on) || data.filedOn > this.today()) {
        throw new ValidationError([{ field: "filedOn", message: "立案日期应在申请日期与今天之间" }]);
      }
      const court = await nextCourtNumber(trx, user.organisation.id, Number(data.filedOn.slice(0, 4)));
      const number = court.number;
      const dueOn = reviewDue(data.filedOn);
      await this.save(trx, id, data.version, "pending", {
        status: "filed",
        filed_on: data.filedOn,
        number,
        due_on: dueOn,
        filed_by: user.id,
      });
      await writeCaseEvent(trx, {
        caseId: Number(row.case_id),
        actorUserId: user.id,
        action: "court-file",
        fromStatus: null,
        toStatus: null,
        summary: `${court.courtName}立案审查司法确认申请，案号 ${number}，应于 ${dueOn} 前作出裁定`,
        data: { confirmationId: id, number, dueOn },
        at: isoNow(this.clock),
      });
      await this.notifySteps.filed(trx, row, number);
    });
  }

  /** Extends the review by 10 days, once, with the president's approval recorded (SQ5). */
  async extend(user: SessionUser, id: number, input: unknown): Promise<void> {
    this.judge(user);
    const data = parseOrThrow(schemas.extend, input);
    await this.knex.transaction(async (trx) => {
      const row = await this.load(trx, user, id, data.version);
      if (row.status !== "filed") throw new ConflictError("只有已立案、尚未裁定的申请可以延长审查期限");
      if (row.extended_on) throw new ConflictError("审查期限已经延长过一次，不能再延长");
      const dueOn = extendedDue(String(row.due_on));
      await this.save(trx, id, data.version, "filed", {
        due_on: dueOn,
        extended_on: this.today(),
        extension_reason: data.reason,
        extension_approved_by: data.approvedBy,
      });
      await writeCaseEvent(trx, {
        caseId: Number(row.case_id),
        actorUserId: user.id,
        action: "court-extend",
        fromStatus: null,
        toStatus: null,
        summary: `经院长${data.approvedBy}批准，司法确认审查期限延长至 ${dueOn}：${data.reason}`,
        data: { confirmationId: id, dueOn },
        at: isoNow(this.clock),
      });
    });
  }

  /** Asks the committee for more material; the review clock keeps running (the judge may extend). */
  async requestMaterial(user: SessionUser, id: number, input: unknown): Promise<void> {
    this.judge(user);
    const data = parseOrThrow(schemas.request, input);
    await this.knex.transaction(async (trx) => {
      const row = await this.load(trx, user, id, data.version);
      if (row.status === "decided") throw new ConflictError("该申请已经作出裁定");
      await this.save(trx, id, data.version, String(row.status), {
        material_request: data.request,
        material_requested_on: this.today(),
        material_answer: null,
        material_answered_on: null,
      });
      await writeCaseEvent(trx, {
        caseId: Number(row.case_id),
        actorUserId: user.id,
        action: "court-request",
        fromStatus: null,
        toStatus: null,
        summary: `法院要求补充材料：${data.request}`,
        data: { confirmationId: id },
        at: isoNow(this.clock),
      });
      await this.notifySteps.materialRequested(trx, row, data.request);
    });
  }

  /** The committee answers the court's request (its clerk or director; the case must be theirs). */
  async answerMaterial(user: SessionUser, id: number, input: unknown): Promise<void> {
    if (!hasRole(user, "clerk", "director")) throw new ForbiddenError("由调委会登记员或主任答复法院");
    const data = parseOrThrow(schemas.answer, input);
    await this.knex.transaction(async (trx) => {
      const row = await trx("confirmations").where({ id }).first();
      if (!row) throw new NotFoundError();
      const kase = await this.cases.get(user, Number(row.case_id), trx);
      if (kase.organisationId !== user.organisation.id) throw new NotFoundError();
      if (Number(row.version) !== data.version) throw new ConflictError(STALE_MESSAGE);
      if (!row.material_request || row.material_answered_on)
        throw new ConflictError("法院没有待答复的补充材料要求");
      await this.save(trx, id, data.version, String(row.status), {
        material_answer: data.answer,
        material_answered_on: this.today(),
      });
      await writeCaseEvent(trx, {
        caseId: Number(row.case_id),
        actorUserId: user.id,
        action: "court-answer",
        fromStatus: null,
        toStatus: null,
        summary: `答复法院补充材料要求：${data.answer}`,
        data: { confirmationId: id },
        at: isoNow(this.clock),
      });
    });
  }

  /** 不予受理 within the filing period (民诉法解释 art. 355); the case returns to its agreement. */
  async refuse(user: SessionUser, id: number, input: unknown): Promise<void> {
    this.judge(user);
    await refuse(this.knex, this.clock, this.today(), user, id, input, this.notify);
  }

  /** The parties withdraw, or the court treats the application as withdrawn (民诉法解释 art. 357). */
  async withdraw(user: SessionUser, id: number, input: unknown): Promise<void> {
    this.judge(user);
    await withdraw(this.knex, this.clock, this.today(), user, id, input, this.notify);
  }

  /** Rules on a filed application: the agreement is valid (enforceable), or the application is rejected. */
  async decide(user: SessionUser, id: number, input: unknown): Promise<void> {
    this.judge(user);
    const data = parseOrThrow(schemas.decision, input);
    await this.knex.transaction(async (trx) => {
      const row = await this.load(trx, user, id, data.version);
      if (row.status !== "filed")
        throw new ConflictError(row.status === "pending" ? "请先立案再作出裁定" : "该申请已经作出裁定");
      if (data.decidedOn < String(row.filed_on) || data.decidedOn > this.today()) {
        throw new ValidationError([{ field: "decidedOn", message: "裁定日期应在立案日期与今天之间" }]);
      }
      await this.save(trx, id, data.version, "filed", {
        status: "decided",
        outcome: data.outcome,
        grounds_json: JSON.stringify(data.grounds),
        reasons: data.reasons,
        decided_on: data.decidedOn,
        decided_by: user.id,
      });
      const to = data.outcome === "confirmed" ? "confirmed" : "confirmation_rejected";
      await moveCase(trx, row.case_id, to, isoNow(this.clock));
      await writeCaseEvent(trx, {
        caseId: Number(row.case_id),
        actorUserId: user.id,
        action: "court-decision",
        fromStatus: "awaiting_confirmation",
        toStatus: to,
        summary:
          data.outcome === "confirmed"
            ? `${row.number}：裁定调解协议有效`
            : `${row.number}：裁定驳回司法确认申请（${data.grounds.map((g) => groundLabel(g)).join("；")}）`,
        data: { confirmationId: id, outcome: data.outcome, grounds: data.grounds },
        at: isoNow(this.clock),
      });
      await this.notify(trx, row, data.outcome === "confirmed" ? "确认调解协议有效" : "驳回司法确认申请");
    });
  }
}
