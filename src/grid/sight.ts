import { hasRole, type SessionUser } from "../people/scope.js";
import { COMMITTEE_KINDS, regionPrefix } from "../places/kinds.js";
import type { Sight } from "./repository.js";
import { isPartyActor, type GridActor } from "./types.js";

/**
 * Who sees which reports (src/grid/README.md): a dispatcher their centre's area (a county centre
 * the county), a grid worker their own, a department or a committee what was sent to it, a justice
 * officer their region, the admin all, a party the reports they raised. Several roles add up.
 */
export function sightOf(actor: GridActor): Sight {
  if (isPartyActor(actor)) return { partyPhone: actor.phone };
  const user = actor;
  const sight: Sight = { regionPrefixes: [] };
  const area = regionPrefix(user.organisation.regionCode, user.organisation.regionLevel);
  for (const role of user.roles) {
    if (role === "admin") sight.all = true;
    else if (role === "dispatcher" || role === "officer") sight.regionPrefixes!.push(area);
    else if (role === "grid_worker") sight.reporterUserId = user.id;
    else if (role === "department_staff") sight.dispatchedTo = user.organisation.id;
    else if (
      ["clerk", "mediator", "director"].includes(role) &&
      COMMITTEE_KINDS.includes(user.organisation.kind)
    ) {
      sight.dispatchedTo = user.organisation.id;
    }
  }
  return sight;
}

/** The centre's dispatcher (分流): at a governance centre. */
export function isDispatcher(actor: GridActor): actor is SessionUser {
  return (
    !isPartyActor(actor) && hasRole(actor, "dispatcher") && actor.organisation.kind === "governance_center"
  );
}

export function isDepartmentStaff(actor: GridActor): actor is SessionUser {
  return (
    !isPartyActor(actor) && hasRole(actor, "department_staff") && actor.organisation.kind === "department"
  );
}

export function isGridWorker(actor: GridActor): actor is SessionUser {
  return !isPartyActor(actor) && hasRole(actor, "grid_worker");
}
