import type { Knex } from "knex";
import { recordAudit } from "../audit/audit.js";
import type { Clock } from "../clock.js";
import { ConflictError, ForbiddenError, NotFoundError, STALE_MESSAGE, ValidationError } from "../errors.js";
import type { SessionUser } from "../people/scope.js";
import { beijingDate } from "../shared/dates.js";
import { parseOrThrow } from "../validation.js";
import * as disputes from "./repository.js";
import { findRepeats, repeatedIds, twelveMonthsTo } from "./repeats.js";
import { analysisScope, watchScope, type AreaScope } from "./scope.js";
import { addSchema, checkInSchema, closeSchema } from "./watch-schema.js";
import * as repo from "./watch-repository.js";
import { suggestionView, toItemView, type Suggestion, type WatchItemView } from "./watch-views.js";

/**
 * 管控 watch list: high-risk disputes a centre keeps watching until it closes them, each with the
 * next check-in date and who checks (src/grid-analysis/README.md). Every change in one
 * transaction with its audit event; check-ins and closing are guarded by the item's version.
 */
export class WatchService {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return beijingDate(this.clock.now());
  }

  /** The scope, or 404 for a user with no watch list. */
  scope(user: SessionUser): AreaScope {
    return watchScope(user);
  }

  /** Only a centre's dispatcher puts a dispute on its list (and directors may not add). */
  canAdd(user: SessionUser): boolean {
    return this.scope(user).centreId !== null;
  }

  /** Check-ins and closing: the centre's dispatcher, or the director for their committee's case. */
  private assertCanAct(user: SessionUser): void {
    const s = this.scope(user);
    if (s.centreId === null && s.committeeId === null) throw new ForbiddenError("您只能查看管控名单");
  }

  canAct(user: SessionUser): boolean {
    const s = this.scope(user);
    return s.centreId !== null || s.committeeId !== null;
  }

  async list(
    user: SessionUser,
    filter: { status?: "open" | "closed"; overdue?: boolean } = {},
  ): Promise<WatchItemView[]> {
    const scope = this.scope(user);
    const today = this.today();
    const rows = await repo.listItems(this.knex, scope, {
      status: filter.status ?? "open",
      overdueBefore: filter.overdue ? today : undefined,
    });
    return this.views(rows, today);
  }

  async get(user: SessionUser, id: number): Promise<WatchItemView> {
    const row =
      Number.isInteger(id) && id > 0 ? await repo.findItem(this.knex, this.scope(user), id) : undefined;
    if (!row) throw new NotFoundError("找不到该管控对象，或您无权查看");
    return (await this.views([row], this.today()))[0]!;
  }

  private async views(rows: repo.ItemRow[], today: string): Promise<WatchItemView[]> {
    const checkins = await repo.checkinsOf(
      this.knex,
      rows.map((r) => Number(r.id)),
    );
    const names = await repo.regionNames(
      this.knex,
      rows.map((r) => String(r.case_region ?? r.report_region ?? "")),
    );
    return rows.map((r) =>
      toItemView(
        r,
        checkins.filter((k) => Number(k.item_id) === Number(r.id)),
        names,
        today,
      ),
    );
  }

  /** Overdue check-ins for a desk; null when the user keeps no watch list. */
  async overdueCount(user: SessionUser): Promise<number | null> {
    let scope: AreaScope;
    try {
      scope = this.scope(user);
    } catch {
      return null;
    }
    return repo.countOverdue(this.knex, scope, this.today());
  }

  /** Open disputes of the centre's area proposed for the list, with the reasons found. */
  async suggestions(user: SessionUser): Promise<Suggestion[]> {
    if (!this.canAdd(user)) return [];
    const { prefix } = analysisScope(user);
    const window = twelveMonthsTo(this.today());
    const repeated = repeatedIds(
      findRepeats(await disputes.disputeRecords(this.knex, prefix, window), window),
    );
    const ids = (kind: string) =>
      [...repeated].filter((k) => k.startsWith(`${kind}:`)).map((k) => Number(k.split(":")[1]));
    const found = await repo.candidates(this.knex, prefix, { cases: ids("case"), reports: ids("report") });
    const names = await repo.regionNames(
      this.knex,
      [...found.cases, ...found.reports].map((r) => String(r.region_code)),
    );
    return suggestionView(found, repeated, names);
  }

  async add(user: SessionUser, input: unknown): Promise<number> {
    const scope = this.scope(user);
    if (scope.centreId === null) throw new ForbiddenError("只有综治中心调度员可以列入管控");
    const v = parseOrThrow(addSchema, input);
    const today = this.today();
    if (v.nextCheckOn < today)
      throw new ValidationError([{ field: "nextCheckOn", message: "下次回访日期不能早于今天" }]);
    const [kind, rawId] = v.subject.split(":") as ["case" | "report", string];
    const subjectId = Number(rawId);
    const proposed = await this.suggestions(user);
    if (!proposed.some((s) => s.kind === kind && s.id === subjectId)) {
      throw new ValidationError([
        { field: "subject", message: "该纠纷不在本中心的待管控建议中（可能已列入管控或已办结）" },
      ]);
    }
    const at = this.clock.now().toISOString();
    return this.knex.transaction(async (trx) => {
      const checker = await trx("users")
        .where({ organisation_id: user.organisation.id, display_name: v.checkerName })
        .first("id");
      const row = {
        version: 1,
        case_id: kind === "case" ? subjectId : null,
        report_id: kind === "report" ? subjectId : null,
        centre_id: scope.centreId!,
        reasons_json: JSON.stringify(v.reasons),
        note: v.note,
        next_check_on: v.nextCheckOn,
        checker_name: v.checkerName,
        checker_user_id: checker ? Number(checker.id) : null,
        status: "open",
        created_at: at,
        created_by: user.id,
      };
      const [inserted] = await trx("watch_items").insert(row).returning("id");
      const id = Number(typeof inserted === "object" ? inserted.id : inserted);
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "watch.add",
        entityType: "watch_item",
        entityId: id,
        after: row,
        at,
      });
      return id;
    });
  }

  async checkIn(user: SessionUser, id: number, input: unknown): Promise<void> {
    const item = await this.get(user, id);
    this.assertCanAct(user);
    const v = parseOrThrow(checkInSchema, input);
    const today = this.today();
    const errors = [];
    if (v.checkedOn > today) errors.push({ field: "checkedOn", message: "回访日期不能晚于今天" });
    if (v.nextCheckOn <= v.checkedOn)
      errors.push({ field: "nextCheckOn", message: "下次回访日期应晚于本次回访日期" });
    if (errors.length) throw new ValidationError(errors);
    if (item.status !== "open") throw new ConflictError("该管控对象已解除管控");
    const at = this.clock.now().toISOString();
    await this.knex.transaction(async (trx) => {
      const n = await trx("watch_items")
        .where({ id, version: v.version, status: "open" })
        .update({ next_check_on: v.nextCheckOn, version: v.version + 1 });
      if (n !== 1) throw new ConflictError(STALE_MESSAGE);
      const row = {
        item_id: id,
        checked_on: v.checkedOn,
        by_user_id: user.id,
        note: v.note,
        next_check_on: v.nextCheckOn,
        created_at: at,
      };
      await trx("watch_checkins").insert(row);
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "watch.check_in",
        entityType: "watch_item",
        entityId: id,
        before: { nextCheckOn: item.nextCheckOn },
        after: row,
        at,
      });
    });
  }

  async close(user: SessionUser, id: number, input: unknown): Promise<void> {
    const item = await this.get(user, id);
    this.assertCanAct(user);
    const v = parseOrThrow(closeSchema, input);
    if (item.status !== "open") throw new ConflictError("该管控对象已解除管控");
    const at = this.clock.now().toISOString();
    await this.knex.transaction(async (trx) => {
      const n = await trx("watch_items")
        .where({ id, version: v.version, status: "open" })
        .update({ status: "closed", closed_at: at, closed_reason: v.reason, version: v.version + 1 });
      if (n !== 1) throw new ConflictError(STALE_MESSAGE);
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "watch.close",
        entityType: "watch_item",
        entityId: id,
        before: { status: "open" },
        after: { status: "closed", reason: v.reason },
        at,
      });
    });
  }
}
