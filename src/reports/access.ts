import { ForbiddenError } from "../errors.js";
import type { Role } from "../people/roles.js";
import type { SessionUser } from "../people/scope.js";

/**
 * Who reads statistics — the page, its downloads and `GET /api/v1/stats` alike (issue 14, L9):
 * justice officers and committee directors, whose work the figures measure. Others see their own
 * cases in the lists; the figures are always limited to the cases the reader may see.
 */
export const STATS_ROLES: readonly Role[] = ["officer", "director"];

export function canSeeStats(user: Pick<SessionUser, "roles"> | undefined): boolean {
  return !!user && STATS_ROLES.some((r) => user.roles.includes(r));
}

export function assertCanSeeStats(user: SessionUser): void {
  if (!canSeeStats(user)) throw new ForbiddenError("统计分析供司法行政人员和调委会主任使用");
}
