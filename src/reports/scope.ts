import type { Knex } from "knex";
import { scopeFor, type Scope, type SessionUser } from "../people/scope.js";

/**
 * Which cases a user's statistics cover: exactly the cases they may see (`whereVisible`).
 * Usually that can be said with the committee and the place alone, which the aggregates carry:
 * their committees, the committees sitting in their region subtree, and the disputes in it.
 * A judge (cases filed at their court) or a mediator assigned outside those committees needs the
 * case rows themselves; their statistics are summed from the daily facts joined to the cases.
 */
export type StatsScope =
  | { kind: "all" }
  | { kind: "places"; organisationIds: number[]; regionPrefixes: string[] }
  | { kind: "cases"; user: SessionUser; scope: Scope };

export async function statsScope(knex: Knex, user: SessionUser): Promise<StatsScope> {
  const scope = scopeFor(user);
  if (scope.all) return { kind: "all" };
  if (user.roles.includes("judge")) return { kind: "cases", user, scope };
  const orgIds = new Set(scope.organisationIds);
  for (const prefix of scope.regionPrefixes) {
    const rows = await knex("organisations").where("region_code", "like", `${prefix}%`).select("id");
    for (const r of rows as { id: number }[]) orgIds.add(Number(r.id));
  }
  const places: StatsScope = {
    kind: "places",
    organisationIds: [...orgIds],
    regionPrefixes: scope.regionPrefixes,
  };
  // A case the user leads or helps mediate is visible to them wherever it is.
  const outside = await knex("case_assignments as a")
    .join("mediators as m", "m.id", "a.mediator_id")
    .join("cases as c", "c.id", "a.case_id")
    .where("m.user_id", user.id)
    .whereNull("a.ended_at")
    .where((w) => {
      w.whereNotIn("c.organisation_id", places.organisationIds.length ? places.organisationIds : [-1]);
      for (const p of places.regionPrefixes) w.andWhere("c.region_code", "not like", `${p}%`);
    })
    .select("a.id")
    .first();
  return outside ? { kind: "cases", user, scope } : places;
}
