import type { Knex } from "knex";
import { isoNow, type Clock } from "../clock.js";
import type { ConcludedCase } from "../cases/concluded.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import type { MessageService } from "../messages/service.js";
import type { SessionUser } from "../people/scope.js";
import { beijingDate } from "../shared/dates.js";
import { parseOrThrow } from "../validation.js";
import { centreFor, detailOf, listItemOf } from "./views.js";
import { GridDispatch } from "./dispatch.js";
import { GridFeedback } from "./feedback.js";
import { preparePhotos } from "./photos.js";
import { GridSteps } from "./steps.js";
import { GridRepository } from "./repository.js";
import { closeSchema, reportSchema } from "./schema.js";
import { isDepartmentStaff, isDispatcher, isGridWorker, sightOf } from "./sight.js";
import {
  GRID_CATEGORY_LABELS,
  GRID_STATUSES,
  isPartyActor,
  type GridActor,
  type GridServiceApi,
  type ListFilter,
  type PhotoUpload,
  type ReportDetail,
  type ReportPage,
} from "./types.js";

export { REPORT_NOT_FOUND } from "./steps.js";

/**
 * The grid loop (src/grid/README.md): a grid worker or a party reports; the centre dispatches
 * (src/grid/dispatch.ts) or closes; a department replies or the linked case concludes; the
 * reporter rates, and a dissatisfied rating reopens the report at the centre. Every change is a
 * guarded update (id, version, status), a timeline event and an audit event in one transaction.
 */
export class GridService implements GridServiceApi {
  readonly repo: GridRepository;
  private readonly dispatcher: GridDispatch;
  private readonly steps: GridSteps;
  private readonly feedback: GridFeedback;

  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly messages: Pick<MessageService, "queue">,
  ) {
    this.repo = new GridRepository(knex);
    this.steps = new GridSteps(this.repo, messages);
    this.feedback = new GridFeedback(knex, clock, this.repo, this.steps);
    this.dispatcher = new GridDispatch(knex, clock, this.repo, (trx, r, to) =>
      this.steps.notifyReceived(trx, r, to),
    );
  }

  private today(): string {
    return beijingDate(this.clock.now());
  }

  async report(
    actor: GridActor,
    input: unknown,
    photos: PhotoUpload[] = [],
  ): Promise<{ id: number; status: "new" }> {
    if (!isPartyActor(actor) && !isGridWorker(actor))
      throw new ForbiddenError("只有网格员或当事人本人可以上报");
    const data = parseOrThrow(reportSchema(this.today()), input);
    const prepared = await preparePhotos(photos);
    const at = isoNow(this.clock);
    const id = await this.knex.transaction(async (trx) => {
      if (!(await this.repo.regionExists(trx, data.regionCode))) {
        throw new ValidationError([{ field: "regionCode", message: "发生地点（区划代码）不存在" }]);
      }
      const centre = await centreFor(trx, this.repo, data.regionCode);
      if (!centre) {
        throw new ValidationError([
          { field: "regionCode", message: "该地暂无综治中心受理上报，请联系当地乡镇（街道）" },
        ]);
      }
      const party = isPartyActor(actor);
      const reportId = await this.repo.insertReport(trx, {
        version: 1,
        category: data.category,
        region_code: data.regionCode,
        summary: data.summary,
        occurred_on: data.occurredOn ?? null,
        people: data.people ?? null,
        parties_json: data.parties?.length ? JSON.stringify(data.parties) : null,
        risk_level: data.riskLevel,
        threats: data.threats,
        reporter_kind: party ? "party" : "grid_worker",
        reporter_user_id: party ? null : actor.id,
        reporter_phone: party ? actor.phone : null,
        centre_id: centre.id,
        status: "new",
        reported_at: at,
        updated_at: at,
      });
      for (const p of prepared) await this.repo.insertPhoto(trx, { reportId, ...p, at });
      const who = party ? "当事人（网上）" : `网格员${actor.displayName}`;
      const photoLine = prepared.length ? `，照片 ${prepared.length} 张` : "";
      await this.steps.event(
        trx,
        actor,
        reportId,
        at,
        "reported",
        `${who}上报${GRID_CATEGORY_LABELS[data.category]}${photoLine}，由${centre.name}分流`,
      );
      await this.steps.audit(
        trx,
        actor,
        "grid_report.create",
        reportId,
        undefined,
        { ...data, centreId: centre.id },
        at,
      );
      return reportId;
    });
    return { id, status: "new" };
  }

  async list(actor: GridActor, filter: ListFilter): Promise<ReportPage> {
    if (filter.status !== undefined && !GRID_STATUSES.includes(filter.status)) {
      throw new ValidationError([
        { field: "status", message: "status 应为 new、dispatched、done 或 closed" },
      ]);
    }
    const page = Math.max(1, Math.floor(filter.page ?? 1));
    const pageSize = Math.min(100, Math.max(1, Math.floor(filter.pageSize ?? 50)));
    const { rows, total } = await this.repo.list(sightOf(actor), {
      status: filter.status,
      page,
      pageSize,
      oldestFirst: filter.status === "new",
    });
    const comments = await this.repo.reopenComments(rows.filter((r) => r.status === "new").map((r) => r.id));
    const today = this.today();
    return {
      items: rows.map((r) => listItemOf(r, today, comments.get(r.id) ?? null)),
      page,
      pageSize,
      total,
    };
  }

  async get(actor: GridActor, id: number): Promise<ReportDetail> {
    const row = await this.steps.find(this.knex, actor, id);
    const rated = await this.steps.alreadyRated(this.knex, row);
    const comments = await this.repo.reopenComments(row.status === "new" ? [row.id] : []);
    return detailOf(this.repo, row, {
      today: this.today(),
      reopenedComment: comments.get(row.id) ?? null,
      can: {
        dispatch: row.status === "new" && isDispatcher(actor),
        close: row.status === "new" && isDispatcher(actor),
        reply:
          row.status === "dispatched" &&
          row.dispatchedKind === "department" &&
          isDepartmentStaff(actor) &&
          actor.organisation.id === row.dispatchedTo,
        rate: row.status === "done" && this.steps.isReporter(actor, row) && !rated,
      },
    });
  }

  dispatch(actor: SessionUser, id: number, input: unknown): Promise<ReportDetail> {
    return this.dispatcher.dispatch(actor, id, input).then(() => this.get(actor, id));
  }

  dispatchTargets(actor: SessionUser, id: number) {
    return this.dispatcher.targets(actor, id);
  }

  async close(actor: SessionUser, id: number, input: unknown): Promise<ReportDetail> {
    if (!isDispatcher(actor)) throw new ForbiddenError("只有综治中心调度员可以关闭上报事项");
    const data = parseOrThrow(closeSchema, input);
    const at = isoNow(this.clock);
    await this.knex.transaction(async (trx) => {
      const row = await this.steps.guardedFind(
        trx,
        actor,
        id,
        data.version,
        "new",
        "该上报已分流或已办结，不能关闭",
      );
      await this.steps.move(trx, row, "new", {
        status: "closed",
        closed_reason: data.reason,
        updated_at: at,
      });
      await this.steps.event(trx, actor, id, at, "closed", `${actor.organisation.name}关闭：${data.reason}`);
      await this.steps.audit(
        trx,
        actor,
        "grid_report.close",
        id,
        { status: "new" },
        { status: "closed", reason: data.reason },
        at,
      );
    });
    return this.get(actor, id);
  }

  async photo(actor: GridActor, photoId: number, which: "content" | "thumbnail" = "content") {
    const reportId = Number.isInteger(photoId) && photoId > 0 ? await this.repo.photoReportId(photoId) : null;
    if (!reportId || !(await this.repo.find(this.knex, reportId, sightOf(actor)))) {
      throw new NotFoundError("找不到该照片，或您无权查看");
    }
    const found = await this.repo.photoBytes(photoId, which === "content" ? "bytes" : "thumbnail");
    if (!found) throw new NotFoundError("找不到该照片，或您无权查看");
    return found;
  }

  gridOf(actor: SessionUser): Promise<string | null> {
    return this.repo.userGrid(actor.id);
  }

  /** The linked case concluded (CaseService's listener, inside the case action's transaction). */
  caseConcluded(trx: Knex.Transaction, c: ConcludedCase): Promise<void> {
    return this.feedback.caseConcluded(trx, c);
  }

  async reply(actor: SessionUser, id: number, input: unknown): Promise<ReportDetail> {
    await this.feedback.reply(actor, id, input);
    return this.get(actor, id);
  }

  async rate(actor: GridActor, id: number, input: unknown): Promise<ReportDetail> {
    await this.feedback.rate(actor, id, input);
    return this.get(actor, id);
  }
}
