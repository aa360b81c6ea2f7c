import type { Knex } from "knex";
import { recordAudit } from "../audit/audit.js";
import { isoNow, type Clock } from "../clock.js";
import { ConflictError, ForbiddenError, NotFoundError, STALE_MESSAGE, ValidationError } from "../errors.js";
import { COMMITTEE_KINDS } from "../places/kinds.js";
import type { SessionUser } from "../people/scope.js";
import { parseOrThrow } from "../validation.js";
import { canManage } from "./access.js";
import type { Db, Row } from "./db-helpers.js";
import { TEAM_KIND_LABELS, type TeamKind } from "./labels.js";
import { MEDIATOR_KIND_LABELS, memberOf, type MediatorKind } from "./roster.js";
import { teamSchema, teamUpdateSchema } from "./schemas.js";
import * as repo from "./teams-repository.js";

export interface TeamView {
  id: number;
  name: string;
  kind: TeamKind;
  kindLabel: string;
  organisationId: number;
  organisationName: string;
  organisationRegionCode: string;
  leadMediatorId: number;
  leadName: string;
  members: { id: number; name: string; kindLabel: string; title: string | null; lead: boolean }[];
  active: boolean;
  version: number;
  canManage: boolean;
}

/**
 * Teams that take a case as a whole under a named lead: a village's 五老 team, a sages' council
 * (乡贤理事会), a personal mediation studio. Kept by their committee's clerk or director, or by
 * the justice officers of the region.
 */
export class MediatorTeams {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
  ) {}

  private async views(user: SessionUser, rows: Row[]): Promise<TeamView[]> {
    if (rows.length === 0) return [];
    const members = await repo.teamMembers(
      this.knex,
      rows.map((r) => Number(r.id)),
    );
    return rows.map((t) => {
      const lead = Number(t.lead_mediator_id);
      const own = members
        .filter((m) => Number(m.team_id) === Number(t.id))
        .map((m) => ({
          ...memberOf(m),
          lead: Number(m.id) === lead,
        }))
        .sort((a, b) => Number(b.lead) - Number(a.lead));
      return {
        id: Number(t.id),
        name: String(t.name),
        kind: t.kind as TeamKind,
        kindLabel: TEAM_KIND_LABELS[t.kind as TeamKind] ?? String(t.kind),
        organisationId: Number(t.organisation_id),
        organisationName: String(t.org_name),
        organisationRegionCode: String(t.org_region),
        leadMediatorId: lead,
        leadName: String(t.lead_name),
        members: own,
        active: Boolean(t.active),
        version: Number(t.version),
        canManage: canManage(user, {
          organisationId: Number(t.organisation_id),
          organisationRegionCode: String(t.org_region),
        }),
      };
    });
  }

  async list(user: SessionUser): Promise<TeamView[]> {
    return this.views(user, (await repo.teamRows(this.knex, user)) as Row[]);
  }

  async get(user: SessionUser, id: number): Promise<TeamView> {
    const row = Number.isInteger(id)
      ? ((await repo.teamRows(this.knex, user).where("t.id", id).first()) as Row | undefined)
      : undefined;
    if (!row) throw new NotFoundError("找不到该调解团队，或您无权查看");
    return (await this.views(user, [row]))[0]!;
  }

  /** Committees the user may form a team in. */
  async organisations(user: SessionUser): Promise<{ value: number; label: string }[]> {
    return (await repo.activeCommittees(this.knex))
      .filter((o) =>
        canManage(user, { organisationId: Number(o.id), organisationRegionCode: String(o.region_code) }),
      )
      .map((o) => ({ value: Number(o.id), label: String(o.name) }));
  }

  /** Mediators the user may put in a team: active ones they can see. */
  async memberOptions(user: SessionUser, db: Db = this.knex): Promise<{ value: number; label: string }[]> {
    const rows = await repo.memberRows(db, user);
    return rows.map((m) => ({
      value: Number(m.id),
      label: `${String(m.name)}（${MEDIATOR_KIND_LABELS[m.kind as MediatorKind] ?? String(m.kind)}，${String(m.org_name)}）`,
    }));
  }

  private async check(
    trx: Knex.Transaction,
    user: SessionUser,
    data: { organisationId: number; memberIds: number[]; name: string },
    exceptId?: number,
  ) {
    const org = await repo.findActiveOrganisation(trx, data.organisationId);
    const errors: { field: string; message: string }[] = [];
    if (!org || !COMMITTEE_KINDS.includes(org.kind as never)) {
      errors.push({ field: "organisationId", message: "团队须属于一个在用的人民调解委员会或调解工作室" });
    } else if (
      !canManage(user, { organisationId: Number(org.id), organisationRegionCode: String(org.region_code) })
    ) {
      errors.push({ field: "organisationId", message: `您不能管理${String(org.name)}的调解团队` });
    }
    const allowed = new Set((await this.memberOptions(user, trx)).map((o) => o.value));
    if (data.memberIds.some((id) => !allowed.has(id))) {
      errors.push({ field: "memberIds", message: "团队成员须是您可查看的在任调解员" });
    }
    if (await repo.teamNameTaken(trx, data.name, exceptId)) {
      errors.push({ field: "name", message: "已有同名的调解团队" });
    }
    if (errors.length) throw new ValidationError(errors);
  }

  async create(user: SessionUser, input: unknown): Promise<number> {
    const data = parseOrThrow(teamSchema, input);
    return this.knex.transaction(async (trx) => {
      await this.check(trx, user, data);
      const now = isoNow(this.clock);
      const id = await repo.insertTeam(
        trx,
        {
          name: data.name,
          kind: data.kind,
          organisation_id: data.organisationId,
          lead_mediator_id: data.leadMediatorId,
          active: data.active,
          version: 1,
          created_at: now,
          updated_at: now,
        },
        data.memberIds,
      );
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "team.create",
        entityType: "mediator_team",
        entityId: id,
        after: data,
        at: now,
      });
      return id;
    });
  }

  async update(user: SessionUser, id: number, input: unknown): Promise<void> {
    const before = await this.get(user, id);
    if (!before.canManage) throw new ForbiddenError("您不能修改该调解团队");
    const data = parseOrThrow(teamUpdateSchema, input);
    await this.knex.transaction(async (trx) => {
      await this.check(trx, user, data, id);
      const now = isoNow(this.clock);
      const patch = {
        name: data.name,
        kind: data.kind,
        organisation_id: data.organisationId,
        lead_mediator_id: data.leadMediatorId,
        active: data.active,
        updated_at: now,
      };
      if (!(await repo.updateTeam(trx, id, data.version, patch, data.memberIds)))
        throw new ConflictError(STALE_MESSAGE);
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "team.update",
        entityType: "mediator_team",
        entityId: id,
        before: {
          name: before.name,
          kind: before.kind,
          leadMediatorId: before.leadMediatorId,
          memberIds: before.members.map((m) => m.id),
          active: before.active,
        },
        after: { ...data, version: undefined },
        at: now,
      });
    });
  }
}
