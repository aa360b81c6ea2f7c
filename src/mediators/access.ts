import type { Knex } from "knex";
import { regionPrefix } from "../places/kinds.js";
import { hasRole, type SessionUser } from "../people/scope.js";
import { coveringCodes } from "./coverage.js";

/**
 * Who sees and who keeps mediator records. Everyone sees the mediators of their own area and of
 * the organisations and pools that serve it (the township above a village, the county's
 * professional committees and expert pool): those are the people matching may offer them.
 * A committee's clerk or director keeps their own committee's records; justice officers keep the
 * records and pools of their region; a mediator who logs in declares their own absences and ties.
 */
export function userArea(user: SessionUser): { prefix: string; covering: string[] } {
  return {
    prefix: regionPrefix(user.organisation.regionCode, user.organisation.regionLevel),
    covering: coveringCodes(user.organisation.regionCode),
  };
}

/** Restricts `mediators as m` joined with `organisations as o` to what the user may see. */
export function whereVisibleMediator(
  q: Knex.QueryBuilder,
  db: Knex | Knex.Transaction,
  user: SessionUser,
): Knex.QueryBuilder {
  if (hasRole(user, "admin")) return q;
  const { prefix, covering } = userArea(user);
  return q.where((w) =>
    w
      .where("o.region_code", "like", `${prefix}%`)
      .orWhereIn("o.region_code", covering)
      .orWhere("m.home_region_code", "like", `${prefix}%`)
      .orWhereIn(
        "m.id",
        db("expert_pool_members as vpm")
          .join("expert_pool_batches as vb", "vb.id", "vpm.batch_id")
          .join("expert_pools as vp", "vp.id", "vb.pool_id")
          .where((p) => p.where("vp.region_code", "like", `${prefix}%`).orWhereIn("vp.region_code", covering))
          .select("vpm.mediator_id"),
      ),
  );
}

export interface Kept {
  organisationId: number;
  organisationRegionCode: string;
}

/** May the user edit this record (or create one in this organisation)? */
export function canManage(user: SessionUser, r: Kept): boolean {
  if (hasRole(user, "admin")) return true;
  if (hasRole(user, "clerk", "director") && r.organisationId === user.organisation.id) return true;
  return hasRole(user, "officer") && r.organisationRegionCode.startsWith(userArea(user).prefix);
}

/** May the user declare absences and ties for this mediator? Keepers, and the mediator themself. */
export function canDeclare(user: SessionUser, r: Kept & { userId: number | null }): boolean {
  return canManage(user, r) || (r.userId !== null && r.userId === user.id);
}

/** A pool is kept by the justice bureau that runs it (and by admins). */
export function canManagePool(user: SessionUser, pool: { organisationId: number }): boolean {
  return hasRole(user, "admin") || (hasRole(user, "officer") && pool.organisationId === user.organisation.id);
}

/** Whether the user could keep any record at all (shows the “new” and import buttons). */
export function keepsRecords(user: SessionUser): boolean {
  return hasRole(user, "admin", "officer", "clerk", "director");
}
