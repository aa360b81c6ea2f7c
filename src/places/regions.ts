import type { Knex } from "knex";
import { z } from "zod";
import { recordAudit } from "../audit/audit.js";
import { isoNow, type Clock } from "../clock.js";
import { ConflictError, NotFoundError, STALE_MESSAGE, ValidationError } from "../errors.js";
import { parseOrThrow, requiredText, versionField } from "../validation.js";
import { REGION_LEVELS, REGION_PREFIX_LENGTH, childLevel, regionPrefix, type RegionLevel } from "./kinds.js";

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  version: number;
}

function toRegion(r: Record<string, unknown>): Region {
  return {
    code: String(r.code),
    name: String(r.name),
    level: r.level as RegionLevel,
    parentCode: (r.parent_code as string | null) ?? null,
    version: Number(r.version),
  };
}

export const createSchema = z.object({
  parentCode: z.string({ error: "请选择上级区划" }).trim().min(1, "请选择上级区划"),
  code: z
    .string({ error: "请填写区划代码" })
    .trim()
    .regex(/^\d{12}(\d{3})?$/, "区划代码应为 12 位数字（村民小组为 15 位）"),
  name: requiredText("区划名称", 100),
});

export const updateSchema = z.object({ name: requiredText("区划名称", 100), version: versionField });

export class RegionService {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
  ) {}

  async children(parentCode: string | null): Promise<Region[]> {
    const q = this.knex("regions").orderBy("code");
    const rows = parentCode ? await q.where("parent_code", parentCode) : await q.whereNull("parent_code");
    return rows.map(toRegion);
  }

  /**
   * Regions in code order (a parent before its children), for pickers: `prefix` keeps one
   * subtree, `withGroups: false` leaves out villager groups (nothing is registered at a group).
   */
  async list(filter: { prefix?: string; withGroups?: boolean } = {}): Promise<Region[]> {
    const q = this.knex("regions").orderBy("code");
    if (filter.prefix) q.where("code", "like", `${filter.prefix}%`);
    if (filter.withGroups === false) q.whereNot("level", "group");
    return (await q).map(toRegion);
  }

  async count(): Promise<number> {
    return Number((await this.knex("regions").count({ n: "*" }).first())?.n ?? 0);
  }

  async find(code: string): Promise<Region | null> {
    const row = await this.knex("regions").where({ code }).first();
    return row ? toRegion(row) : null;
  }

  async get(code: string): Promise<Region> {
    const region = await this.find(code);
    if (!region) throw new NotFoundError("找不到该行政区划");
    return region;
  }

  /** Ancestors from the province down to the region itself, in one query. */
  async path(code: string, level: RegionLevel): Promise<Region[]> {
    const depth = REGION_LEVELS.indexOf(level);
    const codes = REGION_LEVELS.slice(0, depth + 1).map((l) =>
      l === "group" ? code : regionPrefix(code, l).padEnd(12, "0"),
    );
    const rows = await this.knex("regions").whereIn("code", codes);
    return rows.map(toRegion).sort((a, b) => REGION_LEVELS.indexOf(a.level) - REGION_LEVELS.indexOf(b.level));
  }

  async pathNames(code: string, level: RegionLevel): Promise<string> {
    return (await this.path(code, level)).map((r) => r.name).join(" › ");
  }

  async create(actorId: number, input: unknown): Promise<Region> {
    const data = parseOrThrow(createSchema, input);
    return this.knex.transaction(async (trx) => {
      const parent = await trx("regions").where({ code: data.parentCode }).first();
      if (!parent) throw new ValidationError([{ field: "parentCode", message: "上级区划不存在" }]);
      const level = childLevel(parent.level as RegionLevel);
      if (!level) throw new ValidationError([{ field: "parentCode", message: "村民小组下不能再设下级区划" }]);
      const expectedLength = level === "group" ? 15 : 12;
      const prefix = regionPrefix(parent.code as string, parent.level as RegionLevel);
      if (data.code.length !== expectedLength || !data.code.startsWith(prefix)) {
        throw new ValidationError([
          { field: "code", message: `区划代码应为 ${expectedLength} 位，并以上级代码 ${prefix} 开头` },
        ]);
      }
      if (level !== "group" && data.code.slice(REGION_PREFIX_LENGTH[level]).replace(/0/g, "") !== "") {
        throw new ValidationError([
          { field: "code", message: `${level === "village" ? "村" : "该级"}区划代码的后几位应为 0` },
        ]);
      }
      if (await trx("regions").where({ code: data.code }).first()) {
        throw new ValidationError([{ field: "code", message: "该区划代码已存在" }]);
      }
      const row = { code: data.code, name: data.name, level, parent_code: data.parentCode, version: 1 };
      await trx("regions").insert(row);
      await recordAudit(trx, {
        actorUserId: actorId,
        action: "region.create",
        entityType: "region",
        entityId: data.code,
        after: row,
        at: isoNow(this.clock),
      });
      return toRegion(row);
    });
  }

  async update(actorId: number, code: string, input: unknown): Promise<Region> {
    const data = parseOrThrow(updateSchema, input);
    return this.knex.transaction(async (trx) => {
      const before = await trx("regions").where({ code }).first();
      if (!before) throw new NotFoundError("找不到该行政区划");
      const n = await trx("regions")
        .where({ code, version: data.version })
        .update({ name: data.name, version: data.version + 1 });
      if (n !== 1) throw new ConflictError(STALE_MESSAGE);
      await recordAudit(trx, {
        actorUserId: actorId,
        action: "region.update",
        entityType: "region",
        entityId: code,
        before: { name: before.name },
        after: { name: data.name },
        at: isoNow(this.clock),
      });
      return toRegion({ ...before, name: data.name, version: data.version + 1 });
    });
  }
}
