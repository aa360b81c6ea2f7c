import type { Knex } from "knex";
import { z } from "zod";
import { recordAudit } from "../audit/audit.js";
import { beijingDate } from "../shared/dates.js";
import { isoNow, type Clock } from "../clock.js";
import { ConflictError, ForbiddenError, NotFoundError, STALE_MESSAGE, ValidationError } from "../errors.js";
import type { SessionUser } from "../people/scope.js";
import { parseOrThrow, requiredText, versionField } from "../validation.js";
import { canManagePool } from "./access.js";
import type { Row } from "./db-helpers.js";
import * as repo from "./pools-repository.js";
import { POOL_LEVEL_LABELS, type PoolLevel } from "./labels.js";
import { MEDIATOR_KIND_LABELS, memberOf, type MediatorKind } from "./roster.js";
import { appointSchema, batchSchema, poolSchema } from "./schemas.js";

export interface PoolMember {
  id: number;
  name: string;
  kindLabel: string;
  title: string | null;
  specialtyNames: string[];
}

export interface BatchView {
  id: number;
  seq: number;
  name: string;
  appointedOn: string;
  termStart: string;
  termEnd: string;
  /** in term today, not yet, or over */
  state: "current" | "future" | "expired";
  members: PoolMember[];
}

export interface PoolView {
  id: number;
  name: string;
  level: PoolLevel;
  levelLabel: string;
  regionCode: string;
  regionName: string;
  organisationId: number;
  organisationName: string;
  version: number;
  batches: BatchView[];
  memberCount: number;
  canManage: boolean;
}

const REGION_POOL_LEVEL: Record<string, PoolLevel | undefined> = {
  county: "county",
  city: "city",
  province: "province",
};

const CN = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
/** 第一批 … 第九十九批 */
export function batchName(seq: number): string {
  if (seq <= 10) return `第${CN[seq]}批`;
  const tens = Math.floor(seq / 10);
  return `第${tens > 1 ? CN[tens] : ""}十${CN[seq % 10]}批`;
}

export const renameSchema = z.object({ name: requiredText("专家库名称", 200), version: versionField });

/**
 * 人民调解专家库: each justice bureau keeps its pool, appoints experts in batches (第一批、第二批)
 * with a term, and can see which terms are running. Matching treats an expert whose every batch is
 * out of term as excluded.
 */
export class ExpertPools {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
  ) {}

  private async views(user: SessionUser, rows: Row[], withMembers: boolean): Promise<PoolView[]> {
    if (rows.length === 0) return [];
    const today = beijingDate(this.clock.now());
    const ids = rows.map((r) => Number(r.id));
    const { batches, members, specialties } = await repo.poolFacts(this.knex, ids, withMembers);
    return rows.map((p) => {
      const own = batches.filter((b) => Number(b.pool_id) === Number(p.id));
      const views = own.map((b): BatchView => {
        const start = String(b.term_start);
        const end = String(b.term_end);
        return {
          id: Number(b.id),
          seq: Number(b.seq),
          name: String(b.name),
          appointedOn: String(b.appointed_on),
          termStart: start,
          termEnd: end,
          state: today < start ? "future" : today > end ? "expired" : "current",
          members: members
            .filter((m) => Number(m.batch_id) === Number(b.id))
            .map((m) => ({
              ...memberOf(m),
              specialtyNames: specialties
                .filter((s) => Number(s.mediator_id) === Number(m.id))
                .map((s) => String(s.name)),
            })),
        };
      });
      return {
        id: Number(p.id),
        name: String(p.name),
        level: p.level as PoolLevel,
        levelLabel: POOL_LEVEL_LABELS[p.level as PoolLevel],
        regionCode: String(p.region_code),
        regionName: String(p.region_name),
        organisationId: Number(p.organisation_id),
        organisationName: String(p.org_name),
        version: Number(p.version),
        batches: views,
        memberCount: new Set(views.flatMap((b) => b.members.map((m) => m.id))).size,
        canManage: canManagePool(user, { organisationId: Number(p.organisation_id) }),
      };
    });
  }

  async list(user: SessionUser): Promise<PoolView[]> {
    return this.views(user, (await repo.poolRows(this.knex, user)) as Row[], false);
  }

  async get(user: SessionUser, id: number): Promise<PoolView> {
    const row = Number.isInteger(id)
      ? ((await repo.poolRows(this.knex, user).where("p.id", id).first()) as Row | undefined)
      : undefined;
    if (!row) throw new NotFoundError("找不到该专家库，或您无权查看");
    return (await this.views(user, [row], true))[0]!;
  }

  private async managed(user: SessionUser, id: number): Promise<PoolView> {
    const pool = await this.get(user, id);
    if (!pool.canManage) throw new ForbiddenError("专家库由建立它的司法局管理");
    return pool;
  }

  /** Justice bureaus (county and above) the user may open a pool for. */
  async bureaus(user: SessionUser): Promise<{ value: number; label: string }[]> {
    return (await repo.bureauRows(this.knex, user)).map((o) => ({
      value: Number(o.id),
      label: String(o.name),
    }));
  }

  async create(user: SessionUser, input: unknown): Promise<number> {
    const data = parseOrThrow(poolSchema, input);
    if (!canManagePool(user, { organisationId: data.organisationId })) {
      throw new ForbiddenError("只有司法局的司法行政人员可以建立本局的专家库");
    }
    return this.knex.transaction(async (trx) => {
      const org = await repo.findOrganisationWithLevel(trx, data.organisationId);
      const level =
        org && org.kind === "justice_bureau" ? REGION_POOL_LEVEL[String(org.region_level)] : undefined;
      if (!org || !level) {
        throw new ValidationError([{ field: "organisationId", message: "专家库由县级以上司法局建立和管理" }]);
      }
      if (await repo.poolNameTaken(trx, data.name)) {
        throw new ValidationError([{ field: "name", message: "已有同名的专家库" }]);
      }
      const now = isoNow(this.clock);
      const id = await repo.insertPool(trx, {
        name: data.name,
        level,
        region_code: org.region_code,
        organisation_id: data.organisationId,
        version: 1,
        created_at: now,
        updated_at: now,
      });
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "pool.create",
        entityType: "expert_pool",
        entityId: id,
        after: { name: data.name, level, organisationId: data.organisationId },
        at: now,
      });
      return id;
    });
  }

  async rename(user: SessionUser, id: number, input: unknown): Promise<void> {
    const pool = await this.managed(user, id);
    const data = parseOrThrow(renameSchema, input);
    await this.knex.transaction(async (trx) => {
      if (await repo.poolNameTaken(trx, data.name, id)) {
        throw new ValidationError([{ field: "name", message: "已有同名的专家库" }]);
      }
      const now = isoNow(this.clock);
      if (!(await repo.renamePool(trx, id, data.version, data.name, now)))
        throw new ConflictError(STALE_MESSAGE);
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "pool.update",
        entityType: "expert_pool",
        entityId: id,
        before: { name: pool.name },
        after: { name: data.name },
        at: now,
      });
    });
  }

  /** A new batch (第N批) with its term; experts are appointed to it next. */
  async addBatch(user: SessionUser, poolId: number, input: unknown): Promise<number> {
    await this.managed(user, poolId);
    const data = parseOrThrow(batchSchema, input);
    return this.knex.transaction(async (trx) => {
      const seq = await repo.nextBatchSeq(trx, poolId);
      const now = isoNow(this.clock);
      const name = data.name ?? batchName(seq);
      const id = await repo.insertBatch(trx, {
        pool_id: poolId,
        seq,
        name,
        appointed_on: data.appointedOn,
        term_start: data.termStart,
        term_end: data.termEnd,
        created_at: now,
      });
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "pool.batch",
        entityType: "expert_pool",
        entityId: poolId,
        after: { batchId: id, name, termStart: data.termStart, termEnd: data.termEnd },
        at: now,
      });
      return id;
    });
  }

  /** Mediators the user could appoint to a batch: those they can see, active, not already in it. */
  async appointable(user: SessionUser, batchId: number): Promise<{ value: number; label: string }[]> {
    const rows = await repo.appointableRows(this.knex, user, batchId);
    return rows.map((m) => ({
      value: Number(m.id),
      label: `${String(m.name)}（${MEDIATOR_KIND_LABELS[m.kind as MediatorKind] ?? String(m.kind)}${m.title ? `，${String(m.title)}` : ""}，${String(m.org_name)}）`,
    }));
  }

  async appoint(user: SessionUser, poolId: number, batchId: number, input: unknown): Promise<number> {
    const pool = await this.managed(user, poolId);
    const batch = pool.batches.find((b) => b.id === batchId);
    if (!batch) throw new NotFoundError("找不到该批次");
    const data = parseOrThrow(appointSchema, input);
    const allowed = new Set((await this.appointable(user, batchId)).map((o) => o.value));
    const wanted = [...new Set(data.mediatorIds)];
    const bad = wanted.filter((id) => !allowed.has(id));
    if (bad.length) {
      throw new ValidationError([
        { field: "mediatorIds", message: "所选人员不存在、已停用、已在本批次中，或不在您的管理范围内" },
      ]);
    }
    await this.knex.transaction(async (trx) => {
      const now = isoNow(this.clock);
      await repo.insertMembers(trx, batchId, wanted, now);
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "pool.appoint",
        entityType: "expert_pool",
        entityId: poolId,
        after: { batchId, batch: batch.name, mediatorIds: wanted },
        at: now,
      });
    });
    return wanted.length;
  }

  async dismiss(user: SessionUser, poolId: number, batchId: number, mediatorId: number): Promise<void> {
    const pool = await this.managed(user, poolId);
    if (!pool.batches.some((b) => b.id === batchId)) throw new NotFoundError("找不到该批次");
    await this.knex.transaction(async (trx) => {
      if (!(await repo.deleteMember(trx, batchId, mediatorId))) throw new NotFoundError("该专家不在本批次中");
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "pool.dismiss",
        entityType: "expert_pool",
        entityId: poolId,
        before: { batchId, mediatorId },
        at: isoNow(this.clock),
      });
    });
  }
}
