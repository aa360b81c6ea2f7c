import { createHash } from "node:crypto";
import type { Knex } from "knex";
import { isoNow, type Clock } from "../clock.js";
import {
  ConflictError,
  ForbiddenError,
  LegalRuleError,
  NotFoundError,
  STALE_MESSAGE,
  ValidationError,
} from "../errors.js";
import { hasRole, scopeFor, type SessionUser } from "../people/scope.js";
import { isPostgres } from "../db/knex.js";
import { COMMITTEE_KINDS, regionPrefix, type RegionLevel } from "../places/kinds.js";
import { parseOrThrow } from "../validation.js";
import { runHandler } from "./actions.js";
import { backfillNumber, stepDate } from "./backdating.js";
import { writeCaseEvent } from "./events.js";
import { nameInitials } from "./initials.js";
import {
  ACTIONS,
  actorsFor,
  allowedActions,
  decide,
  OPEN_STATUSES,
  STATUS_LABELS,
  type Action,
  type CaseFacts,
  type Status,
} from "./lifecycle.js";
import { nextCaseNumber } from "./numbers.js";
import { reindexCases, whereMatches } from "./search-index.js";
import {
  beijingDate,
  CONFIRMATION_WINDOW_DAYS,
  deadline,
  missingYearsAround,
  periodEndDaysDetail,
  type Deadline,
} from "./periods.js";
import { loadCase, whereVisible, withCaseColumns } from "./repository.js";
import { actionSchemas, intakeSchema, SOURCE_LABELS } from "./schemas.js";
import type { CaseView, Warning } from "./views.js";

export interface CaseDetail extends CaseView {
  allowedActions: Action[];
  warnings: Warning[];
}

export interface CaseFilter {
  status?: string;
  typeCode?: string;
  source?: string;
  region?: string;
  from?: string;
  to?: string;
  overdue?: boolean;
  q?: string;
  mine?: boolean;
  page?: number;
  pageSize?: number;
}

export interface CaseListItem {
  id: number;
  number: string;
  status: Status;
  statusLabel: string;
  typeName: string;
  summary: string;
  organisationName: string;
  regionName: string;
  registeredOn: string;
  mediationDueOn: string | null;
  nextDue: string | null;
  overdue: boolean;
  parties: string;
  version: number;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  /** True when counting stopped at the caller's limit: there are more than `total`. */
  totalCapped?: boolean;
}

/** Agreements about identity, adoption or marital status are not confirmable (SQ4): words that suggest them. */
const IDENTITY_MATTERS = /离婚|解除婚姻|婚姻关系|收养|解除收养|亲子关系|确认父子|确认母子|身份关系/;

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

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; message?: string };
  return e.code === "23505" || e.code === "SQLITE_CONSTRAINT" || /UNIQUE constraint/.test(e.message ?? "");
};

export class CaseService {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
  ) {}

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
      if (!key) return null;
      const row = await db("idempotency_keys").where({ user_id: user.id, key }).first();
      if (!row) return null;
      if (row.body_hash !== bodyHash) {
        throw new ConflictError("该 Idempotency-Key 已用于内容不同的另一次登记");
      }
      return Number(row.case_id);
    };
    try {
      const { id, replayed } = await this.knex.transaction(async (trx) => {
        const existing = await replay(trx);
        if (existing) return { id: existing, replayed: true };
        await this.checkIntakeReferences(trx, user, data);
        const now = isoNow(this.clock);
        const org = await trx("organisations").where({ id: user.organisation.id }).first();
        // 补录: a case from paper goes by its paper number and takes none of the series.
        const paperNumber = data.paperNumber ?? null;
        const number = paperNumber ? backfillNumber(paperNumber, String(org.number_prefix)) : null;
        if (paperNumber && number) {
          const taken = await trx("cases")
            .where((q) => q.where({ organisation_id: Number(org.id), paper_number: paperNumber }))
            .orWhere({ number })
            .first();
          if (taken)
            throw new ValidationError([
              { field: "paperNumber", message: `纸质卷宗编号“${paperNumber}”已有案件使用` },
            ]);
        }
        const issued = number
          ? { number, record: async () => {} }
          : await nextCaseNumber(
              trx,
              { id: Number(org.id), numberPrefix: org.number_prefix },
              Number(today.slice(0, 4)),
            );
        const [row] = await trx("cases")
          .insert({
            number: issued.number,
            organisation_id: Number(org.id),
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
          })
          .returning("id");
        const caseId = Number(typeof row === "object" ? row.id : row);
        await issued.record(caseId);
        await trx("parties").insert(
          data.parties.map((p, position) => ({
            case_id: caseId,
            position,
            side: p.side,
            kind: p.kind,
            name: p.name,
            name_initials: nameInitials(p.name),
            id_number: p.idNumber,
            unified_code: p.unifiedCode,
            gender: p.gender,
            birth_date: p.birthDate,
            ethnicity: p.ethnicity,
            occupation: p.occupation,
            phone: p.phone,
            address: p.address,
            legal_representative: p.legalRepresentative,
            legal_representative_title: p.legalRepresentativeTitle ?? null,
            agent_name: p.agent?.name ?? null,
            agent_phone: p.agent?.phone ?? null,
            agent_id_number: p.agent?.idNumber ?? null,
          })),
        );
        await reindexCases(trx, [caseId]);
        if (key) {
          await trx("idempotency_keys").insert({
            user_id: user.id,
            key,
            body_hash: bodyHash,
            case_id: caseId,
            created_at: now,
          });
        }
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

  private async checkIntakeReferences(
    trx: Knex.Transaction,
    user: SessionUser,
    data: { typeCode: string; regionCode: string; organisationId?: number; referringCourtId?: number },
  ): Promise<void> {
    const errors = [];
    if (data.organisationId !== undefined && data.organisationId !== user.organisation.id) {
      errors.push({ field: "organisationId", message: "只能登记到本人所在的调解委员会" });
    }
    if (!(await trx("dispute_types").where({ code: data.typeCode, active: true }).first())) {
      errors.push({ field: "typeCode", message: "纠纷类型不存在" });
    }
    if (!(await trx("regions").where({ code: data.regionCode }).first())) {
      errors.push({ field: "regionCode", message: "纠纷发生地（区划代码）不存在" });
    }
    if (
      data.referringCourtId &&
      !(await trx("organisations").where({ id: data.referringCourtId, kind: "court" }).first())
    ) {
      errors.push({ field: "referringCourtId", message: "委派法院不存在" });
    }
    if (errors.length) throw new ValidationError(errors);
  }

  /** The whole case, or 404 if it does not exist or the user may not see it. */
  async get(user: SessionUser, id: number, db: Knex | Knex.Transaction = this.knex): Promise<CaseDetail> {
    if (!Number.isInteger(id) || id <= 0) throw new NotFoundError("找不到该案件，或您无权查看");
    const visible = await whereVisible(
      db("cases as c").select("c.id").where("c.id", id),
      user,
      scopeFor(user),
    ).first();
    const kase = visible ? await loadCase(db, id) : null;
    if (!kase) throw new NotFoundError("找不到该案件，或您无权查看");
    const today = this.today();
    kase.deadlines = this.deadlines(kase, today);
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
      hasAgreement: kase.agreement !== null,
      openObligations: kase.agreement?.obligations.filter((o) => !o.performedOn).length ?? 0,
      ownCommittee: kase.organisationId === user.organisation.id || this.isAssigned(kase, user),
    };
  }

  private deadlines(kase: CaseView, today: string): Deadline[] {
    const out: Deadline[] = [];
    if ((kase.status === "accepted" || kase.status === "in_mediation") && kase.mediationDueOn) {
      out.push(
        deadline(
          "mediation",
          kase.extensionReason ? "调解期限（经当事人同意延长）" : "调解期限（受理之日起一个月）",
          kase.mediationDueOn,
          today,
          missingYearsAround(kase.mediationDueOn),
        ),
      );
    }
    const a = kase.agreement;
    if (a && a.form === "written" && kase.status === "agreement") {
      const end = periodEndDaysDetail(a.effectiveOn, CONFIRMATION_WINDOW_DAYS);
      out.push(
        deadline(
          "confirmation_window",
          "申请司法确认期限（协议生效之日起 30 日）",
          end.due,
          today,
          end.missingYears,
        ),
      );
    }
    if (a && kase.status !== "closed") {
      for (const o of a.obligations) {
        if (o.performedOn) continue;
        const d = deadline("obligation", `${o.obligor}履行：${o.content}`, o.dueOn, today);
        o.overdue = d.overdue;
        out.push(d);
      }
    }
    return out.sort((x, y) => x.due.localeCompare(y.due));
  }

  /** A party with another open case; a dispute big enough for the township (大事不出镇). */
  private async warnings(db: Knex | Knex.Transaction, kase: CaseView, user: SessionUser): Promise<Warning[]> {
    const out: Warning[] = [];
    if (!OPEN_STATUSES.includes(kase.status) || kase.status === "terminated") return out;
    const ids = kase.parties.map((p) => p.idNumber).filter((x): x is string => !!x);
    const phones = kase.parties.map((p) => p.phone).filter((x): x is string => !!x);
    if (ids.length || phones.length) {
      const rows = await db("parties as p")
        .join("cases as c", "c.id", "p.case_id")
        .whereNot("c.id", kase.id)
        .whereIn(
          "c.status",
          OPEN_STATUSES.filter((s) => s !== "terminated"),
        )
        .where((w) => {
          if (ids.length) w.whereIn("p.id_number", ids);
          if (phones.length) w.orWhereIn("p.phone", phones);
        })
        .distinct("c.id", "c.number", "p.name", "c.organisation_id")
        .limit(20);
      const visibleIds = new Set<number>(
        rows.length
          ? (
              await whereVisible(
                db("cases as c")
                  .whereIn(
                    "c.id",
                    rows.map((r: { id: number }) => r.id),
                  )
                  .select("c.id"),
                user,
                scopeFor(user),
              )
            ).map((r: { id: number }) => Number(r.id))
          : [],
      );
      let hidden = false;
      for (const r of rows as { id: number; number: string; name: string }[]) {
        if (!visibleIds.has(Number(r.id))) {
          hidden = true;
          continue;
        }
        out.push({
          kind: "open_case",
          message: `当事人${r.name}另有未结案件 ${r.number}`,
          caseId: Number(r.id),
          caseNumber: r.number,
        });
      }
      // Outside the caller's scope: only that such a case exists, never whose or where (issue 14 M1).
      if (hidden) out.push({ kind: "open_case", message: "有当事人在其他调解组织另有未结案件" });
    }
    const a = kase.agreement;
    if (
      a &&
      a.form === "written" &&
      kase.status === "agreement" &&
      IDENTITY_MATTERS.test(`${a.terms}${a.disputedMatters ?? ""}`)
    ) {
      out.push({
        kind: "not_confirmable",
        message:
          "协议内容可能涉及身份关系（婚姻、收养、亲子关系等），人民法院对此不予司法确认；其中的财产分割、抚养费等内容可以单独达成协议后申请确认",
      });
    }
    const big = kase.riskLevel !== "ordinary" || (kase.peopleInvolved ?? 0) >= 5;
    if (kase.status === "intake" && kase.organisationKind === "village_committee" && big) {
      out.push({
        kind: "escalate",
        message: `${kase.riskLevel === "major" ? "风险等级重大" : kase.riskLevel === "serious" ? "风险等级较大" : `涉及 ${kase.peopleInvolved} 人`}，建议移送乡镇（街道）人民调解委员会调解（小事不出村，大事不出镇）`,
      });
    }
    return out;
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
    let visible = true;
    await this.knex.transaction(async (trx) => {
      // Concurrent actions on one case queue here (PostgreSQL row lock; SQLite has one writer), so
      // the second sees the first's new version and answers 409 rather than colliding later.
      if (isPostgres(trx)) await trx("cases").where({ id }).forUpdate().select("id").first();
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
      const schema = actionSchemas(today, now)[act];
      const parsed = parseOrThrow(schema, input);
      const at = now.toISOString();
      const result = await runHandler(act, { trx, kase, user, today: stepOn, now: at }, parsed as never);
      if (stepOn !== today) {
        result.summary += `（补录，实际办理日期 ${stepOn}）`;
        result.data = { ...((result.data ?? parsed) as object), actedOn: stepOn };
      }
      const to = result.to ?? kase.status;
      const updated = await trx("cases")
        .where({ id, version, status: kase.status })
        .update({ ...result.caseUpdate, status: to, version: version + 1, updated_at: at });
      if (updated !== 1) throw new ConflictError(STALE_MESSAGE);
      // The search index holds the number and summary (a referral gives the case a new number).
      if (result.caseUpdate && ("number" in result.caseUpdate || "summary" in result.caseUpdate))
        await reindexCases(trx, [id]);
      await writeCaseEvent(trx, {
        caseId: id,
        actorUserId: user.id,
        action: act,
        fromStatus: kase.status,
        toStatus: to,
        summary: result.summary,
        data: result.data ?? parsed,
        at,
      });
      visible = !!(await whereVisible(
        trx("cases as c").select("c.id").where("c.id", id),
        user,
        scopeFor(user),
      ).first());
    });
    if (visible) return { ...(await this.get(user, id)), visible: true };
    // A referral moves the case out of the caller's sight: answer with what was done, not 404.
    const moved = (await loadCase(this.knex, id))!;
    return { ...moved, allowedActions: [], warnings: [], visible: false };
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
    const q = whereVisible(this.knex("cases as c"), user, scopeFor(user));
    if (filter.status) q.where("c.status", filter.status);
    if (filter.typeCode) q.where("c.type_code", filter.typeCode);
    if (filter.source) q.where("c.source", filter.source);
    if (filter.from) q.where("c.registered_on", ">=", filter.from);
    if (filter.to) q.where("c.registered_on", "<=", filter.to);
    if (filter.region) {
      const region = await this.knex("regions").where({ code: filter.region }).first();
      if (!region) throw new ValidationError([{ field: "region", message: "区划代码不存在" }]);
      q.where("c.region_code", "like", `${regionPrefix(region.code, region.level as RegionLevel)}%`);
    }
    if (filter.mine) {
      q.whereIn("c.id", (s) =>
        s
          .select("ma.case_id")
          .from("case_assignments as ma")
          .join("mediators as mm", "mm.id", "ma.mediator_id")
          .whereNull("ma.ended_at")
          .andWhere("mm.user_id", user.id),
      );
    }
    if (filter.overdue) {
      q.where((w) =>
        w
          .where((m) =>
            m.whereIn("c.status", ["accepted", "in_mediation"]).andWhere("c.mediation_due_on", "<", today),
          )
          .orWhereExists((s) =>
            s
              .select(1)
              .from("obligations as ob")
              .whereRaw("ob.case_id = c.id")
              .whereNull("ob.performed_on")
              .andWhere("ob.due_on", "<", today)
              .whereIn("c.status", ["agreement", "awaiting_confirmation", "confirmed"]),
          ),
      );
    }
    const term = filter.q?.trim();
    if (term) {
      // Through the search index: see whereMatches for the shapes by database and scope.
      const scope = scopeFor(user);
      whereMatches(q, this.knex, term, !scope.all && scope.regionPrefixes.length === 0);
    }
    const limit = options.countLimit;
    const countRow = limit
      ? await this.knex
          .from(
            q
              .clone()
              .select(this.knex.raw("1 AS one"))
              .limit(limit + 1)
              .as("x"),
          )
          .count({ n: "*" })
          .first()
      : await q.clone().count({ n: "c.id" }).first();
    const counted = Number(countRow?.n ?? 0);
    const rows = (await withCaseColumns(q)
      .orderBy("c.registered_on", "desc")
      .orderBy("c.id", "desc")
      .limit(pageSize)
      .offset((page - 1) * pageSize)) as Record<string, unknown>[];
    const ids = rows.map((r) => Number(r.id));
    const [parties, dues] = ids.length
      ? await Promise.all([
          this.knex("parties").whereIn("case_id", ids).orderBy("position").select("case_id", "side", "name"),
          this.knex("obligations")
            .whereIn("case_id", ids)
            .whereNull("performed_on")
            .groupBy("case_id")
            .select("case_id")
            .min({ due: "due_on" }),
        ])
      : [[], []];
    const items = rows.map((r): CaseListItem => {
      const id = Number(r.id);
      const status = r.status as Status;
      const mine = (parties as { case_id: number; side: string; name: string }[]).filter(
        (p) => Number(p.case_id) === id,
      );
      const side = (s: string) =>
        mine
          .filter((p) => p.side === s)
          .map((p) => p.name)
          .join("、");
      const obligationDue =
        (dues as { case_id: number; due: string }[]).find((d) => Number(d.case_id) === id)?.due ?? null;
      const mediating = status === "accepted" || status === "in_mediation";
      const performing =
        status === "agreement" || status === "awaiting_confirmation" || status === "confirmed";
      const nextDue = mediating
        ? ((r.mediation_due_on as string | null) ?? null)
        : performing
          ? obligationDue
          : null;
      return {
        id,
        number: String(r.number),
        status,
        statusLabel: STATUS_LABELS[status],
        typeName: String(r.type_name),
        summary: String(r.summary).slice(0, 120),
        organisationName: String(r.organisation_name),
        regionName: String(r.region_name),
        registeredOn: String(r.registered_on),
        mediationDueOn: (r.mediation_due_on as string | null) ?? null,
        nextDue,
        overdue: nextDue !== null && nextDue < today,
        parties: `${side("applicant")} 与 ${side("respondent")}`,
        version: Number(r.version),
      };
    });
    return limit && counted > limit
      ? { items, page, pageSize, total: limit, totalCapped: true }
      : { items, page, pageSize, total: counted };
  }

  /** Counts by status for a committee's overview (what the user may see). */
  async countsByStatus(user: SessionUser, organisationId?: number): Promise<Record<string, number>> {
    const q = whereVisible(this.knex("cases as c"), user, scopeFor(user));
    if (organisationId) q.where("c.organisation_id", organisationId);
    const rows = await q.groupBy("c.status").select("c.status").count({ n: "*" });
    return Object.fromEntries(
      (rows as { status: string; n: number | string }[]).map((r) => [String(r.status), Number(r.n)]),
    );
  }
}
