import { NotFoundError } from "../errors.js";
import type { SessionUser } from "../people/scope.js";
import { regionPrefix } from "../places/kinds.js";

/**
 * Whose 研判 and 管控 a user sees: a centre's dispatcher its area (the county centre the county),
 * a justice officer their region, an admin everything; a committee's director (管控 only) the
 * watched disputes of their committee. Anyone else: 404, as for any record out of sight.
 */
export interface AreaScope {
  /** Region-code prefix of the area ('' = everywhere). */
  prefix: string;
  /** The centre whose watch list this is (a dispatcher's own); null otherwise. */
  centreId: number | null;
  /** A director sees the watched cases of this committee only. */
  committeeId: number | null;
}

const NOT_HERE = "找不到该页面，或您无权查看";

export function analysisScope(user: SessionUser): AreaScope {
  const org = user.organisation;
  if (user.roles.includes("admin")) return { prefix: "", centreId: null, committeeId: null };
  if (user.roles.includes("dispatcher") && org.kind === "governance_center") {
    return { prefix: regionPrefix(org.regionCode, org.regionLevel), centreId: org.id, committeeId: null };
  }
  if (user.roles.includes("officer")) {
    return { prefix: regionPrefix(org.regionCode, org.regionLevel), centreId: null, committeeId: null };
  }
  throw new NotFoundError(NOT_HERE);
}

export function watchScope(user: SessionUser): AreaScope {
  if (
    user.roles.includes("director") &&
    !user.roles.includes("admin") &&
    !user.roles.includes("dispatcher")
  ) {
    return { prefix: "", centreId: null, committeeId: user.organisation.id };
  }
  return analysisScope(user);
}

/** A narrower region asked for must lie inside the area (else 404). */
export function narrowTo(scope: AreaScope, region: string | null | undefined): string {
  if (!region) return scope.prefix;
  const p = region.replace(/0+$/, "");
  const want = p.length <= 6 ? region.slice(0, 6) : p.length <= 9 ? region.slice(0, 9) : region.slice(0, 12);
  if (!want.startsWith(scope.prefix)) throw new NotFoundError(NOT_HERE);
  return want;
}
