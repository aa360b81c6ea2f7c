import { regionPrefix, type OrganisationKind, type RegionLevel } from "../places/kinds.js";
import type { Role } from "./roles.js";

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  organisation: {
    id: number;
    name: string;
    kind: OrganisationKind;
    regionCode: string;
    regionLevel: RegionLevel;
  };
}

/**
 * What records a user may see. A user's scope is their organisation; justice officers see the
 * region subtree of their office or bureau; judges their court; admins everything.
 * Several roles add up.
 */
export interface Scope {
  all: boolean;
  organisationIds: number[];
  regionPrefixes: string[];
}

export function scopeFor(user: SessionUser): Scope {
  const scope: Scope = { all: false, organisationIds: [], regionPrefixes: [] };
  for (const role of user.roles) {
    if (role === "admin") scope.all = true;
    else if (role === "officer") {
      scope.regionPrefixes.push(regionPrefix(user.organisation.regionCode, user.organisation.regionLevel));
    } else if (!scope.organisationIds.includes(user.organisation.id)) {
      scope.organisationIds.push(user.organisation.id);
    }
  }
  return scope;
}

export function inScope(scope: Scope, record: { organisationId: number; regionCode: string }): boolean {
  return (
    scope.all ||
    scope.organisationIds.includes(record.organisationId) ||
    scope.regionPrefixes.some((p) => record.regionCode.startsWith(p))
  );
}

export function hasRole(user: SessionUser | undefined, ...roles: Role[]): boolean {
  return !!user && user.roles.some((r) => roles.includes(r));
}
