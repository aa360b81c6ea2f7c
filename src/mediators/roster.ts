import type { Knex } from "knex";

export interface RosterEntry {
  userId: number;
  displayName: string;
  phone: string | null;
}

/**
 * The mediators of record a committee can designate today: its active users with the mediator
 * or director role. Pools, 五老 and sage teams extend this in the matching module.
 */
export async function committeeRoster(knex: Knex, organisationId: number): Promise<RosterEntry[]> {
  const rows = await knex("users as u")
    .join("user_roles as ur", "ur.user_id", "u.id")
    .where("u.organisation_id", organisationId)
    .where("u.active", true)
    .whereIn("ur.role", ["mediator", "director"])
    .distinct("u.id", "u.display_name", "u.phone")
    .orderBy("u.id");
  return rows.map((r: { id: number; display_name: string; phone: string | null }) => ({
    userId: Number(r.id),
    displayName: r.display_name,
    phone: r.phone ?? null,
  }));
}
