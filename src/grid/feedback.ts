import type { Knex } from "knex";
import { recordAudit } from "../audit/audit.js";
import type { ConcludedCase } from "../cases/concluded.js";
import { STATUS_LABELS } from "../cases/lifecycle.js";
import { isoNow, type Clock } from "../clock.js";
import { ConflictError, ForbiddenError } from "../errors.js";
import type { SessionUser } from "../people/scope.js";
import { beijingDate } from "../shared/dates.js";
import { parseOrThrow } from "../validation.js";
import type { GridRepository } from "./repository.js";
import { rateSchema, replySchema } from "./schema.js";
import { isDepartmentStaff, isGridWorker } from "./sight.js";
import type { GridSteps } from "./steps.js";
import { GRID_SATISFACTION_LABELS, isPartyActor, type GridActor } from "./types.js";

/**
 * 办理 → 反馈 → 评价: a department's reply to its work order, the linked case's conclusion (the
 * CaseService listener), and the reporter's rating — a dissatisfied one reopens the report.
 */
export class GridFeedback {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly repo: GridRepository,
    private readonly steps: GridSteps,
  ) {}

  private today(): string {
    return beijingDate(this.clock.now());
  }

  async reply(actor: SessionUser, id: number, input: unknown): Promise<void> {
    if (!isDepartmentStaff(actor)) throw new ForbiddenError("只有职能部门办理人员可以答复工单");
    const data = parseOrThrow(replySchema(this.today()), input);
    const at = isoNow(this.clock);
    await this.knex.transaction(async (trx) => {
      const row = await this.steps.guardedFind(
        trx,
        actor,
        id,
        data.version,
        "dispatched",
        "该工单不在办理中，不能答复",
      );
      if (row.dispatchedTo !== actor.organisation.id || row.dispatchedKind !== "department") {
        throw new ConflictError("该事项没有转交本部门办理");
      }
      const late = row.dueOn && data.doneOn > row.dueOn ? `（逾期答复，期限 ${row.dueOn}）` : "";
      await this.steps.move(trx, row, "dispatched", {
        status: "done",
        result: data.result,
        done_on: data.doneOn,
        updated_at: at,
      });
      await this.steps.event(
        trx,
        actor,
        id,
        at,
        "replied",
        `${actor.organisation.name}答复${late}：${data.result}`,
        { doneOn: data.doneOn },
      );
      await this.steps.audit(
        trx,
        actor,
        "grid_report.reply",
        id,
        { status: "dispatched" },
        { status: "done", ...data },
        at,
      );
      await this.steps.notifyDone(trx, row, data.result, null);
    });
  }

  async rate(actor: GridActor, id: number, input: unknown): Promise<void> {
    if (!isPartyActor(actor) && !isGridWorker(actor)) throw new ForbiddenError("只有上报人可以评价办理结果");
    const data = parseOrThrow(rateSchema, input);
    const at = isoNow(this.clock);
    await this.knex.transaction(async (trx) => {
      const row = await this.steps.find(trx, actor, id);
      if (!this.steps.isReporter(actor, row)) throw new ForbiddenError("只有上报人可以评价办理结果");
      if (row.status !== "done") throw new ConflictError("该事项尚未办结，办结后才能评价");
      if (await this.steps.alreadyRated(trx, row)) throw new ConflictError("您已评价过该事项的办理结果");
      const phone = isPartyActor(actor) ? actor.phone : null;
      const userId = isPartyActor(actor) ? null : actor.id;
      await this.repo.insertRating(trx, {
        reportId: id,
        satisfaction: data.satisfaction,
        comment: data.comment,
        at,
        userId,
        phone,
      });
      const comment = data.comment ? `：${data.comment}` : "";
      await this.steps.event(
        trx,
        actor,
        id,
        at,
        "rated",
        `上报人评价：${GRID_SATISFACTION_LABELS[data.satisfaction]}${comment}`,
      );
      if (data.satisfaction === "dissatisfied") {
        await this.steps.move(trx, row, "done", { status: "new", updated_at: at });
        await this.steps.event(
          trx,
          actor,
          id,
          at,
          "reopened",
          `上报人不满意，退回${row.centreName}重新分流${comment}`,
          { comment: data.comment },
        );
      }
      await this.steps.audit(trx, actor, "grid_report.rate", id, { status: "done" }, { ...data }, at);
    });
  }

  /** The linked case concluded (CaseService's listener, inside the case action's transaction). */
  async caseConcluded(trx: Knex.Transaction, c: ConcludedCase): Promise<void> {
    const row = await this.repo.waitingOnCase(trx, c.caseId);
    if (!row) return;
    const result = `${STATUS_LABELS[c.status]}（案号 ${c.number}）：${c.summary}`;
    const doneOn = beijingDate(new Date(c.at));
    await this.steps.move(trx, row, "dispatched", {
      status: "done",
      result,
      done_on: doneOn,
      updated_at: c.at,
    });
    await this.repo.insertEvent(trx, {
      reportId: row.id,
      at: c.at,
      actorUserId: c.actorUserId,
      actorPhone: null,
      kind: "case_concluded",
      text: `${row.dispatchedName ?? "调解委员会"}办结：${result}`,
      data: { caseId: c.caseId, status: c.status },
    });
    await recordAudit(trx, {
      actorUserId: c.actorUserId,
      action: "grid_report.case_concluded",
      entityType: "grid_report",
      entityId: row.id,
      before: { status: "dispatched" },
      after: { status: "done", caseId: c.caseId, caseStatus: c.status },
      at: c.at,
    });
    await this.steps.notifyDone(trx, row, result, c.caseId);
  }
}
