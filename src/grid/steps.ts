import type { Knex } from "knex";
import { recordAudit } from "../audit/audit.js";
import { ConflictError, NotFoundError, STALE_MESSAGE } from "../errors.js";
import type { MessageService } from "../messages/service.js";
import type { GridRepository, ReportRow } from "./repository.js";
import { sightOf } from "./sight.js";
import { isPartyActor, type GridActor, type GridStatus } from "./types.js";
import { reporterMobile } from "./views.js";

export const REPORT_NOT_FOUND = "找不到该上报事项，或您无权查看";

/**
 * The steps every change of a report is made of: find it in the caller's sight (else 404), check
 * the version and status they saw (else 409), move it with a guarded update, write the timeline and
 * audit events, tell the reporter by SMS — each inside the caller's transaction.
 */
export class GridSteps {
  constructor(
    private readonly repo: GridRepository,
    private readonly messages: Pick<MessageService, "queue">,
  ) {}

  async find(db: Knex | Knex.Transaction, actor: GridActor, id: number): Promise<ReportRow> {
    const row = Number.isInteger(id) && id > 0 ? await this.repo.find(db, id, sightOf(actor)) : null;
    if (!row) throw new NotFoundError(REPORT_NOT_FOUND);
    return row;
  }

  async guardedFind(
    trx: Knex.Transaction,
    actor: GridActor,
    id: number,
    version: number,
    status: GridStatus,
    wrong: string,
  ) {
    const row = await this.find(trx, actor, id);
    if (row.version !== version) throw new ConflictError(STALE_MESSAGE);
    if (row.status !== status) throw new ConflictError(wrong);
    return row;
  }

  async move(trx: Knex.Transaction, row: ReportRow, from: GridStatus, patch: Record<string, unknown>) {
    if (!(await this.repo.updateGuarded(trx, row.id, { version: row.version, status: from }, patch))) {
      throw new ConflictError(STALE_MESSAGE);
    }
  }

  isReporter(actor: GridActor, row: ReportRow): boolean {
    if (isPartyActor(actor)) return row.reporterKind === "party";
    return row.reporterKind === "grid_worker" && row.reporterUserId === actor.id;
  }

  /** Rated since it last became done (a reopened report, done again, may be rated again). */
  async alreadyRated(db: Knex | Knex.Transaction, row: ReportRow): Promise<boolean> {
    if (row.status !== "done") return false;
    const doneAt = await this.repo.lastDoneAt(db, row.id);
    const rating = await this.repo.latestRating(row.id, db);
    return !!rating && (!doneAt || rating.ratedAt >= doneAt);
  }

  event(
    trx: Knex.Transaction,
    actor: GridActor,
    reportId: number,
    at: string,
    kind: Parameters<GridRepository["insertEvent"]>[1]["kind"],
    text: string,
    data?: unknown,
  ) {
    const party = isPartyActor(actor);
    return this.repo.insertEvent(trx, {
      reportId,
      at,
      actorUserId: party ? null : actor.id,
      actorPhone: party ? actor.phone : null,
      kind,
      text,
      data,
    });
  }

  audit(
    trx: Knex.Transaction,
    actor: GridActor,
    action: string,
    id: number,
    before: unknown,
    after: unknown,
    at: string,
  ) {
    const actorUserId = isPartyActor(actor) ? null : actor.id;
    return recordAudit(trx, {
      actorUserId,
      action,
      entityType: "grid_report",
      entityId: id,
      before,
      after,
      at,
    });
  }

  async notifyReceived(trx: Knex.Transaction, row: ReportRow, to: string): Promise<void> {
    const phone = await reporterMobile(trx, this.repo, row);
    if (phone) await this.messages.queue(phone, "report_received", { id: String(row.id), to }, { db: trx });
  }

  async notifyDone(trx: Knex.Transaction, row: ReportRow, result: string, caseId: number | null) {
    const phone = await reporterMobile(trx, this.repo, row);
    const short = result.length > 60 ? `${result.slice(0, 59)}…` : result;
    if (phone)
      await this.messages.queue(
        phone,
        "report_done",
        { id: String(row.id), result: short },
        { db: trx, caseId },
      );
  }
}
