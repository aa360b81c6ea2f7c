import type { Knex } from "knex";
import { z } from "zod";
import { recordAudit } from "../audit/audit.js";
import { isoNow, type Clock } from "../clock.js";
import { ConflictError, NotFoundError, STALE_MESSAGE, ValidationError } from "../errors.js";
import type { Scope } from "../people/scope.js";
import { optionalText, parseOrThrow, requiredText, versionField } from "../validation.js";
import { ORGANISATION_KINDS, regionPrefix, type OrganisationKind, type RegionLevel } from "./kinds.js";

export interface Organisation {
  id: number;
  name: string;
  kind: OrganisationKind;
  regionCode: string;
  regionName: string;
  regionLevel: RegionLevel;
  numberPrefix: string;
  sealName: string | null;
  phone: string | null;
  address: string | null;
  active: boolean;
  version: number;
}

const fields = {
  name: requiredText("机构名称", 200),
  kind: z.enum(ORGANISATION_KINDS, { error: "请选择机构类型" }),
  regionCode: z.string({ error: "请选择所在区划" }).trim().min(1, "请选择所在区划"),
  numberPrefix: requiredText("案号简称", 32),
  sealName: optionalText("印章名称", 200),
  phone: optionalText("联系电话", 40),
  address: optionalText("地址", 300),
  active: z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean()),
};
export const createSchema = z.object(fields);
export const updateSchema = z.object({ ...fields, version: versionField });

/** `GET /api/v1/organisations?kind=&region=`: the list's filters. */
export const organisationQuery = z.object({
  kind: z.enum(ORGANISATION_KINDS, { error: "kind 无效" }).optional(),
  region: z
    .string()
    .regex(/^\d{12}(\d{3})?$/, "region 应为 12 位区划代码")
    .optional(),
});
type OrganisationInput = z.output<typeof createSchema>;

const SELECT = ["o.*", "r.name as region_name", "r.level as region_level"] as const;

function toOrganisation(r: Record<string, unknown>): Organisation {
  return {
    id: Number(r.id),
    name: String(r.name),
    kind: r.kind as OrganisationKind,
    regionCode: String(r.region_code),
    regionName: String(r.region_name),
    regionLevel: r.region_level as RegionLevel,
    numberPrefix: String(r.number_prefix),
    sealName: (r.seal_name as string | null) ?? null,
    phone: (r.phone as string | null) ?? null,
    address: (r.address as string | null) ?? null,
    active: Boolean(r.active),
    version: Number(r.version),
  };
}

export interface OrganisationFilter {
  kind?: OrganisationKind;
  /** Organisations whose region lies in this region's subtree. */
  regionPrefix?: string;
  scope?: Scope;
}

export class OrganisationService {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
  ) {}

  private base() {
    return this.knex("organisations as o")
      .join("regions as r", "r.code", "o.region_code")
      .select(...SELECT);
  }

  async list(filter: OrganisationFilter = {}): Promise<Organisation[]> {
    const q = this.base().orderBy("o.region_code").orderBy("o.id");
    if (filter.kind) q.where("o.kind", filter.kind);
    if (filter.regionPrefix) q.where("o.region_code", "like", `${filter.regionPrefix}%`);
    const scope = filter.scope;
    if (scope && !scope.all) {
      q.where((w) => {
        w.whereIn("o.id", scope.organisationIds.length ? scope.organisationIds : [-1]);
        for (const p of scope.regionPrefixes) w.orWhere("o.region_code", "like", `${p}%`);
      });
    }
    return (await q).map(toOrganisation);
  }

  async count(): Promise<number> {
    return Number((await this.knex("organisations").count({ n: "*" }).first())?.n ?? 0);
  }

  async find(id: number): Promise<Organisation | null> {
    const row = await this.base().where("o.id", id).first();
    return row ? toOrganisation(row) : null;
  }

  async get(id: number): Promise<Organisation> {
    const org = Number.isInteger(id) ? await this.find(id) : null;
    if (!org) throw new NotFoundError("找不到该机构，或您无权查看");
    return org;
  }

  private async checkRegion(trx: Knex.Transaction, data: OrganisationInput): Promise<void> {
    const region = await trx("regions").where({ code: data.regionCode }).first();
    if (!region) throw new ValidationError([{ field: "regionCode", message: "所在区划不存在" }]);
    if (region.level === "group") {
      throw new ValidationError([{ field: "regionCode", message: "机构所在区划不能是村民小组" }]);
    }
  }

  private async checkUniqueName(trx: Knex.Transaction, name: string, exceptId?: number): Promise<void> {
    const q = trx("organisations").where({ name });
    if (exceptId) q.whereNot({ id: exceptId });
    if (await q.first()) throw new ValidationError([{ field: "name", message: "已有同名机构" }]);
  }

  private toRow(data: OrganisationInput) {
    return {
      name: data.name,
      kind: data.kind,
      region_code: data.regionCode,
      number_prefix: data.numberPrefix,
      seal_name: data.sealName,
      phone: data.phone,
      address: data.address,
      active: data.active,
    };
  }

  async create(actorId: number, input: unknown): Promise<Organisation> {
    const data = parseOrThrow(createSchema, input);
    const id = await this.knex.transaction(async (trx) => {
      await this.checkRegion(trx, data);
      await this.checkUniqueName(trx, data.name);
      const now = isoNow(this.clock);
      const row = { ...this.toRow(data), version: 1, created_at: now, updated_at: now };
      const [inserted] = await trx("organisations").insert(row).returning("id");
      const newId = Number(typeof inserted === "object" ? inserted.id : inserted);
      await recordAudit(trx, {
        actorUserId: actorId,
        action: "organisation.create",
        entityType: "organisation",
        entityId: newId,
        after: row,
        at: now,
      });
      return newId;
    });
    return this.get(id);
  }

  async update(actorId: number, id: number, input: unknown): Promise<Organisation> {
    const data = parseOrThrow(updateSchema, input);
    await this.knex.transaction(async (trx) => {
      const before = await trx("organisations").where({ id }).first();
      if (!before) throw new NotFoundError("找不到该机构");
      await this.checkRegion(trx, data);
      await this.checkUniqueName(trx, data.name, id);
      if (before.kind !== data.kind) {
        const members = await trx("users").where({ organisation_id: id }).count({ n: "*" }).first();
        if (Number(members?.n ?? 0) > 0) {
          throw new ValidationError([{ field: "kind", message: "该机构已有用户，不能更改机构类型" }]);
        }
      }
      const now = isoNow(this.clock);
      const row = this.toRow(data);
      const n = await trx("organisations")
        .where({ id, version: data.version })
        .update({ ...row, version: data.version + 1, updated_at: now });
      if (n !== 1) throw new ConflictError(STALE_MESSAGE);
      await recordAudit(trx, {
        actorUserId: actorId,
        action: "organisation.update",
        entityType: "organisation",
        entityId: id,
        before,
        after: row,
        at: now,
      });
    });
    return this.get(id);
  }

  /** Region prefix of an organisation's own region (for officers' subtrees and courts' areas). */
  static areaPrefix(org: Pick<Organisation, "regionCode" | "regionLevel">): string {
    return regionPrefix(org.regionCode, org.regionLevel);
  }
}
