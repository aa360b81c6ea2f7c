import { createHash } from "node:crypto";
import type { Knex } from "knex";
import { isoNow, type Clock } from "../clock.js";
import {
  ConflictError,
  type FieldError,
  ForbiddenError,
  LegalRuleError,
  NotFoundError,
  STALE_MESSAGE,
  ValidationError,
} from "../errors.js";
import type { MessageService } from "../messages/service.js";
import { hasRole, scopeFor, type SessionUser } from "../people/scope.js";
import { COMMITTEE_KINDS } from "../places/kinds.js";
import { parseOrThrow } from "../validation.js";
import { runAction } from "./actions/index.js";
import { backfillNumber, stepDate } from "./backdating.js";
import { writeCaseEvent } from "./events.js";
import {
  committee,
  idempotentCase,
  indexNewCase,
  insertCase,
  isUniqueViolation,
  issueNumber,
  missingReferences,
  paperNumberTaken,
  rememberIdempotencyKey,
} from "./intake-repository.js";
import {
  ACTIONS,
  actorsFor,
  allowedActions,
  decide,
  OPEN_STATUSES,
  type Action,
  type CaseFacts,
} from "./lifecycle.js";
import { reindexCases } from "./search-index.js";
import { beijingDate } from "../shared/dates.js";
import { caseDeadlines, caseWarnings } from "./case-notes.js";
import { loadCase, lockCase, openCasesOfParties, updateGuarded, visibleCaseIds } from "./repository.js";
import { ActionStore } from "./store.js";
import { concludes, type ConcludedListener } from "./concluded.js";
import { intakeSchema } from "./intake-schema.js";
import { SOURCE_LABELS } from "./labels.js";
import type { CaseView, Warning } from "./views.js";
import { toListItem, type CaseFilter, type CaseListItem, type Page } from "./list-items.js";
import { countCasesByStatus, listCaseRows } from "./list-repository.js";

export interface CaseDetail extends CaseView {
  allowedActions: Action[];
  warnings: Warning[];
}

export type { CaseFilter, CaseListItem, Page } from "./list-items.js";

/** Stable JSON (sorted keys), so the same body always hashes the same for Idempotency-Key. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

export class CaseService {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    /** Queues the SMS an action's effect asks for (Effect.messages), in the action's transaction. */
    private readonly messages?: Pick<MessageService, "queue">,
    /** PUBLIC_URL: the links in the SMS an action sends (the parties' /my). */
    private readonly publicUrl = "",
  ) {}

  private readonly concludedListeners: ConcludedListener[] = [];

  /** Runs `listener` inside the transaction of every action that concludes a case (src/cases/concluded.ts). */
  onConcluded(listener: ConcludedListener): void {
    this.concludedListeners.push(listener);
  }

  private today(): string {
    return beijingDate(this.clock.now());
  }

  /** Registers a dispute (登记). With an Idempotency-Key, a repeated request returns the same case. */
  async intake(
    user: SessionUser,
    input: unknown,
    idempotencyKey?: string,
  ): Promise<{ detail: CaseDetail; replayed: boolean }> {
    if (!hasRole(user, "clerk", "director") || !COMMITTEE_KINDS.includes(user.organisation.kind)) {
      throw new ForbiddenError("只有调解委员会的登记员或主任可以登记纠纷");
    }
    const today = this.today();
    const data = parseOrThrow(intakeSchema(today), input);
    const bodyHash = createHash("sha256").update(canonical(input)).digest("hex");
    const key = idempotencyKey?.trim();
    if (key !== undefined && (key.length === 0 || key.length > 200)) {
      throw new ValidationError([{ field: "Idempotency-Key", message: "Idempotency-Key 应为 1–200 个字符" }]);
    }
    const replay = async (db: Knex | Knex.Transaction) => {
      const found = key ? await idempotentCase(db, user.id, key) : null;
      if (found && found.bodyHash !== bodyHash) {
        throw new ConflictError("该 Idempotency-Key 已用于内容不同的另一次登记");
      }
      return found?.caseId ?? null;
    };
    // Reference data (type, place, court, committee) is read before the write lock is taken: a
    // transaction holds SQLite's one writer, so it should do only what must be atomic.
    const errors: FieldError[] = [];
    if (data.organisationId !== undefined && data.organisationId !== user.organisation.id) {
      errors.push({ field: "organisationId", message: "只能登记到本人所在的调解委员会" });
    }
    const [missing, org] = await Promise.all([
      missingReferences(this.knex, data),
      committee(this.knex, user.organisation.id),
    ]);
    errors.push(...missing);
    try {
      const { id, replayed } = await this.knex.transaction(async (trx) => {
        const existing = await replay(trx);
        if (existing) return { id: existing, replayed: true };
        if (errors.length) throw new ValidationError(errors);
        const now = isoNow(this.clock);
        // 补录: a case from paper goes by its paper number and takes none of the series.
        const paperNumber = data.paperNumber ?? null;
        const number = paperNumber ? backfillNumber(paperNumber, org.numberPrefix) : null;
        if (paperNumber && number && (await paperNumberTaken(trx, org.id, paperNumber, number))) {
          throw new ValidationError([
            { field: "paperNumber", message: `纸质卷宗编号“${paperNumber}”已有案件使用` },
          ]);
        }
        const issued = number
          ? { number, record: async () => {} }
          : await issueNumber(trx, org, Number(today.slice(0, 4)));
        const caseId = await insertCase(
          trx,
          {
            number: issued.number,
            organisation_id: org.id,
            status: "intake",
            source: data.source,
            type_code: data.typeCode,
            summary: data.summary,
            occurred_on: data.occurredOn ?? null,
            region_code: data.regionCode,
            address: data.address,
            amount_fen: data.amountFen,
            people_involved: data.peopleInvolved ?? null,
            risk_level: data.riskLevel,
            external_ref: data.externalRef,
            referring_court_id: data.referringCourtId ?? null,
            registered_on: data.registeredOn ?? today,
            ...(paperNumber ? { paper_number: paperNumber, backfilled_by: user.id, backfilled_at: now } : {}),
            created_by: user.id,
            version: 1,
            created_at: now,
            updated_at: now,
          },
          data.parties,
        );
        await issued.record(caseId);
        await indexNewCase(trx, {
          caseId,
          organisationId: org.id,
          number: issued.number,
          summary: data.summary,
          partyNames: data.parties.map((p) => p.name),
        });
        if (key) await rememberIdempotencyKey(trx, { userId: user.id, key, bodyHash, caseId, at: now });
        await writeCaseEvent(trx, {
          caseId,
          actorUserId: user.id,
          action: "intake",
          fromStatus: null,
          toStatus: "intake",
          summary: `登记纠纷（${SOURCE_LABELS[data.source]}），案号 ${issued.number}，当事人 ${data.parties.length} 人${paperNumber ? `（补录，登记日期 ${data.registeredOn ?? today}）` : ""}`,
          data: { source: data.source, typeCode: data.typeCode },
          at: now,
        });
        return { id: caseId, replayed: false };
      });
      return { detail: await this.get(user, id), replayed };
    } catch (err) {
      // Two requests with the same key raced: the loser's insert failed; answer with the winner's case.
      if (key && isUniqueViolation(err)) {
        const id = await replay(this.knex);
        if (id) return { detail: await this.get(user, id), replayed: true };
      }
      throw err;
    }
  }

  /** The whole case, or 404 if it does not exist or the user may not see it. */
  async get(user: SessionUser, id: number, db: Knex | Knex.Transaction = this.knex): Promise<CaseDetail> {
    if (!Number.isInteger(id) || id <= 0) throw new NotFoundError("找不到该案件，或您无权查看");
    const kase = await loadCase(db, id, { user, scope: scopeFor(user) });
    if (!kase) throw new NotFoundError("找不到该案件，或您无权查看");
    return this.detailOf(db, kase, user);
  }

  /** A case loaded through the user's scope, with its deadlines, the actions offered and the warnings. */
  private async detailOf(
    db: Knex | Knex.Transaction,
    kase: CaseView,
    user: SessionUser,
  ): Promise<CaseDetail> {
    const today = this.today();
    kase.deadlines = caseDeadlines(kase, today);
    return {
      ...kase,
      allowedActions: allowedActions(
        this.facts(kase, user),
        actorsFor(user.roles, this.isAssigned(kase, user)),
      ),
      warnings: await this.warnings(db, kase, user),
    };
  }

  private isAssigned(kase: CaseView, user: SessionUser): boolean {
    return kase.assignments.some((a) => !a.endedAt && a.userId === user.id);
  }

  facts(kase: CaseView, user: SessionUser): CaseFacts {
    return {
      status: kase.status,
      consentComplete: kase.parties.length > 0 && kase.parties.every((p) => p.consent === "yes"),
      consentRefused: kase.parties.some((p) => p.consent === "no"),
      hasLeadMediator: kase.assignments.some((a) => !a.endedAt && a.role === "lead"),
      sessionCount: kase.sessions.length,
      scheduledSessions: kase.scheduledSessions ?? 0,
      hasAgreement: kase.agreement !== null,
      openObligations: kase.agreement?.obligations.filter((o) => !o.performedOn).length ?? 0,
      signing: kase.signing ? { unsigned: kase.signing.unsigned.map((u) => u.name) } : null,
      ownCommittee: kase.organisationId === user.organisation.id || this.isAssigned(kase, user),
    };
  }

  /** A party with another open case (only that it exists when outside the user's sight), and the case notes. */
  private async warnings(db: Knex | Knex.Transaction, kase: CaseView, user: SessionUser): Promise<Warning[]> {
    if (!OPEN_STATUSES.includes(kase.status) || kase.status === "terminated") return [];
    const others = await openCasesOfParties(db, kase);
    const visible = await visibleCaseIds(
      db,
      user,
      scopeFor(user),
      others.map((r) => r.id),
    );
    return caseWarnings(kase, others, visible);
  }

  /** Why an action is not offered on this case now, with the status code the API would answer. */
  explain(user: SessionUser, kase: CaseView, action: string): { status: number; message: string } {
    if (!(ACTIONS as readonly string[]).includes(action)) return { status: 404, message: "没有这项操作" };
    const d = decide(
      action as Action,
      this.facts(kase, user),
      actorsFor(user.roles, this.isAssigned(kase, user)),
    );
    if (d.allowed) return { status: 200, message: "" };
    return { status: d.refusal === "role" ? 403 : d.refusal === "rule" ? 422 : 409, message: d.reason };
  }

  /** Takes an action on a case: checks scope, version, lifecycle and input, then applies it in one transaction. */
  async act(
    user: SessionUser,
    id: number,
    action: string,
    input: unknown,
  ): Promise<CaseDetail & { visible: boolean }> {
    if (!(ACTIONS as readonly string[]).includes(action)) throw new NotFoundError("没有这项操作");
    const act = action as Action;
    const body = (input ?? {}) as { version?: unknown };
    const answer = await this.knex.transaction(async (trx) => {
      await lockCase(trx, id);
      const kase = await this.get(user, id, trx);
      const version = Number(body.version);
      if (!Number.isInteger(version)) {
        throw new ValidationError([{ field: "version", message: "缺少版本号 version，请刷新页面后重试" }]);
      }
      if (version !== kase.version) throw new ConflictError(STALE_MESSAGE);
      const decision = decide(
        act,
        this.facts(kase, user),
        actorsFor(user.roles, this.isAssigned(kase, user)),
      );
      if (!decision.allowed) {
        if (decision.refusal === "role") throw new ForbiddenError(decision.reason);
        if (decision.refusal === "rule") throw new LegalRuleError(decision.reason);
        throw new ConflictError(decision.reason);
      }
      const now = this.clock.now();
      const today = beijingDate(now);
      // 补录: a past step may carry its real date (src/cases/backdating.ts); otherwise it is today.
      const stepOn = stepDate(act, input, kase, today);
      const at = now.toISOString();
      const store = new ActionStore(trx);
      const { parsed, effect } = await runAction(
        act,
        { today, now },
        { kase, user, today: stepOn, now: at, store, publicUrl: this.publicUrl },
        input,
      );
      if (stepOn !== today) {
        effect.summary += `（补录，实际办理日期 ${stepOn}）`;
        effect.data = { ...((effect.data ?? parsed) as object), actedOn: stepOn };
      }
      const to = effect.to ?? kase.status;
      const patch = { ...effect.caseUpdate, status: to, updated_at: at };
      if (!(await updateGuarded(trx, id, version, kase.status, patch)))
        throw new ConflictError(STALE_MESSAGE);
      // The search index holds the number and summary (a referral gives the case a new number).
      if (effect.caseUpdate && ("number" in effect.caseUpdate || "summary" in effect.caseUpdate))
        await reindexCases(trx, [id]);
      // Another change made in the same step (a party corrected on the agreement's form) is its own event.
      for (const e of effect.events ?? []) {
        const same = { fromStatus: kase.status, toStatus: kase.status };
        await writeCaseEvent(trx, { caseId: id, actorUserId: user.id, ...e, ...same, at });
      }
      await writeCaseEvent(trx, {
        caseId: id,
        actorUserId: user.id,
        action: act,
        fromStatus: kase.status,
        toStatus: to,
        summary: effect.summary,
        data: effect.data ?? parsed,
        at,
      });
      for (const m of effect.messages ?? []) {
        if (!this.messages) throw new Error("CaseService was built without a MessageService");
        await this.messages.queue(m.to, m.template, m.params as never, { db: trx, caseId: id });
      }
      if (concludes(kase.status, to)) {
        const concluded = { caseId: id, number: kase.number, status: to, summary: effect.summary, at };
        for (const l of this.concludedListeners) await l(trx, { ...concluded, actorUserId: user.id });
      }
      // The answer is the case as this action left it, read before COMMIT: read after it, another
      // process's action committed in between would show in it (and its version would not be ours).
      const after = await loadCase(trx, id, { user, scope: scopeFor(user) });
      return after ? { after, moved: null } : { after: null, moved: (await loadCase(trx, id))! };
    });
    if (answer.after) return { ...(await this.detailOf(this.knex, answer.after, user)), visible: true };
    // A referral moves the case out of the caller's sight: answer with what was done, not 404.
    return { ...answer.moved!, allowedActions: [], warnings: [], visible: false };
  }

  /**
   * A page of the cases the user may see, newest first. `countLimit` stops counting there (the
   * web list says "10,000 件以上" rather than count a county's million cases on every page view);
   * the API counts exactly.
   */
  async list(
    user: SessionUser,
    filter: CaseFilter,
    options: { countLimit?: number } = {},
  ): Promise<Page<CaseListItem>> {
    const today = this.today();
    const page = Math.max(1, Math.floor(filter.page ?? 1));
    const pageSize = Math.min(100, Math.max(1, Math.floor(filter.pageSize ?? 20)));
    const limit = options.countLimit;
    const found = await listCaseRows(this.knex, user, filter, { page, pageSize, today, countLimit: limit });
    const items = found.rows.map((r) => toListItem(r, found, today));
    return limit && found.counted > limit
      ? { items, page, pageSize, total: limit, totalCapped: true }
      : { items, page, pageSize, total: found.counted };
  }

  /** Counts by status for a committee's overview (what the user may see). */
  countsByStatus(user: SessionUser, organisationId?: number): Promise<Record<string, number>> {
    return countCasesByStatus(this.knex, user, organisationId);
  }
}
