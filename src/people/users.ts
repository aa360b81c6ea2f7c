import type { Knex } from "knex";
import { z } from "zod";
import { recordAudit } from "../audit/audit.js";
import { isoNow, type Clock } from "../clock.js";
import { ConflictError, NotFoundError, STALE_MESSAGE, ValidationError } from "../errors.js";
import { ORGANISATION_KIND_LABELS, ROLE_ORGANISATION_KINDS, type OrganisationKind } from "../places/kinds.js";
import { asArray, optionalText, parseOrThrow, requiredText, versionField } from "../validation.js";
import { newPassword, passwordProblem } from "./password-policy.js";
import { hashPassword } from "./passwords.js";
import { sessionUserCache } from "./session-user-cache.js";
import { deleteWebSessions } from "./sessions.js";
import { ROLE_LABELS, ROLES, type Role } from "./roles.js";

export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  organisationId: number;
  organisationName: string;
  roles: Role[];
  phone: string | null;
  /** A grid worker's grid: the village or villager group they cover (src/grid/). */
  gridRegionCode: string | null;
  active: boolean;
  version: number;
}

const password = newPassword;

const common = {
  displayName: requiredText("姓名", 100),
  organisationId: z.coerce
    .number({ error: "请选择所属机构" })
    .int("请选择所属机构")
    .positive("请选择所属机构"),
  roles: z.preprocess(asArray, z.array(z.enum(ROLES, { error: "角色无效" })).min(1, "请至少选择一个角色")),
  phone: optionalText("联系电话", 40),
  gridRegionCode: z.preprocess(
    (v) => ((typeof v === "string" && v.trim() === "") || v === null ? undefined : v),
    z
      .string({ error: "所负责的网格应为区划代码" })
      .trim()
      .regex(/^\d{12}(\d{3})?$/, "所负责的网格应为村或村民小组的区划代码（12 或 15 位数字）")
      .optional(),
  ),
  active: z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean()),
};

export const createSchema = z.object({
  username: z
    .string({ error: "请填写用户名" })
    .trim()
    .regex(/^[a-zA-Z0-9_.-]{2,64}$/, "用户名应为 2–64 位字母、数字、下划线、点或连字符"),
  password,
  ...common,
});
export const updateSchema = z.object({ ...common, version: versionField });
export const passwordSchema = z.object({ password, version: versionField });

export class UserService {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
  ) {}

  async list(filter: { organisationId?: number } = {}): Promise<UserRecord[]> {
    const q = this.knex("users as u")
      .join("organisations as o", "o.id", "u.organisation_id")
      .select("u.*", "o.name as organisation_name")
      .orderBy("o.id")
      .orderBy("u.id");
    if (filter.organisationId) q.where("u.organisation_id", filter.organisationId);
    const rows = await q;
    const roles = await this.rolesFor(rows.map((r) => Number(r.id)));
    return rows.map((r) => toUser(r, roles.get(Number(r.id)) ?? []));
  }

  async count(): Promise<number> {
    return Number((await this.knex("users").count({ n: "*" }).first())?.n ?? 0);
  }

  async get(id: number, db: Knex = this.knex): Promise<UserRecord> {
    const row = Number.isInteger(id)
      ? await db("users as u")
          .join("organisations as o", "o.id", "u.organisation_id")
          .select("u.*", "o.name as organisation_name")
          .where("u.id", id)
          .first()
      : undefined;
    if (!row) throw new NotFoundError("找不到该用户");
    const roles = await this.rolesFor([id], db);
    return toUser(row, roles.get(id) ?? []);
  }

  private async rolesFor(ids: number[], db: Knex = this.knex): Promise<Map<number, Role[]>> {
    const map = new Map<number, Role[]>();
    if (ids.length === 0) return map;
    const rows = await db("user_roles").whereIn("user_id", ids).orderBy("role");
    for (const r of rows) {
      const list = map.get(Number(r.user_id)) ?? [];
      list.push(r.role as Role);
      map.set(Number(r.user_id), list);
    }
    return map;
  }

  /** Each role belongs in certain kinds of organisation: a judge in a court, a clerk in a committee. */
  private async checkOrganisation(
    trx: Knex.Transaction,
    organisationId: number,
    roles: Role[],
    grid?: string,
  ) {
    const org = await trx("organisations").where({ id: organisationId }).first();
    if (!org) throw new ValidationError([{ field: "organisationId", message: "所属机构不存在" }]);
    const kind = org.kind as OrganisationKind;
    const misfit = roles.filter((r) => !ROLE_ORGANISATION_KINDS[r].includes(kind));
    if (misfit.length === 0) await checkGrid(trx, roles, grid);
    if (misfit.length > 0) {
      throw new ValidationError([
        {
          field: "roles",
          message: `${ORGANISATION_KIND_LABELS[kind]}的用户不能担任：${misfit.map((r) => ROLE_LABELS[r]).join("、")}`,
        },
      ]);
    }
  }

  async create(actorId: number, input: unknown): Promise<UserRecord> {
    const data = parseOrThrow(createSchema, input);
    const weak = passwordProblem(data.password, data.username);
    if (weak) throw new ValidationError([{ field: "password", message: weak }]);
    const passwordHash = await hashPassword(data.password);
    const id = await this.knex.transaction(async (trx) => {
      if (await trx("users").whereRaw("lower(username) = ?", [data.username.toLowerCase()]).first()) {
        throw new ValidationError([{ field: "username", message: "该用户名已被使用" }]);
      }
      await this.checkOrganisation(trx, data.organisationId, data.roles, data.gridRegionCode);
      const now = isoNow(this.clock);
      const row = {
        username: data.username,
        display_name: data.displayName,
        password_hash: passwordHash,
        organisation_id: data.organisationId,
        phone: data.phone,
        grid_region_code: data.gridRegionCode ?? null,
        active: data.active,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      const [inserted] = await trx("users").insert(row).returning("id");
      const newId = Number(typeof inserted === "object" ? inserted.id : inserted);
      await trx("user_roles").insert(data.roles.map((role) => ({ user_id: newId, role })));
      await syncMediatorRecord(trx, newId, data, now);
      const { password_hash: _omit, ...safe } = row;
      void _omit;
      await recordAudit(trx, {
        actorUserId: actorId,
        action: "user.create",
        entityType: "user",
        entityId: newId,
        after: { ...safe, roles: data.roles },
        at: now,
      });
      return newId;
    });
    return this.get(id);
  }

  async update(actorId: number, id: number, input: unknown): Promise<UserRecord> {
    const data = parseOrThrow(updateSchema, input);
    if (actorId === id && (!data.active || !data.roles.includes("admin"))) {
      const me = await this.get(id);
      if (me.roles.includes("admin")) {
        throw new ValidationError([{ field: "roles", message: "不能停用自己的账号或取消自己的管理员角色" }]);
      }
    }
    await this.knex.transaction(async (trx) => {
      const before = await this.get(id, trx);
      await this.checkOrganisation(trx, data.organisationId, data.roles, data.gridRegionCode);
      const now = isoNow(this.clock);
      const n = await trx("users")
        .where({ id, version: data.version })
        .update({
          display_name: data.displayName,
          organisation_id: data.organisationId,
          phone: data.phone,
          grid_region_code: data.gridRegionCode ?? null,
          active: data.active,
          version: data.version + 1,
          updated_at: now,
        });
      if (n !== 1) throw new ConflictError(STALE_MESSAGE);
      await trx("user_roles").where({ user_id: id }).delete();
      await trx("user_roles").insert(data.roles.map((role) => ({ user_id: id, role })));
      await syncMediatorRecord(trx, id, data, now);
      if (!data.active) await trx("api_tokens").where({ user_id: id }).delete();
      await recordAudit(trx, {
        actorUserId: actorId,
        action: "user.update",
        entityType: "user",
        entityId: id,
        before: {
          displayName: before.displayName,
          organisationId: before.organisationId,
          roles: before.roles,
          phone: before.phone,
          gridRegionCode: before.gridRegionCode,
          active: before.active,
        },
        after: {
          displayName: data.displayName,
          organisationId: data.organisationId,
          roles: data.roles,
          phone: data.phone,
          gridRegionCode: data.gridRegionCode ?? null,
          active: data.active,
        },
        at: now,
      });
    });
    // Roles, active flag and particulars take effect on the next request here (other processes: session-user-cache.ts).
    sessionUserCache(this.knex).forget(id);
    return this.get(id);
  }

  async setPassword(actorId: number, id: number, input: unknown): Promise<void> {
    const data = parseOrThrow(passwordSchema, input);
    const passwordHash = await hashPassword(data.password);
    await this.knex.transaction(async (trx) => {
      const now = isoNow(this.clock);
      const n = await trx("users")
        .where({ id, version: data.version })
        .update({ password_hash: passwordHash, version: data.version + 1, updated_at: now });
      if (n !== 1) {
        if (!(await trx("users").where({ id }).first())) throw new NotFoundError("找不到该用户");
        throw new ConflictError(STALE_MESSAGE);
      }
      // A new password ends every API token and web session the old one opened (issue 14 M2).
      await trx("api_tokens").where({ user_id: id }).delete();
      await deleteWebSessions(trx, id);
      await recordAudit(trx, {
        actorUserId: actorId,
        action: "user.password",
        entityType: "user",
        entityId: id,
        at: now,
      });
    });
    sessionUserCache(this.knex).forget(id);
  }
}

function toUser(r: Record<string, unknown>, roles: Role[]): UserRecord {
  return {
    id: Number(r.id),
    username: String(r.username),
    displayName: String(r.display_name),
    organisationId: Number(r.organisation_id),
    organisationName: String(r.organisation_name),
    roles,
    phone: (r.phone as string | null) ?? null,
    gridRegionCode: (r.grid_region_code as string | null) ?? null,
    active: Boolean(r.active),
    version: Number(r.version),
  };
}

/** A grid worker covers one grid: a village or villager group that exists. */
async function checkGrid(trx: Knex.Transaction, roles: Role[], grid: string | undefined): Promise<void> {
  if (!grid) {
    if (roles.includes("grid_worker")) {
      throw new ValidationError([
        { field: "gridRegionCode", message: "网格员须填写所负责的网格（村或村民小组的区划代码）" },
      ]);
    }
    return;
  }
  const region = await trx("regions").where({ code: grid }).first("level");
  if (!region || !["village", "group"].includes(String(region.level))) {
    throw new ValidationError([
      { field: "gridRegionCode", message: "所负责的网格不存在，或不是村、村民小组" },
    ]);
  }
}

/**
 * A user who mediates (mediator or director) has a mediator record that cases are assigned to;
 * it follows the user's name, organisation and active flag, and is deactivated (never deleted,
 * assignments keep pointing at it) when the role goes.
 */
async function syncMediatorRecord(
  trx: Knex.Transaction,
  userId: number,
  data: { displayName: string; organisationId: number; roles: Role[]; phone: string | null; active: boolean },
  now: string,
): Promise<void> {
  const mediates = data.roles.includes("mediator") || data.roles.includes("director");
  const existing = await trx("mediators").where({ user_id: userId }).first();
  const fields = {
    name: data.displayName,
    organisation_id: data.organisationId,
    phone: data.phone,
    active: mediates && data.active,
    updated_at: now,
  };
  if (existing) {
    await trx("mediators")
      .where({ id: existing.id })
      .update({ ...fields, version: Number(existing.version) + 1 });
  } else if (mediates) {
    await trx("mediators").insert({ ...fields, kind: "staff", user_id: userId, version: 1, created_at: now });
  }
}
